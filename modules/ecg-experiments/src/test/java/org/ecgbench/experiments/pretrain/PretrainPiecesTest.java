package org.ecgbench.experiments.pretrain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** k-means, span masking and frame features: determinism and basic properties. */
class PretrainPiecesTest {

    @Test
    void kmeansFindsSeparatedClustersDeterministically() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[300][2];
        for (int i = 0; i < x.length; i++) {
            int c = i % 3;
            x[i][0] = c * 10 + r.nextGaussian() * 0.3;
            x[i][1] = -c * 5 + r.nextGaussian() * 0.3;
        }
        KMeans a = KMeans.fit(x, 3, 50, 7), b = KMeans.fit(x, 3, 50, 7);
        assertArrayEquals(a.centres[0], b.centres[0]);
        for (int i = 3; i < x.length; i++) assertEquals(a.assign(x[i % 3]), a.assign(x[i]));
        assertTrue(a.inertia < 0.5, "inertia " + a.inertia);
    }

    @Test
    void spanMaskerMasksAboutTheExpectedShareAndNeverNothing() {
        SpanMasker m = new SpanMasker(0.2, 3);
        SplittableRandom r = new SplittableRandom(5);
        double masked = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            boolean[] b = m.mask(17, r);
            int c = 0;
            for (boolean v : b) if (v) c++;
            assertTrue(c > 0);
            masked += c;
        }
        double share = masked / (n * 17.0);
        assertTrue(share > 0.40 && share < 0.52, "share " + share);
        assertArrayEquals(new SpanMasker(0.2, 3).mask(17, new SplittableRandom(9)), new SpanMasker(0.2, 3).mask(17, new SplittableRandom(9)));
    }

    @Test
    void frameFeaturesSeeWhereTheSignalMoves() {
        float[][] x = new float[1][360];
        for (int i = 170; i < 190; i++) x[0][i] = (float) Math.sin((i - 170) * Math.PI / 20) * 5;
        double[][] f = FrameFeatures.of(x, 17, 20, 40, 64, 360);
        assertEquals(17, f.length);
        assertEquals(FrameFeatures.PER_LEAD, f[0].length);
        // frame 8 covers samples 160..199 (the bump), frame 0 a flat line
        assertTrue(f[8][1] > 1 && f[0][1] == 0, "std");
        assertTrue(f[8][3] > f[0][3], "difference energy");
    }
}
