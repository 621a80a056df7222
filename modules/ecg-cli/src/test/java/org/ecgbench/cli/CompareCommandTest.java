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

    @Test
    void publishedRowsAreQuotedAndCsvRowsHaveEveryColumn() {
        String p = CompareCommand.published();
        assertTrue(p.contains("quoted from the papers, not our results"), p);
        assertTrue(p.contains("| de Chazal et al. 2004 (weighted LDA, RR + morphology, 2 leads) | 0.862 | 0.760 | 0.380 | – | 0.770 | 0.820 | – |"), p);
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("accuracy", new String[] {"0.9", "0.8", "0.95"});
        m.put("f1_S", new String[] {"0.5", "", ""});
        String row = CompareCommand.csvRow("x_ds1_ds2", "this repository", "resnet1d", "deep", "yes", "42", "49680", m, "45460", "abc");
        String[] cells = row.strip().split(",", -1);
        assertEquals(7 + 3 * CompareCommand.CSV_METRICS.size() + 2, cells.length, row);
        assertEquals("0.9", cells[7]);
        assertEquals("0.95", cells[9]);
        assertEquals("\"quoted: a, b\"", CompareCommand.csvRow("p", "quoted: a, b", "", "published", "yes", "", "", Map.of(), "", "").split(",(?=\")")[1].split("(?<=\"),")[0]);
    }
}
