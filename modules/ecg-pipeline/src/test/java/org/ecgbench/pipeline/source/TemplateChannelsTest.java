package org.ecgbench.pipeline.source;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code data.window_template}: a second channel per lead = window minus the causal median of the record's previous windows. */
class TemplateChannelsTest {
    @Test
    void secondChannelIsWindowMinusCausalMedianPerRecord() {
        float[][][] x = new float[5][1][];
        float[] vals = {1, 3, 2, 10, 7};
        for (int i = 0; i < 5; i++) x[i][0] = new float[] {vals[i], 2 * vals[i]};
        String[] rec = {"100", "100", "100", "101", "101"};
        float[][][] o = MitBihBeatSource.withTemplateChannels(x, rec);
        assertEquals(2, o[0].length);
        assertArrayEquals(x[2][0], o[2][0], "first channel is the window itself");
        assertArrayEquals(new float[] {0, 0}, o[0][1], "first window of a record: no deviation");
        assertArrayEquals(new float[] {2, 4}, o[1][1], 1e-6f, "3 - median(1)");
        assertArrayEquals(new float[] {0, 0}, o[2][1], 1e-6f, "2 - median(1, 3) = 2 - 2");
        assertArrayEquals(new float[] {0, 0}, o[3][1], "record 101 starts afresh (never looks at record 100)");
        assertArrayEquals(new float[] {-3, -6}, o[4][1], 1e-6f, "7 - 10");
    }
}
