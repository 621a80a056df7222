package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.Auc;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultilabelMetricsTest {
    static final double EPS = 1e-12;
    static final String[] LABELS = {"A", "B", "C"};
    static final int[][] Y = {{1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}};
    static final double[][] S = {{0.9, 0.2, 0.8}, {0.6, 0.7, 0.3}, {0.4, 0.15, 0.5}, {0.5, 0.1, 0.8}};

    @Test
    void aucAndFmaxByHand() {
        MultilabelMetrics m = MultilabelMetrics.compute(Y, S, null, LABELS);
        // A: positives {0.9, 0.6} beat negatives {0.4, 0.5}: 1
        // B: positives {0.7, 0.15} vs negatives {0.2, 0.1}: 0.7 wins 2, 0.15 wins 1 of 2 -> 3/4
        // C: positive {0.8} vs {0.8, 0.3, 0.5}: 0.5 + 1 + 1 -> 5/6
        assertEquals(1.0, m.auc("A"), EPS);
        assertEquals(0.75, m.auc("B"), EPS);
        assertEquals(5.0 / 6, m.auc("C"), EPS);
        assertEquals(31.0 / 36, m.macroAuc(), EPS);
        // F-max: sweeping t over the distinct scores, the best is t = 0.6 where predictions are
        // s0 {A, C}, s1 {A, B}, s3 {C}: P = (1/2 + 1 + 1)/3 = 5/6, R = (1 + 1 + 0 + 1)/4 = 3/4,
        // F = 2PR/(P+R) = 15/19 (t = 0.7 gives 5/7, t = 0.5 gives 0.6).
        assertEquals(15.0 / 19, m.fmax(), EPS);
        assertEquals(0.6, m.fmaxThreshold(), 0.0);
        assertTrue(Double.isNaN(m.hammingLoss()));
        assertFalse(m.toMap().containsKey("macro_f1"));
        assertEquals(2.0, m.get("support_A"), 0.0);
    }

    @Test
    void thresholdMetricsByHand() {
        MultilabelMetrics m = MultilabelMetrics.compute(Y, S, new double[]{0.5, 0.5, 0.5}, LABELS);
        // score >= 0.5: A pred [1,1,0,1] vs [1,1,0,0] -> TP2 FP1 FN0 TN1
        //               B pred [0,1,0,0] vs [0,1,1,0] -> TP1 FP0 FN1 TN2
        //               C pred [1,0,1,1] vs [0,0,0,1] -> TP1 FP2 FN0 TN1
        Map<String, Double> v = m.toMap();
        assertEquals(2.0 / 3, v.get("precision_A"), EPS);
        assertEquals(1.0, v.get("recall_A"), EPS);
        assertEquals(0.5, v.get("specificity_A"), EPS);
        assertEquals(0.8, v.get("f1_A"), EPS);
        assertEquals(0.5, v.get("recall_B"), EPS);
        assertEquals(2.0 / 3, v.get("f1_B"), EPS);
        assertEquals(1.0 / 3, v.get("specificity_C"), EPS);
        assertEquals(0.5, v.get("f1_C"), EPS);
        assertEquals(2.0 / 3, v.get("macro_precision"), EPS); // (2/3 + 1 + 1/3)/3
        assertEquals(5.0 / 6, v.get("macro_recall"), EPS); // (1 + 1/2 + 1)/3
        assertEquals(11.0 / 18, v.get("macro_specificity"), EPS); // (1/2 + 1 + 1/3)/3
        assertEquals(59.0 / 90, v.get("macro_f1"), EPS); // (4/5 + 2/3 + 1/2)/3
        assertEquals(2.0 / 3, v.get("micro_f1"), EPS); // 2*4 / (2*4 + 3 + 1)
        assertEquals(1.0 / 3, v.get("hamming_loss"), EPS); // 4 wrong of 12
        assertEquals(15.0 / 19, v.get("fmax"), EPS); // threshold-free, unchanged
    }

    @Test
    void labelWithoutPositivesIsSkippedAndListed() {
        int[][] y = {{1, 0, 0, 0}, {1, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        double[][] s = {{0.9, 0.2, 0.8, 0.1}, {0.6, 0.7, 0.3, 0.2}, {0.4, 0.15, 0.5, 0.3}, {0.5, 0.1, 0.8, 0.4}};
        MultilabelMetrics m = MultilabelMetrics.compute(y, s, null, new String[]{"A", "B", "C", "D"});
        assertEquals(List.of("D"), m.aucSkippedLabels());
        assertTrue(Double.isNaN(m.auc("D")));
        assertEquals(31.0 / 36, m.macroAuc(), EPS);
    }

    @Test
    void weightedEvaluationEqualsExpandedData() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 40;
        int nl = 4;
        boolean[][] y = new boolean[n][nl];
        double[][] s = new double[n][nl];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nl; k++) {
                y[i][k] = rng.nextInt(3) == 0;
                s[i][k] = rng.nextInt(10) / 10.0 + (y[i][k] ? 0.15 : 0);
            }
        }
        y[0][0] = true; // sample 0 always has a label
        String[] labels = {"a", "b", "c", "d"};
        double[] thr = {0.5, 0.4, 0.6, 0.3};
        MultilabelMetrics.Engine e = new MultilabelMetrics.Engine("test", y, s, thr, labels);
        for (int trial = 0; trial < 5; trial++) {
            int[] w = Resampling.drawMultiplicities(rng, n);
            int total = 0;
            for (int x : w) {
                total += x;
            }
            boolean[][] ey = new boolean[total][];
            double[][] es = new double[total][];
            int r = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < w[i]; c++) {
                    ey[r] = y[i];
                    es[r++] = s[i];
                }
            }
            Map<String, Double> expected = MultilabelMetrics.compute(ey, es, thr, labels).toMap();
            double[] got = e.values(w);
            List<String> names = e.metricNames();
            for (int j = 0; j < got.length; j++) {
                assertEquals(expected.get(names.get(j)), got[j], 1e-9, names.get(j) + " trial " + trial);
            }
        }
    }

    @Test
    void optimiseF1PicksBestAndLowerOnTies() {
        // t=0.9: 2*1/(3+1)=0.5, 0.8: 4/5, 0.7: 4/6, 0.6: 6/7 (best), 0.2: 6/8
        assertEquals(0.6, Thresholds.optimiseF1(new boolean[]{true, true, false, true, false},
                new double[]{0.9, 0.8, 0.7, 0.6, 0.2}), 0.0);
        // t=0.9: 2/3, 0.8: 2/4, 0.7: 2/5, 0.6: 4/6 = 2/3 -> tie with 0.9, the lower wins
        assertEquals(0.6, Thresholds.optimiseF1(new boolean[]{true, false, false, true},
                new double[]{0.9, 0.8, 0.7, 0.6}), 0.0);
        // tied scores form one candidate: t=0.5: 2/(2+2) = 0.5, t=0.1: 4/(2+3) = 0.8
        assertEquals(0.1, Thresholds.optimiseF1(new boolean[]{true, false, true}, new double[]{0.5, 0.5, 0.1}), 0.0);
        // no positives: never predicted
        assertEquals(Math.nextUp(0.4), Thresholds.optimiseF1(new boolean[]{false, false}, new double[]{0.2, 0.4}), 0.0);
        double[] t = Thresholds.optimiseF1(Y, S);
        // A: 0.9 -> 2/3, 0.6 -> 4/4 = 1 (best); B: 0.7 -> 2/3, 0.15 -> 4/(2+3)=0.8 (best)
        // C: 0.8 -> 2/(1+2) = 2/3 (0.5 -> 2/4, 0.3 -> 2/5, ...)
        assertEquals(0.6, t[0], 0.0);
        assertEquals(0.15, t[1], 0.0);
        assertEquals(0.8, t[2], 0.0);
    }

    @Test
    void badInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultilabelMetrics.compute(new int[][]{{0, 2}}, new double[][]{{0.1, 0.2}}, null,
                        new String[]{"a", "b"}));
        assertTrue(e.getMessage().contains("yTrue[0][1] = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultilabelMetrics.compute(new int[][]{{0, 1}}, new double[][]{{0.1}}, null,
                        new String[]{"a", "b"}));
        assertTrue(e.getMessage().contains("scores[0] has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultilabelMetrics.compute(new int[][]{{0, 1}}, new double[][]{{0.1, 0.3}}, new double[]{0.5},
                        new String[]{"a", "b"}));
        assertTrue(e.getMessage().contains("thresholds has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultilabelMetrics.compute(Y, S, null, LABELS).get("nope"));
        assertTrue(e.getMessage().contains("available"), e.getMessage());
    }
}
