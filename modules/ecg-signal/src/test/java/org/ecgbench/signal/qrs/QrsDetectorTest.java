package org.ecgbench.signal.qrs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrsDetectorTest {
    /** A synthetic ECG: Gaussian QRS (σ 12 ms) and T waves, irregular RR, baseline wander and white noise. */
    record Synthetic(double[] x, int[] beats) {}

    static Synthetic synthetic(double fs, double seconds, long seed, double noiseMv) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(fs * seconds);
        List<Integer> beats = new ArrayList<>();
        double t = 0.4 + 0.3 * rnd.nextDouble();
        while (t < seconds - 0.3) {
            beats.add((int) Math.round(t * fs));
            t += 0.45 + 0.8 * rnd.nextDouble(); // RR 0.45-1.25 s (48-133 bpm), irregular
        }
        double[] x = new double[n];
        for (int b = 0; b < beats.size(); b++) {
            int c = beats.get(b);
            double amp = 0.8 + 0.6 * rnd.nextDouble();
            double sq = 0.012 * fs, st = 0.045 * fs;
            int tw = c + (int) Math.round(0.26 * fs);
            for (int i = Math.max(0, c - (int) (6 * st)); i < Math.min(n, tw + (int) (6 * st)); i++) {
                x[i] += amp * Math.exp(-0.5 * Math.pow((i - c) / sq, 2)) + 0.3 * amp * Math.exp(-0.5 * Math.pow((i - tw) / st, 2));
            }
        }
        for (int i = 0; i < n; i++) {
            double s = i / fs;
            x[i] += 0.4 * Math.sin(2 * Math.PI * 0.25 * s) + 0.15 * Math.sin(2 * Math.PI * 0.07 * s + 1) + noiseMv * rnd.nextGaussian();
        }
        return new Synthetic(x, beats.stream().mapToInt(Integer::intValue).toArray());
    }

    static void assertAllFound(int[] truth, int[] det, double fs, double tolS) {
        int tol = (int) Math.round(tolS * fs);
        int j = 0, found = 0;
        for (int b : truth) {
            while (j < det.length && det[j] < b - tol) j++;
            if (j < det.length && Math.abs(det[j] - b) <= tol) found++;
        }
        assertEquals(truth.length, found, "beats found within " + tolS * 1e3 + " ms");
        assertEquals(truth.length, det.length, "no false positives");
    }

    @Test
    void syntheticAt360Hz() {
        Synthetic s = synthetic(360, 120, 1, 0.03);
        int[] det = new QrsDetector().detect(s.x(), 360);
        assertAllFound(s.beats(), det, 360, 0.050);
    }

    @Test
    void syntheticAt500Hz() {
        Synthetic s = synthetic(500, 120, 2, 0.03);
        int[] det = new QrsDetector().detect(s.x(), 500);
        assertAllFound(s.beats(), det, 500, 0.050);
    }

    @Test
    void syntheticAt250And1000Hz() {
        for (double fs : new double[] {250, 1000}) {
            Synthetic s = synthetic(fs, 60, 3, 0.03);
            assertAllFound(s.beats(), new QrsDetector().detect(s.x(), fs), fs, 0.050);
        }
    }

    @Test
    void fiducialIsOnThePeak() {
        Synthetic s = synthetic(360, 60, 4, 0.0);
        int[] det = new QrsDetector().detect(s.x(), 360);
        assertEquals(s.beats().length, det.length);
        for (int i = 0; i < det.length; i++) assertTrue(Math.abs(det[i] - s.beats()[i]) <= 2, "beat " + i + ": " + det[i] + " vs " + s.beats()[i]);
    }

    @Test
    void rawUnitsGiveTheSameBeatsAsMillivolts() {
        Synthetic s = synthetic(360, 60, 5, 0.03);
        double[] adc = new double[s.x().length];
        for (int i = 0; i < adc.length; i++) adc[i] = 1024 + 200 * s.x()[i];
        QrsDetector d = new QrsDetector();
        assertArrayEquals(d.detect(s.x(), 360), d.detect(adc, 360));
    }

    @Test
    void flatSignalGivesNoBeats() {
        QrsDetector d = new QrsDetector();
        assertEquals(0, d.detect(new double[360 * 20], 360).length);
        double[] c = new double[500 * 20];
        java.util.Arrays.fill(c, 5.0);
        assertEquals(0, d.detect(c, 500).length);
        double[] nan = new double[360 * 5];
        java.util.Arrays.fill(nan, Double.NaN);
        assertEquals(0, d.detect(nan, 360).length);
    }

    @Test
    void shortSignalsDoNotCrash() {
        QrsDetector d = new QrsDetector();
        assertEquals(0, d.detect(new double[0], 360).length);
        assertEquals(0, d.detect(new double[] {1, 2, 3}, 360).length);
        // 1.5 s with beats: whatever is found lies on a true beat
        Synthetic s = synthetic(360, 1.5, 6, 0.02);
        int[] det = d.detect(s.x(), 360);
        assertTrue(det.length <= s.beats().length);
        for (int p : det) {
            boolean near = false;
            for (int b : s.beats()) near |= Math.abs(p - b) <= 18;
            assertTrue(near, "detection " + p + " is not on a beat " + java.util.Arrays.toString(s.beats()));
        }
        assertTrue(det.length >= 1, "at least one of the beats in 1.5 s is found");
    }

    @Test
    void parametersDescribeThemselves() {
        String d = QrsDetector.Parameters.defaults().describe();
        assertTrue(d.contains("5.0-15.0 Hz") && d.contains("absolute value") && d.contains("150 ms integration"), d);
        assertThrows(IllegalArgumentException.class, () -> QrsDetector.Parameters.defaults().withMinAmplitude(-1));
    }

    @Test
    void tooLowSamplingRateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QrsDetector().detect(new double[100], 25));
        assertTrue(e.getMessage().contains("too low"), e.getMessage());
    }

    @Test
    void missedSmallBeatIsRecoveredBySearchBack() {
        // regular 1 s rhythm with one beat at 23 % amplitude: its integrated |derivative| (linear in amplitude) lies
        // between half the detection threshold (0.156) and the threshold (0.3125 of the QRS level)
        double fs = 360;
        int n = (int) (fs * 30);
        double[] x = new double[n];
        List<Integer> beats = new ArrayList<>();
        for (int k = 1; k < 29; k++) beats.add((int) (k * fs));
        for (int c : beats) {
            double amp = c == (int) (15 * fs) ? 0.23 : 1.0;
            for (int i = c - 30; i <= c + 30; i++) x[i] += amp * Math.exp(-0.5 * Math.pow((i - c) / 4.0, 2));
        }
        int[] det = new QrsDetector().detect(x, fs);
        assertAllFound(beats.stream().mapToInt(Integer::intValue).toArray(), det, fs, 0.050);
        // without search-back (it would start only after 100 RR intervals) that beat is missed
        QrsDetector.Parameters d = QrsDetector.Parameters.defaults();
        QrsDetector.Parameters noSearchBack = new QrsDetector.Parameters(d.bandLowHz(), d.bandHighHz(), d.filterOrder(), d.rectifier(),
                d.integrationS(), d.refractoryS(), d.tWaveS(), d.thresholdFraction(), d.history(), 100, d.searchBackFraction(),
                d.learningS(), d.refineS(), d.rawRefineS(), d.minAmplitude());
        assertEquals(beats.size() - 1, new QrsDetector(noSearchBack).detect(x, fs).length);
    }

    @Test
    void squaringVariantAlsoFindsSyntheticBeats() {
        QrsDetector.Parameters d = QrsDetector.Parameters.defaults();
        QrsDetector.Parameters sq = new QrsDetector.Parameters(d.bandLowHz(), d.bandHighHz(), d.filterOrder(), QrsDetector.Rectifier.SQUARE,
                d.integrationS(), d.refractoryS(), d.tWaveS(), d.thresholdFraction(), d.history(), d.searchBackRr(), d.searchBackFraction(),
                d.learningS(), d.refineS(), d.rawRefineS(), d.minAmplitude());
        Synthetic s = synthetic(360, 60, 7, 0.03);
        assertAllFound(s.beats(), new QrsDetector(sq).detect(s.x(), 360), 360, 0.050);
    }
}
