package org.ecgbench.databases;

import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.ptbxl.PtbXlDatabase;
import org.ecgbench.signal.preprocess.NanPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad inputs built from the real PTB-XL record 9 and CinC record JS00001 (committed test resources, copied into a
 * temp folder and corrupted there). Each case asserts an error naming the file and the problem, or a correct read
 * (with a warning, a NaN or a label problem where due).
 */
class DatabaseBadInputTest {
    interface Case {
        void run(Path dir) throws Exception;
    }

    static Arguments c(String name, Case c) {
        return Arguments.of(name, c);
    }

    static final String REC = "records500/00000/00009_hr";
    static final String JS = "chapman_shaoxing/JS00001";

    /** PTB-XL copy in dir/ptbxl; CinC copy in dir/cinc. */
    static Path ptb(Path d) { return d.resolve("ptbxl"); }
    static Path cinc(Path d) { return d.resolve("cinc"); }

    static void edit(Path f, String from, String to) throws IOException {
        String s = Files.readString(f, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from), "test setup: '" + from + "' not in " + f);
        Files.writeString(f, s.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)), StandardCharsets.ISO_8859_1);
    }

    static <T extends Throwable> T fails(Class<T> type, org.junit.jupiter.api.function.Executable ex, String... parts) {
        T e = assertThrows(type, ex);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        return e;
    }

    static Ecg12Record readPtb(Path d) {
        return new PtbXlDatabase(ptb(d), 500).read("9");
    }

    static Ecg12Record readJs(Path d) {
        return new CincDatabase(cinc(d)).read("JS00001");
    }

    /** Sets lead {@code lead} of the PTB-XL format-16 file to {@code v} at samples from..to (12 interleaved leads). */
    static void setPtb(Path dat, int lead, int from, int to, short v) throws IOException {
        byte[] b = Files.readAllBytes(dat);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i <= to; i++) bb.putShort((i * 12 + lead) * 2, v);
        Files.write(dat, b);
    }

    /** Sets lead {@code lead} of the CinC MAT v4 int16 'val' (12 x 5000, column-major, data at byte 24). */
    static void setMat(Path mat, int lead, int from, int to, short v) throws IOException {
        byte[] b = Files.readAllBytes(mat);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i <= to; i++) bb.putShort(24 + (i * 12 + lead) * 2, v);
        Files.write(mat, b);
    }

    static int nans(float[] x) {
        int n = 0;
        for (float v : x) if (Float.isNaN(v)) n++;
        return n;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---------- PTB-XL (WFDB format 16) ----------
                c("PTB-XL reads", d -> {
                    Ecg12Record r = readPtb(d);
                    assertEquals(12, r.leadNames().length);
                    assertEquals(5000, r.length());
                    assertEquals(List.of("NORM", "SR"), r.labels());
                    assertEquals("WFDB -32768", r.invalidCause());
                    assertEquals(List.of(), r.warnings());
                    for (float[] l : r.mv()) assertEquals(0, nans(l));
                }),
                c("PTB-XL truncated .dat", d -> {
                    Path dat = ptb(d).resolve(REC + ".dat");
                    Files.write(dat, Arrays.copyOf(Files.readAllBytes(dat), 70001));
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.dat", "truncated signal file", "120000", "70001",
                            "00009_hr.hea");
                }),
                c("PTB-XL empty .dat", d -> {
                    Files.write(ptb(d).resolve(REC + ".dat"), new byte[0]);
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.dat", "empty signal file");
                }),
                c("PTB-XL missing .dat", d -> {
                    Files.delete(ptb(d).resolve(REC + ".dat"));
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.dat", "does not exist", "00009_hr.hea");
                }),
                c("PTB-XL missing .hea", d -> {
                    Files.delete(ptb(d).resolve(REC + ".hea"));
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.hea", "does not exist", "ecg_id 9");
                }),
                c("PTB-XL bad gain", d -> {
                    edit(ptb(d).resolve(REC + ".hea"), "1000.0(0)/mV 16 0 -85", "1000.O(0)/mV 16 0 -85");
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.hea:3", "ADC gain", "'1000.O(0)/mV'");
                }),
                c("PTB-XL unsupported format", d -> {
                    Path hea = ptb(d).resolve(REC + ".hea");
                    Files.writeString(hea, Files.readString(hea).replace(".dat 16 ", ".dat 24 "));
                    fails(IllegalArgumentException.class, () -> readPtb(d), "00009_hr.hea", "WFDB format 24 is not supported");
                }),
                c("PTB-XL -32768 invalid samples become NaN; error policy names record, lead, range", d -> {
                    setPtb(ptb(d).resolve(REC + ".dat"), 1, 1000, 1011, (short) -32768);
                    Ecg12Record r = readPtb(d);
                    assertEquals(12, nans(r.mv()[1]));
                    assertEquals(0, nans(r.mv()[0]));
                    assertTrue(r.warnings().size() == 1 && r.warnings().get(0).contains("lead II: 12 invalid samples (WFDB -32768) at 1000-1011")
                            && r.warnings().get(0).contains("00009_hr.dat"), r.warnings().toString());
                    float[] ii = r.mv()[1].clone();
                    fails(NanPolicy.InvalidSamplesException.class, () -> NanPolicy.ERROR.apply(ii, r.id(), "II", r.invalidCause()),
                            "record 9, lead II: 12 invalid samples (WFDB -32768) at 1000-1011");
                    assertEquals(12, NanPolicy.INTERPOLATE.apply(ii, r.id(), "II", r.invalidCause()));
                    assertEquals(0, nans(ii));
                }),
                c("PTB-XL wrong sampling rate vs the one asked", d -> {
                    Path lr = Files.createDirectories(ptb(d).resolve("records100/00000"));
                    Files.copy(ptb(d).resolve(REC + ".hea"), lr.resolve("00009_lr.hea"));
                    Files.copy(ptb(d).resolve(REC + ".dat"), lr.resolve("00009_lr.dat"));
                    edit(lr.resolve("00009_lr.hea"), "00009_hr 12", "00009_lr 12");
                    fails(IllegalArgumentException.class, () -> new PtbXlDatabase(ptb(d), 100).read("9"), "00009_lr.hea",
                            "says 500 Hz, but this database was opened for 100 Hz");
                    fails(IllegalArgumentException.class, () -> new PtbXlDatabase(ptb(d), 250), "must be 100 or 500 Hz, got 250");
                }),
                c("PTB-XL malformed scp_codes", d -> {
                    edit(ptb(d).resolve("ptbxl_database.csv"), "{'NORM': 100.0, 'SR': 0.0}", "{'NORM': 100.0, 'SR' 0.0}");
                    fails(IllegalArgumentException.class, () -> new PtbXlDatabase(ptb(d), 500), "ptbxl_database.csv", "ecg_id 9",
                            "scp_codes");
                }),
                c("PTB-XL empty scp_codes: label problem, not a silent drop", d -> {
                    edit(ptb(d).resolve("ptbxl_database.csv"), "\"{'NORM': 100.0, 'SR': 0.0}\"", "{}");
                    PtbXlDatabase db = new PtbXlDatabase(ptb(d), 500);
                    assertEquals(List.of(), db.metadata("9").labels());
                    Map<String, String> bad = db.unlabelable(List.of("9", "77"));
                    assertEquals(List.of("9", "77"), List.copyOf(bad.keySet()));
                    assertTrue(bad.get("9").contains("scp_codes '{}' is empty") && bad.get("9").contains("ptbxl_database.csv"), bad.get("9"));
                    assertTrue(bad.get("77").contains("no PTB-XL record with ecg_id '77'"), bad.get("77"));
                }),
                c("PTB-XL symlinked root folder reads", d -> {
                    Path link = Files.createSymbolicLink(d.resolve("ptbxl-link"), ptb(d));
                    Ecg12Record r = new PtbXlDatabase(link, 500).read("9");
                    assertArrayEquals(readPtb(d).mv()[5], r.mv()[5]);
                }),
                c("PTB-XL symlinked record folder reads", d -> {
                    Path real = Files.createDirectories(d.resolve("elsewhere"));
                    Path folder = ptb(d).resolve("records500/00000");
                    Files.move(folder, real.resolve("00000"));
                    Files.createSymbolicLink(folder, real.resolve("00000"));
                    assertEquals(5000, readPtb(d).length());
                }),
                c("PTB-XL header record name differs from file name: warning", d -> {
                    edit(ptb(d).resolve(REC + ".hea"), "00009_hr 12", "00010_hr 12");
                    Ecg12Record r = readPtb(d);
                    assertEquals(1, r.warnings().size());
                    assertTrue(r.warnings().get(0).contains("00009_hr.hea") && r.warnings().get(0).contains("record name '00010_hr'"),
                            r.warnings().get(0));
                }),
                // ---------- CinC (WFDB header + MAT v4) ----------
                c("CinC reads", d -> {
                    CincDatabase db = new CincDatabase(cinc(d));
                    Ecg12Record r = db.read("JS00001");
                    assertEquals("chapman_shaoxing", r.database());
                    assertEquals(List.of("164889003", "59118001", "164934002"), r.labels());
                    assertEquals("MAT int16 -32768", r.invalidCause());
                    assertEquals(List.of(), r.warnings());
                    assertNull(db.labelProblem("JS00001"));
                    assertEquals((-254 - 0) / 1000.0, r.mv()[0][0], 1e-6, "first sample of lead I = initial value -254 adu at 1000/mV");
                }),
                c("CinC truncated .mat", d -> {
                    Path mat = cinc(d).resolve(JS + ".mat");
                    Files.write(mat, Arrays.copyOf(Files.readAllBytes(mat), 60000));
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "truncated");
                }),
                c("CinC empty .mat", d -> {
                    Files.write(cinc(d).resolve(JS + ".mat"), new byte[0]);
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "empty file");
                }),
                c("CinC garbage .mat", d -> {
                    byte[] g = new byte[2000];
                    new Random(14).nextBytes(g);
                    g[3] = (byte) 0x7f; // a type word no MAT v4 file has, in either byte order
                    g[0] = (byte) 0x7f;
                    Files.write(cinc(d).resolve(JS + ".mat"), g);
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "not a MATLAB v4 matrix header");
                }),
                c("CinC missing .mat", d -> {
                    Files.delete(cinc(d).resolve(JS + ".mat"));
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "does not exist", "JS00001.hea");
                }),
                c("CinC missing .hea (deleted after the scan)", d -> {
                    CincDatabase db = new CincDatabase(cinc(d));
                    Files.delete(cinc(d).resolve(JS + ".hea"));
                    fails(UncheckedIOException.class, () -> db.read("JS00001"), "JS00001.hea", "not found");
                    assertTrue(db.labelProblem("JS00001").contains("JS00001.hea"), db.labelProblem("JS00001"));
                }),
                c("CinC folder without any .hea", d -> {
                    Files.delete(cinc(d).resolve(JS + ".hea"));
                    fails(IllegalArgumentException.class, () -> new CincDatabase(cinc(d)), "no .hea files under", "cinc");
                }),
                c("CinC MAT with the wrong variable name", d -> {
                    Path mat = cinc(d).resolve(JS + ".mat");
                    byte[] b = Files.readAllBytes(mat);
                    b[22] = 'x'; // "val" -> "vax"
                    Files.write(mat, b);
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "has no matrix named 'val' (found [vax])");
                }),
                c("CinC MAT with the wrong shape (transposed)", d -> {
                    Path mat = cinc(d).resolve(JS + ".mat");
                    byte[] b = Files.readAllBytes(mat);
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 5000).putInt(8, 12);
                    Files.write(mat, b);
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "'val' has 5000 rows", "declares 12 signals",
                            "transposed");
                }),
                c("CinC header samples differ from the MAT columns", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "JS00001 12 500 5000", "JS00001 12 500 4000");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.mat", "'val' has 5000 samples", "declares 4000");
                }),
                c("CinC negative number of samples", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "JS00001 12 500 5000", "JS00001 12 500 -5");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea:1", "number of samples -5 is negative");
                }),
                c("CinC non-numeric number of samples", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "JS00001 12 500 5000", "JS00001 12 500 5k");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea:1", "number of samples must be an integer, got '5k'");
                }),
                c("CinC bad number of signals", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "JS00001 12 500", "JS00001 12.0 500");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea:1", "number of signals must be an integer, got '12.0'");
                }),
                c("CinC too few signal lines", d -> {
                    Path hea = cinc(d).resolve(JS + ".hea");
                    Files.writeString(hea, Files.readString(hea).replaceAll("JS00001\\.mat [^\\n]* V6\\n", ""));
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea:1", "announces 12 signals but 11 signal lines follow");
                }),
                c("CinC bad sampling frequency", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "JS00001 12 500", "JS00001 12 -500");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea:1", "sampling frequency must be a positive number");
                }),
                c("CinC unsupported units", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "1000/mV", "1000/furlong");
                    fails(IllegalArgumentException.class, () -> readJs(d), "JS00001.hea", "unsupported signal units 'furlong'");
                }),
                c("CinC int16 -32768 in the MAT file becomes NaN", d -> {
                    setMat(cinc(d).resolve(JS + ".mat"), 7, 100, 102, (short) -32768);
                    Ecg12Record r = readJs(d);
                    assertEquals(3, nans(r.mv()[7]));
                    assertTrue(r.warnings().get(0).contains("lead V2: 3 invalid samples (MAT int16 -32768) at 100-102"), r.warnings().toString());
                    fails(NanPolicy.InvalidSamplesException.class,
                            () -> NanPolicy.ERROR.apply(r.mv(), Arrays.asList(r.leadNames()), r.id(), null),
                            "record JS00001, lead V2: 3 invalid samples at 100-102");
                }),
                c("CinC all-NaN lead", d -> {
                    setMat(cinc(d).resolve(JS + ".mat"), 0, 0, 4999, (short) -32768);
                    Ecg12Record r = readJs(d);
                    assertEquals(5000, nans(r.mv()[0]));
                    float[] lead = r.mv()[0].clone();
                    fails(NanPolicy.InvalidSamplesException.class, () -> NanPolicy.ERROR.apply(lead, r.id(), "I", r.invalidCause()),
                            "record JS00001, lead I: 5000 invalid samples (MAT int16 -32768) at 0-4999 (the whole lead)");
                    assertEquals(5000, NanPolicy.LEAD_MEAN.apply(lead, r.id(), "I", r.invalidCause()));
                    assertEquals(0f, lead[2500]);
                }),
                c("CinC flat lead reads", d -> {
                    setMat(cinc(d).resolve(JS + ".mat"), 1, 0, 4999, (short) 0); // lead II at its baseline (ADC zero 0)
                    Ecg12Record r = readJs(d);
                    for (float v : r.mv()[1]) assertEquals(0f, v);
                    assertEquals(List.of(), r.warnings());
                }),
                c("CinC header without #Dx: read OK, reported as unlabelable", d -> {
                    Path hea = cinc(d).resolve(JS + ".hea");
                    Files.writeString(hea, Files.readString(hea).replaceAll("#Dx:[^\\n]*\\n", ""));
                    CincDatabase db = new CincDatabase(cinc(d));
                    assertEquals(List.of(), db.read("JS00001").labels());
                    Map<String, String> bad = db.unlabelable(List.of("JS00001", "JS99999"));
                    assertTrue(bad.get("JS00001").contains("JS00001.hea has no #Dx line"), bad.toString());
                    assertTrue(bad.get("JS99999").contains("no CinC record 'JS99999'"), bad.toString());
                }),
                c("CinC empty #Dx", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), "#Dx: 164889003,59118001,164934002", "#Dx: ");
                    assertTrue(new CincDatabase(cinc(d)).labelProblem("JS00001").contains("#Dx line is empty"));
                }),
                c("CinC record name differs from file name: warning", d -> {
                    Files.move(cinc(d).resolve(JS + ".hea"), cinc(d).resolve("chapman_shaoxing/JS09999.hea"));
                    Ecg12Record r = new CincDatabase(cinc(d)).read("JS09999");
                    assertEquals(5000, r.length());
                    assertTrue(r.warnings().size() == 1 && r.warnings().get(0).contains("JS09999.hea")
                            && r.warnings().get(0).contains("record name 'JS00001'"), r.warnings().toString());
                }),
                c("CinC duplicate signal names: warning", d -> {
                    edit(cinc(d).resolve(JS + ".hea"), " V6\n", " V5\n");
                    Ecg12Record r = readJs(d);
                    assertEquals(10, r.leadIndex("V5"));
                    assertTrue(r.warnings().size() == 1 && r.warnings().get(0).contains("'V5' is used by 2 signals")
                            && r.warnings().get(0).contains("JS00001.hea"), r.warnings().toString());
                }),
                c("CinC symlinked source folder is followed", d -> {
                    Path real = Files.createDirectories(d.resolve("elsewhere"));
                    Files.move(cinc(d).resolve("chapman_shaoxing"), real.resolve("chapman_shaoxing"));
                    Files.createSymbolicLink(cinc(d).resolve("chapman_shaoxing"), real.resolve("chapman_shaoxing"));
                    CincDatabase db = new CincDatabase(cinc(d));
                    assertEquals(List.of("JS00001"), db.recordIds());
                    assertEquals("chapman_shaoxing", db.database("JS00001"));
                    assertEquals(5000, db.read("JS00001").length());
                }),
                c("CinC symlinked files are followed", d -> {
                    Path real = Files.createDirectories(d.resolve("elsewhere"));
                    Path dir = cinc(d).resolve("chapman_shaoxing");
                    for (String ext : List.of(".hea", ".mat")) {
                        Files.move(dir.resolve("JS00001" + ext), real.resolve("JS00001" + ext));
                        Files.createSymbolicLink(dir.resolve("JS00001" + ext), real.resolve("JS00001" + ext));
                    }
                    assertEquals(12, readJs(d).mv().length);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(String name, Case c, @TempDir Path tmp) throws Exception {
        TestData.copyReal("ptbxl", tmp.resolve("ptbxl"));
        TestData.copyReal("cinc", tmp.resolve("cinc"));
        c.run(tmp);
    }
}
