package org.ecgbench.pipeline.source;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.pipeline.spec.RecordsSpec;
import org.junit.jupiter.api.Test;

/** The fixed-length record pipeline on hand-made records: lead selection, NaN policy, resampling, z-score, pad/crop. */
class RecordPipelineTest {

    static Ecg12Record rec(double fs, int n, String... leads) {
        float[][] mv = new float[leads.length][n];
        for (int k = 0; k < leads.length; k++) for (int j = 0; j < n; j++) mv[k][j] = (k + 1) * 10 + j;
        return new Ecg12Record("R1", "test", fs, leads, mv, null, null, List.of(), null);
    }

    static RecordsSpec spec(double fs, int length) {
        return spec(fs, length, "");
    }

    static RecordsSpec spec(double fs, int length, String more) {
        return RecordsSpec.of("{fs: " + fs + ", length: " + length + ", normalize: none, label_protocol: cpsc9_first" + more + "}");
    }

    @Test
    void padsAndCropsAtTheEndsOrCentred() {
        float[][] x = {{1, 2, 3, 4, 5}};
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 0, 0, 0}, RecordPipeline.padOrCrop(x, 8, "end", "start")[0]);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 0, 0}, RecordPipeline.padOrCrop(x, 8, "centre", "start")[0]);
        assertArrayEquals(new float[] {1, 2, 3}, RecordPipeline.padOrCrop(x, 3, "end", "start")[0]);
        assertArrayEquals(new float[] {2, 3, 4}, RecordPipeline.padOrCrop(x, 3, "end", "centre")[0]);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, RecordPipeline.padOrCrop(x, 5, "centre", "centre")[0]);
    }

    @Test
    void selectsLeadsByNameInTheSpecOrderAndNamesTheFileWhenOneIsMissing() {
        Ecg12Record r = rec(500, 4, "I", "II", "V1");
        float[][] x = RecordPipeline.selectLeads(r, List.of("v1", "I"), "/x/R1.mat");
        assertEquals(30f, x[0][0]);
        assertEquals(10f, x[1][0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordPipeline.selectLeads(r, List.of("aVF"), "/x/R1.mat"));
        assertTrue(e.getMessage().contains("/x/R1.mat") && e.getMessage().contains("aVF") && e.getMessage().contains("I, II, V1"), e.getMessage());
    }

    @Test
    void nanStopsTheRunNamingFileLeadAndSampleOrIsReplacedByTheLeadMean() {
        float[][] x = {{1, Float.NaN, 3, Float.POSITIVE_INFINITY}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordPipeline.handleNaN(new float[][] {x[0].clone()}, List.of("II"), "error", "R9", "/d/R9.mat"));
        assertTrue(e.getMessage().contains("/d/R9.mat") && e.getMessage().contains("lead II") && e.getMessage().contains("2 invalid samples")
                && e.getMessage().contains("at 1, 3"), e.getMessage());
        float[][] y = RecordPipeline.handleNaN(new float[][] {x[0].clone()}, List.of("II"), "lead_mean", "R9", "/d/R9.mat");
        assertArrayEquals(new float[] {1, 2, 3, 2}, y[0]);
        // through the whole pipeline
        Ecg12Record r = rec(500, 10, "I");
        r.mv()[0][3] = Float.NaN;
        RecordPipeline p = new RecordPipeline(List.of("I"), spec(500, 10), List.of());
        assertThrows(IllegalArgumentException.class, () -> p.apply(r, "/d/R1.mat"));
    }

    @Test
    void resamplesToTheSpecRateOrRefusesWhenResamplingIsOff() {
        Ecg12Record r = rec(1000, 2000, "I", "II");
        RecordPipeline p = new RecordPipeline(List.of("II"), spec(500, 1200), List.of());
        float[][] x = p.apply(r, "/d/S0001.mat");
        assertEquals(1, x.length);
        assertEquals(1200, x[0].length);
        // 1000 samples of signal after 1000 -> 500 Hz, then 200 zeros of padding at the end
        assertEquals(0f, x[0][1000]);
        assertEquals(0f, x[0][1199]);
        assertEquals(20f + 2 * 500, x[0][500], 0.5f, "a ramp stays a ramp: sample 500 at 500 Hz = sample 1000 at 1000 Hz");
        RecordsSpec strict = spec(500, 1200, ", resample: false");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordPipeline(List.of("II"), strict, List.of()).apply(r, "/d/S0001.mat"));
        assertTrue(e.getMessage().contains("/d/S0001.mat") && e.getMessage().contains("1000 Hz") && e.getMessage().contains("500 Hz"), e.getMessage());
    }

    @Test
    void zscoresEachLeadOverTheSignalBeforePadding() {
        Ecg12Record r = rec(500, 100, "I", "II");
        RecordsSpec s = RecordsSpec.of("{fs: 500, length: 150, normalize: zscore_per_lead, label_protocol: cpsc9_first}");
        float[][] x = new RecordPipeline(List.of("I", "II"), s, List.of()).apply(r, "f");
        for (float[] row : x) {
            double m = 0, v = 0;
            for (int j = 0; j < 100; j++) m += row[j];
            m /= 100;
            for (int j = 0; j < 100; j++) v += (row[j] - m) * (row[j] - m);
            assertEquals(0, m, 1e-5);
            assertEquals(1, v / 100, 1e-4);
            for (int j = 100; j < 150; j++) assertEquals(0f, row[j]);
        }
        float[][] flat = {{3, 3, 3}};
        RecordPipeline.zscorePerLead(flat);
        assertArrayEquals(new float[] {0, 0, 0}, flat[0], "a flat lead only loses its mean");
    }
}
