package org.ecgbench.signal.rhythm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RhythmFeaturesTest {
    private static final double EPS = 1e-12;

    @Test
    void shortSequenceHandComputed() {
        // fs 100 Hz; R peaks at 0, 1, 2, 2.5, 4, 5 s: a premature beat (index 3) and its compensatory pause
        double[][] f = RrFeatures.compute(new long[] {0, 100, 200, 250, 400, 500}, 100.0);
        double[] pre = {1, 1, 1, 0.5, 1.5, 1}; // beat 0: pre-RR := its post-RR (edge rule)
        double[] post = {1, 1, 0.5, 1.5, 1, 1}; // last beat: post-RR := its pre-RR
        double[] local = {1, 1, 1, 3.5 / 4, 5.0 / 5, 6.0 / 6};
        for (int i = 0; i < 6; i++) {
            assertEquals(pre[i], f[i][RrFeatures.PRE], EPS, "pre " + i);
            assertEquals(post[i], f[i][RrFeatures.POST], EPS, "post " + i);
            assertEquals(local[i], f[i][RrFeatures.LOCAL], EPS, "local " + i);
            assertEquals(local[i], f[i][RrFeatures.LONG], EPS, "long " + i); // < 32 beats: all so far
            assertEquals(pre[i] / local[i], f[i][RrFeatures.PRE_OVER_LOCAL], EPS);
            assertEquals(post[i] / pre[i], f[i][RrFeatures.POST_OVER_PRE], EPS);
            assertEquals(pre[i] / local[i], f[i][RrFeatures.PRE_OVER_LONG], EPS);
            assertEquals(1.0, f[i][RrFeatures.LOCAL_OVER_LONG], EPS);
        }
        assertEquals(RrFeatures.NAMES.size(), f[0].length);
    }

    @Test
    void localMeanSpansTenIntervals() {
        // 11 intervals of 1 s, then one of 3 s: beat 12's local mean = (9 * 1 + 3) / 10
        long[] p = new long[13];
        for (int i = 1; i < 13; i++) p[i] = p[i - 1] + (i == 12 ? 3 : 1);
        double[][] f = RrFeatures.compute(p, 1.0);
        assertEquals(12.0 / 10, f[12][RrFeatures.LOCAL], EPS);
        assertEquals(15.0 / 13, f[12][RrFeatures.LONG], EPS); // pre of beats 0..12: 12 ones + 3
    }

    @Test
    void longTermMeanUsesTrailingFiveMinutes() {
        // 200 intervals of 0.5 s (t = 0 .. 100 s), then 1 s intervals; fs 2 Hz so samples are integers
        long[] p = new long[600];
        for (int j = 1; j < 600; j++) p[j] = p[j - 1] + (j <= 200 ? 1 : 2);
        double[][] f = RrFeatures.compute(p, 2.0);
        // beat 450 at t = 350 s: beats with t > 50 s are j = 101..450: 100 intervals of 0.5 and 250 of 1
        assertEquals(300.0 / 350, f[450][RrFeatures.LONG], EPS);
        // beat 550 at t = 450 s: beats j = 251..550, all 1 s
        assertEquals(1.0, f[550][RrFeatures.LONG], EPS);
    }

    @Test
    void longTermMeanKeepsAtLeast32Intervals() {
        // fs 1 Hz: 0,10,..,50 then steps of 20 up to 370 s (22 beats): beat 21's 300 s window holds 15 intervals,
        // so the last 32 (all 22, beat 0's edge pre-RR = 10 included) are averaged
        long[] p = new long[22];
        for (int j = 1; j < 22; j++) p[j] = p[j - 1] + (j <= 5 ? 10 : 20);
        double[][] f = RrFeatures.compute(p, 1.0);
        assertEquals((6 * 10 + 16 * 20) / 22.0, f[21][RrFeatures.LONG], EPS);
    }

    @Test
    void noFutureLeak() {
        Random r = new Random(11);
        long[] p = new long[400];
        for (int j = 1; j < p.length; j++) p[j] = p[j - 1] + 200 + r.nextInt(300);
        double[][] a = RrFeatures.compute(p, 360);
        for (int i : new int[] {0, 5, 40, 200, 397}) {
            long[] q = p.clone();
            for (int j = i + 2; j < q.length; j++) q[j] = q[j - 1] + 50 + r.nextInt(900); // rewrite beats after i+1
            double[][] b = RrFeatures.compute(q, 360);
            assertArrayEquals(a[i], b[i], 0.0, "beat " + i + " must not see beats after i+1");
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> RrFeatures.compute(new long[] {5}, 360));
        assertThrows(IllegalArgumentException.class, () -> RrFeatures.compute(new long[] {5, 5, 9}, 360));
        assertThrows(IllegalArgumentException.class, () -> RrFeatures.compute(new long[] {5, 9}, 0));
    }

    @Test
    void standardizerUsesTrainingStatisticsOnly() {
        double[][] train = {{1, 10}, {3, 10}, {5, 10}};
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new double[] {3, 10}, s.mean(), EPS);
        assertEquals(Math.sqrt(8.0 / 3), s.sd()[0], EPS);
        assertEquals(1.0, s.sd()[1], EPS); // constant column: centring only
        double[][] test = {{100, 20}, {-100, 0}};
        double[][] z = s.transform(test);
        assertEquals((100 - 3) / Math.sqrt(8.0 / 3), z[0][0], EPS);
        assertEquals(10.0, z[0][1], EPS);
        // transforming different test rows leaves the fitted statistics unchanged
        s.transform(new double[][] {{1e9, 1e9}});
        assertArrayEquals(new double[] {3, 10}, s.mean(), EPS);
        Standardizer back = Standardizer.of(s.mean(), s.sd());
        assertArrayEquals(z[1], back.transformRow(test[1]), EPS);
    }

    @Test
    void runningTemplateIsCausalMedian() {
        double[][] w = {{1, 0}, {3, 10}, {2, 4}, {10, -5}, {7, 7}};
        double[][] t = RunningTemplate.templates(w, 3);
        assertArrayEquals(w[0], t[0], EPS); // beat 0: own window
        assertArrayEquals(new double[] {1, 0}, t[1], EPS);
        assertArrayEquals(new double[] {2, 5}, t[2], EPS); // median of 2 = mean
        assertArrayEquals(new double[] {2, 4}, t[3], EPS);
        assertArrayEquals(new double[] {3, 4}, t[4], EPS); // beats 1..3 only (depth 3)
        assertArrayEquals(new double[] {4, 3}, RunningTemplate.minus(w[4], t[4]), EPS);
        // causality: rewriting beats >= i leaves template i unchanged
        double[][] w2 = {w[0], w[1], w[2], {99, 99}, {-99, 99}};
        assertArrayEquals(t[3], RunningTemplate.templates(w2, 3)[3], 0.0);
    }
}
