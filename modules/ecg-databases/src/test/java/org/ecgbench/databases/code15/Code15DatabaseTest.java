package org.ecgbench.databases.code15;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.Resampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** jhdf 0.13.0 can write HDF5 ({@code HdfFile.write}), so the tests write files in the exact CODE-15% layout. */
class Code15DatabaseTest {
    static final String HEADER = "exam_id,age,is_male,nn_predicted_age,1dAVb,RBBB,LBBB,SB,ST,AF,patient_id,death,timey,normal_ecg,trace_file\n";

    /** A 4096 x 12 tracing: 10 Hz sine (amplitude lead+1) over {@code active} centred samples, zeros elsewhere. */
    static float[][] tracing(int active) {
        float[][] t = new float[4096][12];
        int start = (4096 - active) / 2;
        for (int j = 0; j < active; j++) {
            for (int k = 0; k < 12; k++) t[start + j][k] = (float) ((k + 1) * Math.sin(2 * Math.PI * 10 * (j + 0.5) / 400.0));
        }
        return t;
    }

    static void writePart(Path file, long[] examIds, float[][][] tracings) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putDataset("tracings", tracings);
            f.putDataset("exam_id", examIds);
        }
    }

    static Path fixture(Path root) throws Exception {
        writePart(root.resolve("exams_part0.hdf5"), new long[]{1169160, 2873686, 0},
                new float[][][]{tracing(4000), tracing(2800), new float[4096][12]});
        writePart(root.resolve("exams_part1.hdf5"), new long[]{168405}, new float[][][]{tracing(4000)});
        Files.writeString(root.resolve("exams.csv"), HEADER
                + "1169160,38,True,40.16,False,False,False,False,False,False,523632,False,2.09,True,exams_part0.hdf5\n"
                + "2873686,73,True,67.77,False,False,False,False,False,True,1724173,False,6.53,False,exams_part0.hdf5\n"
                + "168405,67,False,80.1,False,True,False,False,False,True,1724173,False,6.53,False,exams_part1.hdf5\n"
                + "999,50,False,50.0,False,False,False,False,False,False,1,,,False,\n");
        return root;
    }

    @Test
    void readsExamsTrimsPaddingAndResamplesTo500Hz(@TempDir Path tmp) throws Exception {
        Code15Database db = new Code15Database(fixture(tmp), 500);
        assertEquals(List.of("1169160", "2873686", "168405"), db.recordIds(), "exam 999 has no tracing; filler row 0 ignored");
        Metadata m = db.metadata("168405");
        assertEquals("1724173", m.patientId());
        assertEquals(67, m.age());
        assertEquals("Female", m.sex());
        assertEquals(List.of("RBBB", "AF"), m.labels());
        assertEquals(List.of("normal_ecg"), db.metadata("1169160").labels());

        Ecg12Record r10 = db.read("1169160");
        assertEquals(500.0, r10.fs());
        assertEquals(5000, r10.length(), "10 s at 500 Hz");
        Ecg12Record r7 = db.read("2873686");
        assertEquals(3500, r7.length(), "7 s at 500 Hz after removing the padding");
        // interior matches the analytic 10 Hz sine sampled at 500 Hz (time origin: first active 400 Hz sample)
        for (int k : new int[]{0, 11}) {
            for (int i = 200; i < 3300; i += 13) {
                double t = i / 500.0 + 0.5 / 400.0;
                assertEquals((k + 1) * Math.sin(2 * Math.PI * 10 * t), r7.mv()[k][i], 0.01 * (k + 1), "lead " + k + " sample " + i);
            }
        }
        assertEquals(4096, db.readRaw("2873686")[0].length);
        assertEquals(5000, Resampler.padOrCropCentred(r7.mv(), 5000)[0].length);

        Ecg12Record volts = new Code15Database(tmp, 400, 1000.0).read("168405");
        assertEquals(4000, volts.length());
        assertEquals(1000.0 * 2 * Math.sin(2 * Math.PI * 10 * 0.5 / 400.0), volts.mv()[1][0], 1e-3);
    }

    @Test
    void malformedHdf5FilesNameTheFile(@TempDir Path tmp) throws Exception {
        fixture(tmp);
        try (WritableHdfFile f = HdfFile.write(tmp.resolve("exams_part2.hdf5"))) {
            f.putDataset("exam_id", new long[]{5});
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Code15Database(tmp, 500));
        assertTrue(e.getMessage().contains("exams_part2.hdf5") && e.getMessage().contains("'tracings'"), e.getMessage());
        Files.write(tmp.resolve("exams_part2.hdf5"), new byte[]{1, 2, 3});
        e = assertThrows(IllegalArgumentException.class, () -> new Code15Database(tmp, 500));
        assertTrue(e.getMessage().contains("exams_part2.hdf5"), e.getMessage());
        Files.delete(tmp.resolve("exams_part2.hdf5"));
        Files.writeString(tmp.resolve("exams.csv"), HEADER + "1169160,38,maybe,40.16,False,False,False,False,False,False,523632,False,2.09,True,exams_part0.hdf5\n");
        e = assertThrows(IllegalArgumentException.class, () -> new Code15Database(tmp, 500));
        assertTrue(e.getMessage().contains("exams.csv") && e.getMessage().contains("row 1") && e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void resamplerKeepsConstantsAndBandLimitedSines() {
        float[] c = new float[400];
        java.util.Arrays.fill(c, 2.5f);
        for (float v : Resampler.resample(c, 400, 500)) assertEquals(2.5f, v, 1e-5f);
        float[] s = new float[1000];
        for (int i = 0; i < s.length; i++) s[i] = (float) Math.sin(2 * Math.PI * 30 * i / 500.0);
        float[] d = Resampler.resample(s, 500, 100);
        assertEquals(200, d.length);
        for (int i = 40; i < 160; i++) assertEquals(Math.sin(2 * Math.PI * 30 * i / 100.0), d[i], 0.02);
        float[] alias = new float[1000];
        for (int i = 0; i < alias.length; i++) alias[i] = (float) Math.sin(2 * Math.PI * 80 * i / 500.0); // above 50 Hz Nyquist of 100 Hz
        float[] a = Resampler.resample(alias, 500, 100);
        for (int i = 40; i < 160; i++) assertEquals(0, a[i], 0.02, "80 Hz must be filtered out before going to 100 Hz");
    }
}
