package org.ecgbench.signal.preprocess;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.signal.wfdb.WfdbRecord;
import org.ecgbench.signal.wfdb.WfdbSignalFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NanPolicyTest {
    static float[] lead() {
        float[] x = new float[20];
        for (int i = 0; i < x.length; i++) x[i] = i;
        for (int i = 10; i <= 12; i++) x[i] = Float.NaN;
        x[15] = Float.POSITIVE_INFINITY;
        return x;
    }

    @Test
    void errorNamesRecordLeadCountCauseAndRanges() {
        NanPolicy.InvalidSamplesException e = assertThrows(NanPolicy.InvalidSamplesException.class,
                () -> NanPolicy.of("error").apply(lead(), "100", "MLII", "WFDB -32768"));
        assertEquals("record 100, lead MLII: 4 invalid samples (WFDB -32768) at 10-12, 15", e.getMessage());
        assertEquals(4, e.count());
        assertEquals(List.of(new NanPolicy.Run(10, 12), new NanPolicy.Run(15, 15)), e.runs());
    }

    @Test
    void repairsAndCounts() {
        float[] z = lead();
        assertEquals(4, NanPolicy.ZERO.apply(z, "r", "I", null));
        assertEquals(0f, z[11]);
        float[] m = lead();
        assertEquals(4, NanPolicy.LEAD_MEAN.apply(m, "r", "I", null));
        double mean = (190 - 10 - 11 - 12 - 15) / 16.0;
        assertEquals(mean, m[15], 1e-5);
        float[] in = lead();
        assertEquals(4, NanPolicy.INTERPOLATE.apply(in, "r", "I", null));
        assertArrayEquals(new float[]{9, 10, 11, 12, 13, 14, 15, 16}, java.util.Arrays.copyOfRange(in, 9, 17), 1e-5f);
        float[] allBad = {Float.NaN, Float.NaN};
        assertEquals(2, NanPolicy.INTERPOLATE.apply(allBad, "r", "I", null));
        assertArrayEquals(new float[]{0, 0}, allBad);
        float[] ok = {1, 2};
        assertEquals(0, NanPolicy.ERROR.apply(ok, "r", "I", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NanPolicy.of("drop"));
        assertTrue(e.getMessage().contains("'drop'") && e.getMessage().contains("interpolate"), e.getMessage());
    }

    @Test
    void format80InvalidValueBecomesNaN(@TempDir Path tmp) throws Exception {
        // format 80: offset binary bytes; 0 -> -128 = invalid
        Files.write(tmp.resolve("e.dat"), new byte[]{(byte) 128, (byte) 138, 0, (byte) 255});
        Files.writeString(tmp.resolve("e.hea"), "e 1 100 4\ne.dat 80 10 8 0 0 0 0 I\n");
        WfdbRecord r = WfdbRecord.read(tmp.resolve("e.hea"));
        assertArrayEquals(new int[]{0, 10, -128, 127}, r.adc(0));
        double[] mv = r.millivolts(0);
        assertEquals(1.0, mv[1], 1e-12);
        assertTrue(Double.isNaN(mv[2]));
        assertEquals(-128, WfdbSignalFile.invalidValue(80));
        assertEquals(1, r.invalidCount(0));
    }
}
