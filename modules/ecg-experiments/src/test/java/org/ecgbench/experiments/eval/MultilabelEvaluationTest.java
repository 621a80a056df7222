package org.ecgbench.experiments.eval;

import static org.junit.jupiter.api.Assertions.*;

import org.ecgbench.pipeline.windows.LabeledWindows;
import org.junit.jupiter.api.Test;

/** The multi-label / binary evaluation wiring: validation thresholds carried to test, binary mapping, CIs, early-stopping scores. */
class MultilabelEvaluationTest {

    static final String[] L = {"A", "B"};

    @Test
    void thresholdsChosenOnValidationAreTheOnesAppliedToTest() {
        boolean[][] vy = {{true, false}, {false, true}, {true, true}, {false, false}};
        double[][] vs = {{0.9, 0.2}, {0.3, 0.7}, {0.6, 0.6}, {0.1, 0.1}};
        double[] thr = MultilabelEvaluation.chooseThresholds(vy, vs);
        assertEquals(0.6, thr[0], 1e-12, "A: positives at 0.9 and 0.6, best F1 = 1 from 0.6 up to 0.9; the lower wins");
        assertEquals(0.6, thr[1], 1e-12);
        boolean[][] ty = {{true, false}, {false, true}, {false, false}};
        double[][] ts = {{0.65, 0.59}, {0.5, 0.61}, {0.7, 0.0}};
        MultilabelEvaluation.Result r = MultilabelEvaluation.evaluate("test", ty, ts, L, thr, new String[] {"p1", "p2", "p3"}, 0, 0.95, 1);
        // A: predicted for rows 0 and 2 (>= 0.6) -> TP 1, FP 1 -> F1 2/3; B: predicted row 1 only -> F1 1
        assertEquals(2.0 / 3, r.get("f1_A"), 1e-12);
        assertEquals(1.0, r.get("f1_B"), 1e-12);
        assertEquals(1.0 / 6, r.get("hamming_loss"), 1e-12, "one wrong decision (A on row 2) of 6");
        assertEquals(1.0, r.get("auc_B"), 1e-12);
        assertNull(r.ci());
        assertEquals(3, r.patients());
    }

    @Test
    void binaryProtocolsAreOneLabelScoredByTheSecondSoftmaxOutput() {
        LabeledWindows w = new LabeledWindows(new float[3][1][1], new int[] {0, 1, 1}, new String[] {"a", "b", "c"}, new long[3],
                new String[] {"negative", "positive"});
        boolean[][] y = MultilabelEvaluation.targets(w, true);
        assertArrayEquals(new boolean[] {false}, y[0]);
        assertArrayEquals(new boolean[] {true}, y[2]);
        double[][] s = MultilabelEvaluation.scores(new double[][] {{0.8, 0.2}, {0.3, 0.7}, {0.45, 0.55}}, true);
        assertEquals(0.7, s[1][0]);
        assertArrayEquals(new String[] {"positive"}, MultilabelEvaluation.labelNames(w, true));
        assertEquals(1.0, MultilabelEvaluation.validationScore("macro_auc", y, s));
        assertEquals(1.0, MultilabelEvaluation.validationScore("sensitivity", y, s), "both positives >= 0.5");
        assertTrue(MultilabelEvaluation.validationScore("loss", y, s) < 0, "minus the binary cross-entropy");
        assertThrows(IllegalArgumentException.class, () -> MultilabelEvaluation.validationScore("accuracy", y, s));
    }

    @Test
    void bootstrapResamplesPatientsAndFallsBackWhenALabelHasNoPositive() {
        boolean[][] y = new boolean[40][];
        double[][] s = new double[40][];
        String[] patients = new String[40];
        for (int i = 0; i < 40; i++) {
            y[i] = new boolean[] {i % 3 == 0, false};
            s[i] = new double[] {(i % 3 == 0 ? 0.6 : 0.4) + 0.001 * i, 0.1};
            patients[i] = "p" + (i / 2);
        }
        MultilabelEvaluation.Result r = MultilabelEvaluation.evaluate("test", y, s, L, new double[] {0.5, 0.5}, patients, 50, 0.9, 3);
        assertNotNull(r.ci());
        assertEquals(20, r.ci().nClusters());
        assertTrue(r.ciNote().contains("[B]"), r.ciNote());
        assertTrue(Double.isNaN(r.get("auc_B")));
        assertEquals(1.0, r.get("auc_A"), 1e-12);
        for (int i = 0; i < 40; i++) y[i][1] = i == 7;
        MultilabelEvaluation.Result rule = MultilabelEvaluation.evaluate("test", y, s, L, new double[] {0.5, 0.5}, patients, 50, 0.9, 3);
        assertTrue(rule.ciNote().startsWith("PTB-XL rule"), rule.ciNote());
    }
}
