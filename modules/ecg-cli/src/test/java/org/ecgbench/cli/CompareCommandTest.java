package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed replicates are summarised by their spread; single runs are not. */
class CompareCommandTest {
    @Test
    void seedSpreadIsMeanSampleSdAndRange() {
        Map<String, List<double[]>> m = new LinkedHashMap<>();
        m.put("resnet1d_ds1_ds2", List.of(new double[] {0.4, 0.8}, new double[] {0.5, 0.9}, new double[] {0.6, 0.7}));
        m.put("arrhythminet_v1_ds1_ds2", List.<double[]>of(new double[] {0.3, 0.6}));
        String s = CompareCommand.seedSummary(m);
        assertTrue(s.contains("| resnet1d_ds1_ds2 | 3 | 0.500 ± 0.100 (0.400–0.600) | 0.800 ± 0.100 (0.700–0.900) |"), s);
        assertFalse(s.contains("arrhythminet"), "one run has no spread");
        assertEquals("", CompareCommand.seedSummary(Map.of("x", List.<double[]>of(new double[] {0.1, 0.2}))));
    }
}
