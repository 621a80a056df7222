package org.ecgbench.signal.preprocess;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    static double[] sine(double f, double fs, int n, double amp) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = amp * Math.sin(2 * Math.PI * f * i / fs);
        return x;
    }

    static double rms(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    @Test
    void butterworthMagnitudeResponse() {
        Butterworth bp = new Butterworth(Butterworth.Type.BANDPASS, 2, 0.5, 40);
        Butterworth lp = new Butterworth(Butterworth.Type.LOWPASS, 2, 0, 40);
        // -3 dB at the cut-off for one pass of a Butterworth low-pass
        assertEquals(1 / Math.sqrt(2), lp.magnitude(40, 360), 1e-9);
        assertEquals(1.0, lp.magnitude(0, 360), 1e-12);
        assertEquals(1.0, bp.magnitude(10, 360), 0.01);
        assertTrue(bp.magnitude(0.05, 360) < 0.02);
        assertTrue(bp.magnitude(150, 360) < 0.1);
    }

    @Test
    void bandpassKeeps10HzAndRemovesDrift() {
        double fs = 360;
        int n = 360 * 60;
        double[] keep = sine(10, fs, n, 1.0);
        double[] drift = sine(0.1, fs, n, 2.0);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = keep[i] + drift[i];
        double[] y = new Butterworth(Butterworth.Type.BANDPASS, 2, 0.5, 40).apply(x, fs);
        double err = 0;
        for (int i = n / 4; i < 3 * n / 4; i++) err = Math.max(err, Math.abs(y[i] - keep[i]));
        assertTrue(err < 0.05, "max error " + err);
        // zero phase: the 10 Hz sine is not delayed
        assertEquals(rms(keep, n / 4, 3 * n / 4), rms(y, n / 4, 3 * n / 4), 0.01);
    }

    @Test
    void medianBaselineRemovesSlowWanderAndKeepsSpikes() {
        double fs = 360;
        int n = 3600;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 0.2 * i / fs) + (i % 360 == 100 ? 1.5 : 0);
        double[] y = new MedianBaseline(200, 600).apply(x, fs);
        for (int i = 400; i < n - 400; i++) {
            if (i % 360 == 100) assertEquals(1.5, y[i], 0.05);
            else assertEquals(0, y[i], 0.05);
        }
    }

    @Test
    void runningMedianMatchesBruteForce() {
        java.util.Random r = new java.util.Random(3);
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(20);
        double[] m = MedianBaseline.median(x, 7);
        for (int i = 0; i < x.length; i++) {
            int lo = Math.max(0, i - 3), hi = Math.min(x.length - 1, i + 3);
            double[] w = java.util.Arrays.copyOfRange(x, lo, hi + 1);
            java.util.Arrays.sort(w);
            double med = w.length % 2 == 1 ? w[w.length / 2] : 0.5 * (w[w.length / 2 - 1] + w[w.length / 2]);
            assertEquals(med, m[i], 0.0, "i=" + i);
        }
    }

    @Test
    void zscoreAndConstantWindows() {
        float[] w = {1, 2, 3, 4};
        new ZScore().apply(w);
        double m = 0, s = 0;
        for (float v : w) m += v;
        for (float v : w) s += v * v;
        assertEquals(0, m, 1e-6);
        assertEquals(4, s, 1e-5);
        float[] c = {2, 2, 2};
        new ZScore().apply(c);
        assertArrayEquals(new float[] {0, 0, 0}, c);
    }

    @Test
    void specBuildsStepsAndRejectsUnknownOnes() {
        List<SignalStep> r = Preprocessing.recordSteps(List.of(Map.of("step", "baseline_median"),
                Map.of("step", "bandpass", "low_hz", 0.5, "high_hz", 40.0, "order", 2L)));
        assertEquals(2, r.size());
        assertTrue(r.get(1).describe().contains("0.50-40.00 Hz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.recordSteps(List.of(Map.of("step", "bandpas"))));
        assertTrue(e.getMessage().contains("unknown record preprocessing step 'bandpas'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.recordSteps(List.of(Map.of("step", "bandpass", "low", 0.5, "high_hz", 40.0))));
        assertTrue(e.getMessage().contains("unknown key 'low'") && e.getMessage().contains("low_hz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.recordSteps(List.of(Map.of("step", "zscore"))));
        assertTrue(e.getMessage().contains("is a window step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.recordSteps(List.of(Map.of("step", "bandpass", "low_hz", "x", "high_hz", 40.0))));
        assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
        assertEquals(1, Preprocessing.windowSteps(List.of(Map.of("step", "zscore"))).size());
    }
}
