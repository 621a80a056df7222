package org.ecgbench.experiments.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rebuilt graph's gradients equal central differences of the trained model's inference output (float64), for
 * models with batch norm, dropout, depthwise and separable convolutions and residual additions; batch-norm running
 * statistics are set to non-trivial values first so that an error in the folding would show.
 */
class ScoreGraphTest {
    @BeforeEach
    void dbl() { Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); }

    @AfterEach
    void flt() { Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT); }

    static ComputationGraph build(String model, int leads, int samples, int classes, Map<String, Object> params) {
        ComputationGraph net = ModelRegistry.DEFAULT.get(model).build(ModelConfig.of(leads, samples, classes).withParams(params).withSeed(3))
                .convertDataType(DataType.DOUBLE);
        Random r = new Random(5);
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : l.paramTable().entrySet()) {
                var a = e.getValue();
                for (long i = 0; i < a.length(); i++) {
                    switch (e.getKey()) {
                        case "mean" -> a.putScalar(i, r.nextGaussian() * 0.2);
                        case "var" -> a.putScalar(i, 0.5 + r.nextDouble());
                        case "log10stdev" -> a.putScalar(i, Math.log10(0.7 + 0.6 * r.nextDouble()));
                        case "gamma" -> a.putScalar(i, 0.8 + 0.4 * r.nextDouble());
                        case "beta" -> a.putScalar(i, 0.3 + r.nextGaussian() * 0.1); // keeps most ReLUs alive
                        default -> { }
                    }
                }
            }
        }
        return net;
    }

    static double[][][] randomInputs(int n, int leads, int samples, long seed) {
        Random r = new Random(seed);
        double[][][] x = new double[n][leads][samples];
        for (double[][] a : x) for (double[] b : a) for (int t = 0; t < samples; t++) b[t] = r.nextGaussian();
        return x;
    }

    @ParameterizedTest
    @CsvSource({"arrhythminet_v2,1,64", "resnet1d,1,64", "ecgencode_m1,3,64"})
    void inputGradientsMatchCentralDifferences(String model, int leads, int samples) {
        Map<String, Object> params = model.equals("ecgencode_m1") ? Map.of("temporal_kernels", java.util.List.of(5, 9), "temporal_filters", 2,
                "temporal_stride", 2, "augmented_leads", 2, "f1_kernel", 5, "f1_stride", 2, "f1_filters", 3, "f2_kernel", 3, "f2_stride", 2,
                "f2_filters", 2) : Map.of();
        ComputationGraph net = build(model, leads, samples, 3, params);
        double[][][] x = randomInputs(2, leads, samples, 11);
        for (TargetScoreLoss.Target target : TargetScoreLoss.Target.values()) {
            ScoreGraph sg = ScoreGraph.of(net, leads, samples, target, x);
            int[] t = {1, 2};
            ScoreGraph.Grads g = sg.gradients(x, t, 0, 2, null);
            double h = 1e-5, maxErr = 0, maxG = 0;
            Random r = new Random(1);
            for (int k = 0; k < 40; k++) {
                int i = k % 2, l = r.nextInt(leads), s = r.nextInt(samples);
                double old = x[i][l][s];
                x[i][l][s] = old + h;
                double fp = sg.scores(new double[][][] {x[i]}, new int[] {t[i]}, 1)[0];
                x[i][l][s] = old - h;
                double fm = sg.scores(new double[][][] {x[i]}, new int[] {t[i]}, 1)[0];
                x[i][l][s] = old;
                double num = (fp - fm) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(num - g.input()[i][l][s]));
                maxG = Math.max(maxG, Math.abs(num));
            }
            double maxA = 0;
            for (double[][] a : g.input()) for (double[] b : a) for (double v : b) maxA = Math.max(maxA, Math.abs(v));
            assertTrue(maxA > 1e-7, model + " " + target + ": gradients all ~0, f = " + java.util.Arrays.toString(g.score()));
            assertTrue(maxErr < 1e-5 * maxG + 1e-9, model + " " + target + ": max |analytic - numeric| = " + maxErr + " (max |g| " + maxG + ")");
        }
    }
}
