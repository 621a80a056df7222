package org.ecgbench.signal.wfdb;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ecgbench.signal.TestData;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.preprocess.NanPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs built from the real MIT-BIH record 100 (committed test resource, copied to a temp folder and corrupted
 * there): each case asserts an error naming the file and the problem, or a correct read (with a warning where due).
 */
class WfdbBadInputTest {
    interface Case {
        void run(Path dir) throws Exception;
    }

    static Arguments c(String name, Case c) {
        return Arguments.of(name, c);
    }

    static void edit(Path f, String from, String to) throws IOException {
        String s = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from), "test setup: '" + from + "' not in " + f);
        Files.writeString(f, s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)),
                StandardCharsets.ISO_8859_1);
    }

    /** Sets MLII (signal 0 of the format-212 file) to the WFDB invalid value -2048 at samples from..to. */
    static void invalidate212(Path dat, int from, int to) throws IOException {
        byte[] b = Files.readAllBytes(dat);
        for (int i = from; i <= to; i++) {
            b[3 * i] = 0;
            b[3 * i + 1] = (byte) ((b[3 * i + 1] & 0xF0) | 0x08);
        }
        Files.write(dat, b);
    }

    static <T extends Throwable> T fails(Class<T> type, Path dir, String... parts) {
        T e = assertThrows(type, () -> WfdbRecord.read(dir.resolve("100.hea")));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        return e;
    }

    static BeatExtractor extractor() {
        return new BeatExtractor(List.of("MLII"), 360, 180, List.of(), List.of(), BeatLabels.byName("aami5"), 5);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("truncated .dat", d -> {
                    byte[] b = Files.readAllBytes(d.resolve("100.dat"));
                    Files.write(d.resolve("100.dat"), Arrays.copyOf(b, b.length / 2));
                    fails(WfdbFormatException.class, d, "100.dat", "truncated signal file", "1950000", "975000");
                }),
                c("empty .dat", d -> {
                    Files.write(d.resolve("100.dat"), new byte[0]);
                    fails(WfdbFormatException.class, d, "100.dat", "empty signal file");
                }),
                c("missing .dat", d -> {
                    Files.delete(d.resolve("100.dat"));
                    fails(NoSuchFileException.class, d, "100.dat", "not found");
                }),
                c("missing .hea", d -> {
                    Files.delete(d.resolve("100.hea"));
                    fails(NoSuchFileException.class, d, "100.hea", "not found");
                }),
                c("bad gain", d -> {
                    edit(d.resolve("100.hea"), "212 200 11", "212 2x0 11");
                    fails(WfdbFormatException.class, d, "100.hea:2", "ADC gain", "'2x0'");
                }),
                c("bad sampling frequency", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100 2 fast");
                    fails(WfdbFormatException.class, d, "100.hea:1", "sampling frequency", "'fast'");
                }),
                c("zero sampling frequency", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100 2 0");
                    fails(WfdbFormatException.class, d, "100.hea:1", "sampling frequency must be a positive number, got '0'");
                }),
                c("bad number of signals", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100 two 360");
                    fails(WfdbFormatException.class, d, "100.hea:1", "number of signals must be an integer, got 'two'");
                }),
                c("negative number of signals", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100 -2 360");
                    fails(WfdbFormatException.class, d, "100.hea:1", "number of signals -2 is negative");
                }),
                c("non-numeric number of samples", d -> {
                    edit(d.resolve("100.hea"), "360 650000", "360 many");
                    fails(WfdbFormatException.class, d, "100.hea:1", "number of samples must be an integer, got 'many'");
                }),
                c("negative number of samples", d -> {
                    edit(d.resolve("100.hea"), "360 650000", "360 -5");
                    fails(WfdbFormatException.class, d, "100.hea:1", "number of samples -5 is negative");
                }),
                c("number of samples absent: inferred from the file", d -> {
                    edit(d.resolve("100.hea"), "360 650000", "360");
                    WfdbRecord r = WfdbRecord.read(d.resolve("100.hea"));
                    assertEquals(650000, r.length());
                    assertEquals(r.header().signal(0).checksum(), r.checksum(0));
                }),
                c("too few signal lines", d -> {
                    String h = Files.readString(d.resolve("100.hea"), StandardCharsets.ISO_8859_1);
                    Files.writeString(d.resolve("100.hea"), h.replaceAll("100\\.dat 212 200 11 1024 \\S+ \\S+ 0 V5\\r?\\n", ""),
                            StandardCharsets.ISO_8859_1);
                    fails(WfdbFormatException.class, d, "100.hea:1", "announces 2 signals but 1 signal line follows");
                }),
                c("more signal lines than announced", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100 1 360");
                    fails(WfdbFormatException.class, d, "100.hea:3", "more signal lines than the 1 announced");
                }),
                c("unsupported format", d -> {
                    String h = Files.readString(d.resolve("100.hea"), StandardCharsets.ISO_8859_1);
                    Files.writeString(d.resolve("100.hea"), h.replace("100.dat 212 ", "100.dat 310 "), StandardCharsets.ISO_8859_1);
                    fails(WfdbFormatException.class, d, "100.dat", "unsupported format 310");
                }),
                c("malformed format field", d -> {
                    edit(d.resolve("100.hea"), "100.dat 212 ", "100.dat 21a2 ");
                    fails(WfdbFormatException.class, d, "100.hea:2", "cannot parse format field '21a2'");
                }),
                c("byte offset beyond the end of the file", d -> {
                    String h = Files.readString(d.resolve("100.hea"), StandardCharsets.ISO_8859_1);
                    Files.writeString(d.resolve("100.hea"), h.replace("100.dat 212 ", "100.dat 212+99999999 "), StandardCharsets.ISO_8859_1);
                    fails(WfdbFormatException.class, d, "100.dat", "byte offset 99999999 is beyond the end");
                }),
                c("multi-segment record line", d -> {
                    edit(d.resolve("100.hea"), "100 2 360", "100/2 2 360");
                    fails(WfdbFormatException.class, d, "100.hea:1", "multi-segment");
                }),
                c("empty header", d -> {
                    Files.writeString(d.resolve("100.hea"), "# nothing\n");
                    fails(WfdbFormatException.class, d, "100.hea:1", "no record line");
                }),
                c("truncated .atr", d -> {
                    byte[] b = Files.readAllBytes(d.resolve("100.atr"));
                    Files.write(d.resolve("100.atr"), Arrays.copyOf(b, b.length / 3));
                    WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.read(d.resolve("100.atr")));
                    assertTrue(e.getMessage().contains("100.atr") && e.getMessage().contains("truncated"), e.getMessage());
                }),
                c("garbage .atr", d -> {
                    byte[] g = new byte[4096];
                    new Random(14).nextBytes(g);
                    Files.write(d.resolve("100.atr"), g);
                    WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.read(d.resolve("100.atr")));
                    assertTrue(e.getMessage().contains("100.atr")
                            && (e.getMessage().contains("invalid annotation code") || e.getMessage().contains("truncated")), e.getMessage());
                }),
                c("-2048 invalid samples: NaN, and an error in the beat pipeline", d -> {
                    invalidate212(d.resolve("100.dat"), 1000, 1011);
                    WfdbRecord r = WfdbRecord.read(d.resolve("100.hea"));
                    assertEquals(12, r.invalidCount(0));
                    double[] mv = r.millivolts(0);
                    assertTrue(Double.isNaN(mv[1000]) && Double.isNaN(mv[1011]) && !Double.isNaN(mv[999]) && !Double.isNaN(mv[1012]));
                    assertEquals(List.of(new NanPolicy.Run(1000, 1011)), NanPolicy.runs(mv));
                    WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> extractor().extract(d, List.of("100")));
                    assertTrue(e.getMessage().contains("100.hea")
                            && e.getMessage().contains("record 100, lead MLII: 12 invalid samples (WFDB -2048) at 1000-1011"), e.getMessage());
                }),
                c("all-invalid lead", d -> {
                    invalidate212(d.resolve("100.dat"), 0, 649999);
                    WfdbRecord r = WfdbRecord.read(d.resolve("100.hea"));
                    assertEquals(650000, r.invalidCount(0));
                    assertEquals(0, r.invalidCount(1), "V5 untouched");
                    WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> extractor().extract(d, List.of("100")));
                    assertTrue(e.getMessage().contains("650000 invalid samples (WFDB -2048) at 0-649999 (the whole lead)"), e.getMessage());
                }),
                c("flat lead reads", d -> {
                    byte[] b = Files.readAllBytes(d.resolve("100.dat"));
                    for (int i = 0; i < 650000; i++) { // MLII = 1024 (its ADC zero) everywhere, V5 kept
                        b[3 * i] = 0;
                        b[3 * i + 1] = (byte) ((b[3 * i + 1] & 0xF0) | 0x04);
                    }
                    Files.write(d.resolve("100.dat"), b);
                    WfdbRecord r = WfdbRecord.read(d.resolve("100.hea"));
                    assertEquals(0, r.invalidCount(0));
                    double[] mv = r.millivolts(0);
                    assertEquals(0.0, mv[0]);
                    assertEquals(0.0, mv[649999]);
                }),
                c("record name differs from file name: warning", d -> {
                    Files.move(d.resolve("100.hea"), d.resolve("rec.hea"));
                    WfdbRecord r = WfdbRecord.read(d.resolve("rec.hea"));
                    assertEquals(650000, r.length());
                    assertEquals(1, r.warnings().size(), r.warnings().toString());
                    assertTrue(r.warnings().get(0).contains("rec.hea") && r.warnings().get(0).contains("record name '100'"), r.warnings().get(0));
                }),
                c("duplicate signal names: warning", d -> {
                    String h = Files.readString(d.resolve("100.hea"), StandardCharsets.ISO_8859_1);
                    Files.writeString(d.resolve("100.hea"), h.replace(" V5", " MLII"), StandardCharsets.ISO_8859_1);
                    WfdbRecord r = WfdbRecord.read(d.resolve("100.hea"));
                    assertEquals(0, r.signalIndex("MLII"));
                    assertEquals(1, r.warnings().size());
                    assertTrue(r.warnings().get(0).contains("100.hea") && r.warnings().get(0).contains("'MLII' is used by 2 signals"),
                            r.warnings().get(0));
                }),
                c("symlinked folder reads", d -> {
                    Path link = Files.createSymbolicLink(d.resolveSibling(d.getFileName() + "-link"), d);
                    WfdbRecord r = WfdbRecord.read(link.resolve("100.hea"));
                    assertEquals(r.header().signal(0).checksum(), r.checksum(0));
                    assertEquals(2273, AnnotationReader.read(link.resolve("100.atr")).stream().filter(Annotation::isBeat).count());
                    Files.delete(link);
                }),
                c("symlinked files read", d -> {
                    Path other = Files.createDirectories(d.resolve("links"));
                    for (String ext : List.of(".hea", ".dat")) Files.createSymbolicLink(other.resolve("100" + ext), d.resolve("100" + ext));
                    WfdbRecord r = WfdbRecord.read(other.resolve("100.hea"));
                    assertEquals(r.header().signal(1).checksum(), r.checksum(1));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(String name, Case c, @TempDir Path tmp) throws Exception {
        c.run(TestData.copyRecord100(tmp.resolve("rec")));
    }
}
