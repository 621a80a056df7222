package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MIT-format WFDB annotation files (e.g. {@code .atr}): 16-bit little-endian words with the
 * code in the top 6 bits and the time increment in the low 10; pseudo-codes SKIP (59, a 32-bit
 * PDP-11 ordered increment follows), NUM (60), SUB (61), CHAN (62) and AUX (63, a byte string padded
 * to an even length) modify the annotation before them; a zero word ends the file.
 */
public final class AnnotationReader {
    private AnnotationReader() {}

    private static final int SKIP = 59, NUM = 60, SUB = 61, CHAN = 62, AUX = 63;

    public static List<Annotation> read(Path atr) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(atr);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(atr.toString(), null, "annotation file not found");
        }
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int num = 0, chan = 0;
        // fields of the annotation being assembled
        long aTime = 0;
        int aCode = -1, aSub = 0, aChan = 0, aNum = 0;
        String aAux = null;
        int i = 0;
        boolean ended = false;
        while (i + 1 < b.length) {
            int w = (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
            i += 2;
            int a = w >>> 10;
            int v = w & 0x3FF;
            if (a == 0 && v == 0) {
                ended = true;
                break;
            }
            switch (a) {
                case SKIP -> {
                    if (i + 4 > b.length) throw new WfdbFormatException(atr, "truncated SKIP at byte " + (i - 2));
                    int hi = (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
                    int lo = (b[i + 2] & 0xFF) | ((b[i + 3] & 0xFF) << 8);
                    i += 4;
                    time += (hi << 16) | lo;
                }
                case NUM -> {
                    num = v > 511 ? v - 1024 : v;
                    aNum = num;
                }
                case SUB -> aSub = v > 511 ? v - 1024 : v;
                case CHAN -> {
                    chan = v;
                    aChan = chan;
                }
                case AUX -> {
                    if (i + v > b.length) throw new WfdbFormatException(atr, "truncated AUX string at byte " + (i - 2));
                    int len = v;
                    int end = i + len;
                    int z = i;
                    while (z < end && b[z] != 0) z++;
                    aAux = new String(b, i, z - i, StandardCharsets.ISO_8859_1);
                    i += len + (len & 1);
                }
                default -> {
                    if (a > 49) throw new WfdbFormatException(atr, "invalid annotation code " + a + " at byte " + (i - 2));
                    if (aCode >= 0) out.add(new Annotation(aTime, aCode, AnnotationCodes.symbol(aCode), aSub, aChan, aNum, aAux));
                    time += v;
                    aTime = time;
                    aCode = a;
                    aSub = 0;
                    aChan = chan;
                    aNum = num;
                    aAux = null;
                }
            }
        }
        if (aCode >= 0) out.add(new Annotation(aTime, aCode, AnnotationCodes.symbol(aCode), aSub, aChan, aNum, aAux));
        if (!ended) throw new WfdbFormatException(atr, "truncated annotation file: no end-of-file marker after " + out.size() + " annotations");
        return out;
    }
}
