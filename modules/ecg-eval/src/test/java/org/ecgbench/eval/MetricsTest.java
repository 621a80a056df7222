package org.ecgbench.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final String[] ABC = {"A", "B", "C"};

    @Test
    void handComputedReport() {
        // true:  A A A A B B C C ; pred: A A B C B A C C
        int[] t = {0, 0, 0, 0, 1, 1, 2, 2};
        int[] p = {0, 0, 1, 2, 1, 0, 2, 2};
        Map<String, Double> m = MulticlassMetrics.compute(t, p, null, ABC).toMap();
        assertEquals(5 / 8.0, m.get("accuracy"), 1e-12);
        // A: tp 2, predicted 3, support 4 -> P 2/3, R 1/2, F1 4/7; TN = 8-2-1-2 = 3, FP 1 -> Sp 3/4
        assertEquals(2 / 3.0, m.get("precision_A"), 1e-12);
        assertEquals(0.5, m.get("recall_A"), 1e-12);
        assertEquals(4 / 7.0, m.get("f1_A"), 1e-12);
        assertEquals(0.75, m.get("specificity_A"), 1e-12);
        // B: tp 1, predicted 2, support 2 -> P 1/2 R 1/2 F1 1/2 ; C: tp 2, predicted 3, support 2 -> P 2/3 R 1 F1 0.8
        assertEquals(0.8, m.get("f1_C"), 1e-12);
        assertEquals((4 / 7.0 + 0.5 + 0.8) / 3, m.get("macro_f1"), 1e-12);
        assertEquals((4 / 7.0 * 4 + 0.5 * 2 + 0.8 * 2) / 8, m.get("weighted_f1"), 1e-12);
    }

    @Test
    void neverPredictedAndAbsentClasses() {
        int[] t = {0, 0, 1, 1};
        int[] p = {0, 0, 0, 0};
        Map<String, Double> m = MulticlassMetrics.compute(t, p, null, ABC).toMap();
        assertEquals(0.0, m.get("precision_B")); // zero_division = 0
        assertEquals(0.0, m.get("f1_B"));
        assertTrue(Double.isNaN(m.get("recall_C")), "C has no instances");
        assertTrue(Double.isNaN(m.get("f1_C")));
        // macro over A and B only (C neither present nor predicted): A: P .5 R 1 F1 2/3 ; B: 0
        assertEquals((2 / 3.0) / 2, m.get("macro_f1"), 1e-12);
    }

    @Test
    void aucWithTies() {
        boolean[] pos = {true, false, true, false};
        double[] s = {0.9, 0.9, 0.5, 0.1};
        // pairs (pos,neg): (0.9,0.9) 0.5 ; (0.9,0.1) 1 ; (0.5,0.9) 0 ; (0.5,0.1) 1 -> 2.5/4
        assertEquals(0.625, Auc.binary(pos, s), 1e-12);
        assertTrue(Double.isNaN(Auc.binary(new boolean[] {true, true}, new double[] {0.1, 0.2})));
    }

    static int[][] synthetic(int n, int records, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] t = new int[n], p = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(3);
            p[i] = r.nextDouble() < 0.8 ? t[i] : r.nextInt(3);
        }
        return new int[][] {t, p};
    }

    static double[][] probs(int[] p) {
        double[][] pr = new double[p.length][3];
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < 3; c++) pr[i][c] = c == p[i] ? 0.6 + 0.001 * (i % 7) : 0.2 - 0.0005 * (i % 5);
        }
        return pr;
    }

    @Test
    void bootstrapIsDeterministicAndContainsThePoint() {
        int[][] d = synthetic(2000, 10, 1);
        var a = Bootstrap.bootstrap(d[0], d[1], probs(d[1]), ABC, null, 300, 5, 0.95, true);
        var b = Bootstrap.bootstrap(d[0], d[1], probs(d[1]), ABC, null, 300, 5, 0.95, true);
        assertEquals(a, b);
        var acc = a.get("accuracy");
        assertTrue(acc.lower() <= acc.point() && acc.point() <= acc.upper(), acc.toString());
        assertEquals(300, acc.valid());
        var auc = a.get("auc_A");
        assertTrue(auc.lower() <= auc.point() && auc.point() <= auc.upper(), auc.toString());
        // the weighted O(n) AUC equals the exact one for unit weights
        int[] ones = new int[2000];
        java.util.Arrays.fill(ones, 1);
        assertEquals(Auc.oneVsRest(d[0], probs(d[1]), 0), new Bootstrap.AucPrep(d[0], probs(d[1]), 0).weighted(ones), 1e-12);
    }

    @Test
    void intervalsShrinkWithNAndClusterBootstrapIsWiderForHeterogeneousClusters() {
        int[][] small = synthetic(500, 0, 2), big = synthetic(20000, 0, 3);
        var s = Bootstrap.bootstrap(small[0], small[1], null, ABC, null, 300, 1, 0.95, false).get("accuracy");
        var b = Bootstrap.bootstrap(big[0], big[1], null, ABC, null, 300, 1, 0.95, false).get("accuracy");
        assertTrue(b.upper() - b.lower() < s.upper() - s.lower());
        // 20 clusters, half near-perfect and half poor: beats are not independent
        int n = 4000;
        int[] t = new int[n], p = new int[n];
        String[] cl = new String[n];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < n; i++) {
            int c = i / 200;
            cl[i] = "r" + c;
            t[i] = r.nextInt(3);
            p[i] = r.nextDouble() < (c % 2 == 0 ? 0.98 : 0.5) ? t[i] : (t[i] + 1) % 3;
        }
        var beat = Bootstrap.bootstrap(t, p, null, ABC, null, 400, 1, 0.95, false).get("accuracy");
        var rec = Bootstrap.bootstrap(t, p, null, ABC, cl, 400, 1, 0.95, false).get("accuracy");
        assertTrue(rec.upper() - rec.lower() > 2 * (beat.upper() - beat.lower()), rec + " vs " + beat);
    }

    @Test
    void quantileIsLinear() {
        assertEquals(2.5, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    }
}
