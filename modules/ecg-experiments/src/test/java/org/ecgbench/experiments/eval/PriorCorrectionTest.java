package org.ecgbench.experiments.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Class-prior correction: raises held-out macro F1 where the classifier's priors are off, keeps class 0 at 1, renormalises. */
class PriorCorrectionTest {

    /** Three classes; the model over-predicts class 2 (its probabilities are inflated by a factor 6). */
    static double[][] skewed(int[] y, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[y.length][3];
        for (int i = 0; i < y.length; i++) {
            double[] s = new double[3];
            for (int c = 0; c < 3; c++) s[c] = Math.exp(r.nextGaussian() + (c == y[i] ? 1.5 : 0)) * (c == 2 ? 6 : 1);
            double t = s[0] + s[1] + s[2];
            for (int c = 0; c < 3; c++) p[i][c] = s[c] / t;
        }
        return p;
    }

    static int[] labels(int n, long seed) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextDouble() < 0.8 ? 0 : r.nextDouble() < 0.6 ? 1 : 2;
        return y;
    }

    @Test
    void correctsAnInflatedClassOnHeldOutData() {
        int[] y = labels(4000, 1);
        double[][] p = skewed(y, 2);
        double[] one = {1, 1, 1};
        double[] w = PriorCorrection.fit(y, p, 3);
        assertEquals(1.0, w[0], 0, "class 0 is the reference");
        assertTrue(w[2] < 0.5, "the inflated class is scaled down, got " + w[2]);
        assertTrue(PriorCorrection.macroF1(y, p, w, 3) > PriorCorrection.macroF1(y, p, one, 3) + 0.05);
        // chosen on one sample, it carries to a fresh sample of the same process (the point of choosing on OOF data)
        int[] y2 = labels(4000, 3);
        double[][] p2 = skewed(y2, 4);
        assertTrue(PriorCorrection.macroF1(y2, p2, w, 3) > PriorCorrection.macroF1(y2, p2, one, 3) + 0.03);
        assertArrayEquals(w, PriorCorrection.fit(y, p, 3), 0, "deterministic");
    }

    @Test
    void applyRenormalisesAndKeepsTheCorrectedArgmax() {
        double[][] p = {{0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}};
        double[][] q = PriorCorrection.apply(p, new double[] {1, 2, 0.1});
        for (double[] r : q) assertEquals(1.0, r[0] + r[1] + r[2], 1e-12);
        assertTrue(q[0][1] > q[0][0], "0.3*2 > 0.5");
        assertTrue(q[1][1] > q[1][2], "0.1*2 > 0.8*0.1");
        assertEquals(0.5, p[0][0], 0, "input untouched");
    }

    @Test
    void perfectPredictionsNeedNoCorrection() {
        int[] y = {0, 1, 2, 0, 1, 2};
        double[][] p = new double[6][3];
        for (int i = 0; i < 6; i++) p[i][y[i]] = 1;
        assertArrayEquals(new double[] {1, 1, 1}, PriorCorrection.fit(y, p, 3), 1e-12, "ties keep the factor closest to 1");
        assertEquals(1.0, PriorCorrection.macroF1(y, p, new double[] {1, 1, 1}, 3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PriorCorrection.fit(new int[0], new double[0][], 3));
    }
}
