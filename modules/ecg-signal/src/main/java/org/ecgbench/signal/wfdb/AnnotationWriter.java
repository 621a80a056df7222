package org.ecgbench.signal.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes MIT-format WFDB annotation files, the format {@link AnnotationReader} (and WFDB's {@code rdann}, {@code wrann},
 * {@code bxb}) read: one 16-bit little-endian word per annotation, code in the top 6 bits and the sample increment
 * from the previous annotation in the low 10; an increment above 1023 is written as a SKIP pseudo-annotation (code 59,
 * a 32-bit increment in PDP-11 order: high 16-bit word first, each word little-endian) followed by the annotation with
 * increment 0; {@code num}, {@code sub} and {@code chan} are written as NUM/SUB/CHAN pseudo-annotations after the
 * annotation word only when they differ from WFDB's running values (num and chan persist; sub does not), an
 * {@code aux} string as AUX (code 63, length in the low 10 bits counting a terminating NUL, the bytes padded to an even length); a zero word ends
 * the file. Annotations are written in time order (stable for equal samples), as WFDB requires.
 */
public final class AnnotationWriter {
    private static final int SKIP = 59, NUM = 60, SUB = 61, CHAN = 62, AUX = 63;

    private AnnotationWriter() {}

    /** The file's bytes. */
    public static byte[] encode(List<Annotation> annotations) {
        List<Annotation> sorted = new ArrayList<>(annotations);
        sorted.sort(Comparator.comparingLong(Annotation::sample));
        ByteArrayOutputStream out = new ByteArrayOutputStream(sorted.size() * 2 + 2);
        long time = 0;
        int num = 0, chan = 0;
        for (Annotation a : sorted) {
            if (a.code() < 1 || a.code() > 49) throw new IllegalArgumentException("annotation code " + a.code() + " at sample " + a.sample() + " is not 1..49");
            if (a.sample() < 0) throw new IllegalArgumentException("negative annotation sample " + a.sample());
            long delta = a.sample() - time;
            if (delta > 1023) {
                if (delta > 0x7FFFFFFFL) throw new IllegalArgumentException("sample increment " + delta + " does not fit in 32 bits");
                word(out, SKIP << 10);
                word(out, (int) ((delta >>> 16) & 0xFFFF));
                word(out, (int) (delta & 0xFFFF));
                delta = 0;
            }
            word(out, (a.code() << 10) | (int) delta);
            time = a.sample();
            if (a.subtype() != 0) word(out, (SUB << 10) | (a.subtype() & 0x3FF));
            if (a.chan() != chan) {
                word(out, (CHAN << 10) | (a.chan() & 0x3FF));
                chan = a.chan();
            }
            if (a.num() != num) {
                word(out, (NUM << 10) | (a.num() & 0x3FF));
                num = a.num();
            }
            if (a.aux() != null && !a.aux().isEmpty()) {
                byte[] s = a.aux().getBytes(StandardCharsets.ISO_8859_1);
                if (s.length > 254) throw new IllegalArgumentException("aux string longer than 254 bytes at sample " + a.sample());
                // as WFDB's wrann writes rhythm strings: the length counts a terminating NUL; odd lengths get a pad byte
                int len = s.length + 1;
                word(out, (AUX << 10) | len);
                out.write(s, 0, s.length);
                out.write(0);
                if ((len & 1) == 1) out.write(0);
            }
        }
        word(out, 0);
        return out.toByteArray();
    }

    /** Writes {@code annotations} to {@code file} (atomically: a temporary file in the same folder, then a rename). */
    public static void write(Path file, List<Annotation> annotations) throws IOException {
        byte[] b = encode(annotations);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, b);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The standard code of a WFDB mnemonic ({@code N}, {@code V}, {@code A}, ...), or -1 when it is none. */
    public static int code(String symbol) {
        for (int c = 1; c <= 49; c++) if (AnnotationCodes.symbol(c).equals(symbol)) return c;
        return -1;
    }

    private static void word(ByteArrayOutputStream out, int w) {
        out.write(w & 0xFF);
        out.write((w >>> 8) & 0xFF);
    }
}
