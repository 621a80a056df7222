package org.ecgbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WeightedLdaTest {
    @Test
    void twoClassHandComputed() {
        // class 0 at {0, 2}, class 1 at {4, 6}: mu 1 and 5, pooled variance 1, priors 1/2
        // g1 - g0 = 4x - 12, so P(1 | x) = 1 / (1 + exp(12 - 4x))
        WeightedLda m = new WeightedLda(2, 0.0, "weighted");
        m.fit(new double[][] {{0}, {2}, {4}, {6}}, new int[] {0, 0, 1, 1}, null);
        double[][] p = m.predictProba(new double[][] {{3}, {4}, {1.5}});
        assertEquals(0.5, p[0][1], 1e-12);
        assertEquals(1 / (1 + Math.exp(-4)), p[1][1], 1e-12);
        assertEquals(1 / (1 + Math.exp(6)), p[2][1], 1e-12);
        assertEquals(1.0, p[2][0] + p[2][1], 1e-12);
    }

    @Test
    void sampleWeightsEnterMeansCovarianceAndPriors() {
        // weights 1,1 | 3,1: mu0 = 1, mu1 = (3*4 + 6)/4 = 4.5, W = 6,
        // var = (1 + 1 + 3*0.25 + 2.25)/6 = 5/6, priors 2/6 and 4/6
        // g1 - g0 = (3.5 x - (4.5^2 - 1)/2) / (5/6) + ln 2
        WeightedLda m = new WeightedLda(2, 0.0, "weighted");
        m.fit(new double[][] {{0}, {2}, {4}, {6}}, new int[] {0, 0, 1, 1}, new double[] {1, 1, 3, 1});
        double d = (3.5 * 3 - (20.25 - 1) / 2) / (5.0 / 6) + Math.log(2);
        assertEquals(1 / (1 + Math.exp(-d)), m.predictProba(new double[][] {{3}})[0][1], 1e-12);
        // equal priors drop the ln 2
        WeightedLda e = new WeightedLda(2, 0.0, "equal");
        e.fit(new double[][] {{0}, {2}, {4}, {6}}, new int[] {0, 0, 1, 1}, new double[] {1, 1, 3, 1});
        double de = (3.5 * 3 - (20.25 - 1) / 2) / (5.0 / 6);
        assertEquals(1 / (1 + Math.exp(-de)), e.predictProba(new double[][] {{3}})[0][1], 1e-12);
    }

    @Test
    void absentClassGetsZeroProbabilityAndCollinearNeedsRidge() {
        WeightedLda m = new WeightedLda(3, 0.0, "weighted");
        m.fit(new double[][] {{0, 1}, {1, 0}, {0, 0}, {5, 6}, {6, 5}, {6, 6}}, new int[] {0, 0, 0, 2, 2, 2}, null);
        double[] p = m.predictProba(new double[][] {{3, 3}})[0];
        assertEquals(0.0, p[1]);
        assertEquals(1.0, p[0] + p[2], 1e-12);
        double[][] col = {{0, 0}, {1, 2}, {4, 8}, {5, 10}}; // second feature = 2 x first: singular covariance
        assertThrows(IllegalArgumentException.class, () -> new WeightedLda(2, 0.0, "weighted").fit(col, new int[] {0, 0, 1, 1}, null));
        WeightedLda r = new WeightedLda(2, 1e-6, "weighted");
        r.fit(col, new int[] {0, 0, 1, 1}, null);
        assertEquals(1, r.predict(new double[][] {{5, 10}})[0]);
    }
}
