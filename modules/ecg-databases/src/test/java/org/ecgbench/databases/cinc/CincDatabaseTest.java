package org.ecgbench.databases.cinc;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.signal.wfdb.WfdbFormatException;
import org.ecgbench.signal.wfdb.WfdbSignalFile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class CincDatabaseTest {
    static CincDatabase db2021;
    static CincDatabase db2020;

    /** The shared subset (opened once), or skips the calling test when ../shared/data is absent. */
    static synchronized CincDatabase db2021() {
        if (db2021 == null) db2021 = new CincDatabase(TestData.cinc2021());
        return db2021;
    }

    static synchronized CincDatabase db2020() {
        if (db2020 == null) db2020 = new CincDatabase(TestData.cinc2020());
        return db2020;
    }

    @Test
    void scansAllRecordsWithSourceDatabaseFromFolder() {
        assertEquals(226, db2021().recordIds().size());
        Map<String, Integer> perDb = new TreeMap<>();
        for (String id : db2021().recordIds()) perDb.merge(db2021().database(id), 1, Integer::sum);
        assertEquals(Map.of("georgia", 70, "ningbo", 66, "ptb-xl", 37, "chapman_shaoxing", 19, "cpsc_2018", 14,
                "cpsc_2018_extra", 10, "ptb", 10), perDb);
        assertEquals(28, db2020().recordIds().size());
    }

    @Test
    void headerFieldsAndLabelsOfChapmanRecord() {
        Metadata m = db2021().metadata("JS00001");
        assertEquals("chapman_shaoxing", m.database());
        assertEquals(500.0, m.fs());
        assertEquals(5000, m.nSamples());
        assertEquals(85, m.age());
        assertEquals("Male", m.sex());
        assertEquals(List.of("164889003", "59118001", "164934002"), m.labels());
        assertNull(m.patientId());
        CincHeader h = db2021().header("JS00001");
        assertArrayEquals(new String[]{"I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"}, h.leadNames());
        assertEquals(24, h.signals().get(0).byteOffset());
        assertEquals(1000.0, h.signals().get(0).gain());
    }

    @Test
    void firstSampleEqualsInitialValueOverGainForEveryLead() {
        for (String id : List.of("JS00001", "A0001", "HR00001", "S0001", "E00009")) {
            Ecg12Record r = db2021().read(id);
            CincHeader h = db2021().header(id);
            assertEquals(12, r.mv().length, id);
            for (int i = 0; i < 12; i++) {
                CincHeader.Signal s = h.signals().get(i);
                assertEquals((s.initialValue() - s.baseline()) / s.gain(), r.mv()[i][0], 1e-6, id + " lead " + i);
                assertEquals(h.nSamples(), r.mv()[i].length);
            }
        }
    }

    @Test
    void ptbRecordIsAt1000Hz() {
        Ecg12Record r = db2021().read("S0001");
        assertEquals(1000.0, r.fs());
        assertEquals(38400, r.length());
        assertEquals(81, r.age());
        assertEquals("Female", r.sex());
    }

    /** Median over 1-s windows of the largest deviation from the lead median: a robust R-peak amplitude. */
    static double typicalPeak(float[] x, int fs) {
        float[] c = x.clone();
        Arrays.sort(c);
        double med = c[c.length / 2];
        int nw = x.length / fs;
        double[] peaks = new double[nw];
        for (int w = 0; w < nw; w++) {
            double m = 0;
            for (int j = w * fs; j < (w + 1) * fs; j++) m = Math.max(m, Math.abs(x[j] - med));
            peaks[w] = m;
        }
        Arrays.sort(peaks);
        return peaks[nw / 2];
    }

    @Test
    void georgia2020Gain4880IsCorrectedToPlausibleMillivolts() {
        CincHeader h = db2020().header("E00009");
        assertEquals(4880.0, h.signals().get(0).gain(), "the 2020 header carries the known wrong gain");
        Ecg12Record r2020 = db2020().read("E00009");
        Ecg12Record r2021 = db2021().read("E00009");
        // same .mat bytes, 2021 header says 1000/mV: the corrected 2020 read must equal the 2021 read
        for (int i = 0; i < 12; i++) assertArrayEquals(r2021.mv()[i], r2020.mv()[i], 1e-6f);
        for (String id : List.of("E00009", "E00015")) {
            Ecg12Record r = db2020().read(id);
            double peak = typicalPeak(r.mv()[r.leadIndex("II")], 500);
            assertTrue(peak > 0.25 && peak < 3.0, id + " lead II peak " + peak + " mV");
        }
        // uncorrected, amplitudes shrink by 4.88 (implausibly small)
        Ecg12Record raw = new CincDatabase(TestData.cinc2020(), false).read("E00009");
        assertEquals(r2020.mv()[1][100] * 1000.0 / 4880.0, raw.mv()[1][100], 1e-6);
    }

    @Test
    void ptbXl2020Gain200IsReadAs1000() {
        for (String id : List.of("HR00599", "HR20715")) {
            Ecg12Record r = db2020().read(id);
            double peak = typicalPeak(r.mv()[r.leadIndex("II")], 500);
            assertTrue(peak > 0.3 && peak < 3.0, id + " lead II peak " + peak + " mV");
        }
    }

    @Test
    void allRealRecordsDecodeWithPlausibleAmplitude() {
        int n = 0;
        for (String id : db2021().recordIds()) {
            Ecg12Record r = db2021().read(id);
            assertEquals(12, r.mv().length);
            assertTrue(r.fs() == 500 || r.fs() == 1000, id);
            assertTrue(r.length() >= 5000, id);
            double p = typicalPeak(r.mv()[1], (int) r.fs());
            assertTrue(p > 0.1 && p < 15, id + " lead II " + p);
            n++;
        }
        assertEquals(226, n);
    }

    @Test
    void truncatedMatGivesErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        Path src = TestData.cinc2021().resolve("chapman_shaoxing");
        Path dir = Files.createDirectories(tmp.resolve("chapman_shaoxing"));
        Files.copy(src.resolve("JS00004.hea"), dir.resolve("JS00004.hea"));
        byte[] mat = Files.readAllBytes(src.resolve("JS00004.mat"));
        Files.write(dir.resolve("JS00004.mat"), Arrays.copyOf(mat, mat.length / 2));
        CincDatabase db = new CincDatabase(tmp);
        assertEquals("chapman_shaoxing", db.database("JS00004"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.read("JS00004"));
        assertTrue(e.getMessage().contains("JS00004.mat") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void malformedHeaderGivesErrorNamingFileAndLine(@TempDir Path tmp) throws Exception {
        Path hea = tmp.resolve("A0001.hea");
        Files.writeString(hea, "A0001 12 500 5000\nA0001.mat 16+24 1000/mV 16 0 -254 21756 0 I\n");
        CincDatabase db = new CincDatabase(tmp);
        assertEquals("cpsc_2018", db.database("A0001"), "prefix fallback");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.metadata("A0001"));
        assertTrue(e.getMessage().contains(hea.toString()) && e.getMessage().contains("12 signals"), e.getMessage());
        Files.writeString(hea, "A0001 12 fivehundred 5000\n");
        e = assertThrows(IllegalArgumentException.class, () -> CincHeader.read(hea));
        assertTrue(e.getMessage().contains(hea + ":1:") && e.getMessage().contains("fivehundred"), e.getMessage());
    }

    @Test
    void headerParsesBaselineInGainUnitsAndUnknownDemographics() {
        CincHeader h = CincHeader.parse(Path.of("x.hea"), List.of(
                "00001_hr 2 500 5000",
                "00001_hr.dat 16 1000.0(-5)/uV 16 3 -119 1508 0 I",
                "00001_hr.dat 16 0 16 7 0 0 0 lead with spaces",
                "#Age: NaN", "#Sex: Unknown", "#Dx: 1,2,1"));
        assertEquals(-5.0, h.signals().get(0).baseline());
        assertEquals("uV", h.signals().get(0).units());
        assertEquals(CincHeader.DEFAULT_GAIN, h.signals().get(1).gain());
        assertEquals(7.0, h.signals().get(1).baseline(), "baseline defaults to adc zero");
        assertEquals("lead with spaces", h.signals().get(1).leadName());
        assertNull(h.age());
        assertNull(h.sex());
        assertEquals(List.of("1", "2"), h.dx());
    }

    @Test
    void mat4ReaderHandlesBigEndianDoubleAndSeveralMatrices(@TempDir Path tmp) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2 * 20 + 4 + 4 + 2 * 8 + 2 * 3 * 8).order(ByteOrder.BIG_ENDIAN);
        b.putInt(1000).putInt(1).putInt(2).putInt(0).putInt(4).put("foo\0".getBytes()); // 1x2 double
        b.putDouble(1).putDouble(2);
        b.putInt(1000).putInt(2).putInt(3).putInt(0).putInt(4).put("val\0".getBytes()); // 2x3 double, column-major
        for (int v : new int[]{11, 21, 12, 22, 13, 23}) b.putDouble(v);
        Path f = tmp.resolve("m.mat");
        Files.write(f, b.array());
        Mat4Reader.Matrix m = Mat4Reader.read(f, "val");
        assertEquals(2, m.rows());
        assertArrayEquals(new double[]{21, 22, 23}, m.data()[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mat4Reader.read(f, "nope"));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("nope"));
    }

    @Test
    void format16ReaderReadsInterleavedFramesAndRejectsTruncation(@TempDir Path tmp) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(3 * 2 * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) -1).putShort((short) 2).putShort((short) -2).putShort((short) 32767).putShort((short) -32768);
        Path f = tmp.resolve("r.dat");
        Files.write(f, b.array());
        int[][] s = WfdbSignalFile.read(f, 16, 2, 3, 0);
        assertArrayEquals(new int[]{1, 2, 32767}, s[0]);
        assertArrayEquals(new int[]{-1, -2, -32768}, s[1]);
        assertEquals(3, WfdbSignalFile.read(f, 16, 2, -1, 0)[0].length, "length inferred from the file size");
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbSignalFile.read(f, 16, 2, 4, 0));
        assertTrue(e.getMessage().contains("r.dat") && e.getMessage().contains("truncated"));
    }
}
