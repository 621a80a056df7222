package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultilabelBootstrapTest {
    static final String[] LABELS = {"common", "medium", "rare"};

    static boolean[][] labels(int n, SplittableRandom rng) {
        boolean[][] y = new boolean[n][3];
        for (int i = 0; i < n; i++) {
            y[i][0] = rng.nextDouble() < 0.5;
            y[i][1] = rng.nextDouble() < 0.2;
            y[i][2] = i == 3; // exactly one positive
        }
        return y;
    }

    static double[][] scores(boolean[][] y, SplittableRandom rng) {
        double[][] s = new double[y.length][3];
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < 3; k++) {
                s[i][k] = rng.nextDouble() * 0.7 + (y[i][k] ? 0.3 : 0);
            }
        }
        return s;
    }

    @Test
    void ptbxlRuleKeepsOnlyResamplesWithEveryLabel() {
        SplittableRandom rng = new SplittableRandom(1);
        boolean[][] y = labels(30, rng);
        double[][] s = scores(y, rng);
        double[] thr = {0.5, 0.5, 0.5};
        BootstrapResult r = MultilabelBootstrap.bootstrap(y, s, thr, LABELS, null,
                MultilabelBootstrap.Config.of(400, 5).withThreads(2));
        for (double sup : r.samples("support_rare")) {
            assertTrue(sup >= 1, "resample without a positive of 'rare' was kept");
        }
        // P(rare missing) = (29/30)^30 ≈ 0.362 -> expected rejections ≈ 400 * 0.362/0.638 ≈ 227
        assertTrue(r.rejectedDraws() > 150 && r.rejectedDraws() < 320, "rejected " + r.rejectedDraws());
        assertEquals(400, r.get("macro_auc").nValid());
        MultilabelMetrics full = MultilabelMetrics.compute(y, s, thr, LABELS);
        for (var e : full.toMap().entrySet()) {
            assertEquals(e.getValue(), r.get(e.getKey()).point(), 0.0, e.getKey());
        }
        BootstrapResult free = MultilabelBootstrap.bootstrap(y, s, thr, LABELS, null,
                MultilabelBootstrap.Config.of(400, 5).withRequireAllPositives(false));
        assertEquals(0, free.rejectedDraws());
        assertTrue(free.get("auc_rare").nValid() < 350, "auc_rare valid " + free.get("auc_rare").nValid());
    }

    @Test
    void deterministicAcrossThreadsAndIntervalsContainPoint() {
        SplittableRandom rng = new SplittableRandom(2);
        boolean[][] y = labels(300, rng);
        y[10][2] = true;
        y[20][2] = true;
        double[][] s = scores(y, rng);
        MultilabelBootstrap.Config cfg = MultilabelBootstrap.Config.of(200, 9).withThreads(1);
        BootstrapResult a = MultilabelBootstrap.bootstrap(y, s, null, LABELS, null, cfg);
        BootstrapResult b = MultilabelBootstrap.bootstrap(y, s, null, LABELS, null, cfg.withThreads(3));
        for (String m : a.metricNames()) {
            assertArrayEquals(a.samples(m), b.samples(m), m);
        }
        assertTrue(a.get("macro_auc").contains(a.get("macro_auc").point()));
        assertTrue(a.get("fmax").contains(a.get("fmax").point()));
        assertTrue(a.get("auc_common").width() < a.get("auc_rare").width());
    }

    @Test
    void clusterResamplingAndErrors() {
        SplittableRandom rng = new SplittableRandom(3);
        boolean[][] y = labels(60, rng);
        for (int i = 0; i < 60; i += 6) {
            y[i][2] = true;
        }
        double[][] s = scores(y, rng);
        String[] patients = new String[60];
        for (int i = 0; i < 60; i++) {
            patients[i] = "p" + (i / 3);
        }
        BootstrapResult r = MultilabelBootstrap.bootstrap(y, s, null, LABELS, patients, 100, 1, 0.9);
        assertEquals(20, r.nClusters());
        assertEquals(0.9, r.level(), 0.0);
        boolean[][] none = labels(10, rng);
        for (boolean[] row : none) {
            row[2] = false;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultilabelBootstrap.bootstrap(none, scores(none, rng), null, LABELS, null, 10, 1, 0.95));
        assertTrue(e.getMessage().contains("[rare]"), e.getMessage());
        // one positive among 200 samples with a budget of 1 draw per resample must fail clearly
        boolean[][] y2 = labels(200, rng);
        IllegalStateException ise = assertThrows(IllegalStateException.class,
                () -> MultilabelBootstrap.bootstrap(y2, scores(y2, rng), null, LABELS, null,
                        new MultilabelBootstrap.Config(50, 1, 0.95, 1, true, 1)));
        assertTrue(ise.getMessage().contains("rare"), ise.getMessage());
    }
}
