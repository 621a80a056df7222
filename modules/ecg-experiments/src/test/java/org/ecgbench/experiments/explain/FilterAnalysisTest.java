package org.ecgbench.experiments.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ECGencode filter analysis on a small ECGencode M1 whose first temporal kernel is set to a known FIR filter: the
 * written frequency response equals the analytic one, the spatial table has one row per (channel, augmented lead) and
 * one column per lead, and the PNGs exist.
 */
class FilterAnalysisTest {
    @Test
    void frequencyResponseOfAKnownKernel(@TempDir Path out) throws Exception {
        ComputationGraph net = ModelRegistry.DEFAULT.get("ecgencode_m1").build(ModelConfig.of(3, 64, 2).withParams(Map.of(
                "temporal_kernels", List.of(4), "temporal_filters", 2, "temporal_stride", 2, "augmented_leads", 2, "f1_kernel", 3, "f1_stride", 2,
                "f1_filters", 2, "f2_kernel", 3, "f2_stride", 2, "f2_filters", 2)));
        assertTrue(FilterAnalysis.applies(net));
        INDArray w = net.getLayer("enc_temporal_k4").getParam("W"); // [filters, 1, 1, k]
        double[] taps = {0.25, 0.25, 0.25, 0.25}; // moving average: |H(f)| = |sin(4πf/fs) / (4 sin(πf/fs))|
        for (int n = 0; n < 4; n++) w.putScalar(new long[] {0, 0, 0, n}, taps[n]);
        String md = FilterAnalysis.write(net, 100.0, new String[] {"I", "II", "V1"}, out, "test");
        List<String> rows = Files.readAllLines(out.resolve("temporal_filter_responses.csv"));
        int checked = 0;
        for (String r : rows.subList(1, rows.size())) {
            String[] c = r.split(",");
            if (!c[2].equals("0")) continue;
            double f = Double.parseDouble(c[3]), mag = Double.parseDouble(c[4]);
            double want = f == 0 ? 1 : Math.abs(Math.sin(4 * Math.PI * f / 100) / (4 * Math.sin(Math.PI * f / 100)));
            assertEquals(want, mag, 1e-4, "f = " + f);
            checked++;
        }
        assertEquals(257, checked);
        assertTrue(md.contains("| enc_temporal_k4 | 0 | 4 | 0.0 |"), md);
        List<String> spatial = Files.readAllLines(out.resolve("spatial_filters.csv"));
        assertEquals("temporal_channel,augmented_lead,I,II,V1", spatial.get(0));
        assertEquals(1 + 2 * 2, spatial.size());
        for (String png : List.of("spatial_filters.png", "filters_enc_temporal_k4.png")) assertTrue(Files.size(out.resolve(png)) > 1000, png);
    }
}
