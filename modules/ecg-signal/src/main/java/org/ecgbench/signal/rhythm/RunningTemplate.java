package org.ecgbench.signal.rhythm;

import java.util.Arrays;

/**
 * Causal per-record beat template for patient-normalised morphology: the template of beat {@code i}
 * is the sample-wise median of the windows of the previous {@code depth} beats of the same record
 * ({@code i−depth … i−1}, fewer at the start of the record). Beat 0 has no previous beat: its template
 * is its own window (so its beat-minus-template is zero, "no known deviation"). Never looks at beat
 * {@code i} itself (except beat 0) nor at any later beat, and never at labels. For an even number of
 * previous beats the median is the mean of the two middle values.
 */
public final class RunningTemplate {
    public static final int DEFAULT_DEPTH = 32;

    private RunningTemplate() {}

    /**
     * Templates {@code [beat][sample]} for the windows of one record in time order.
     *
     * @param windows the record's beat windows in time order, all the same length
     * @param depth   how many previous beats the median spans (e.g. {@value #DEFAULT_DEPTH})
     */
    public static double[][] templates(double[][] windows, int depth) {
        if (depth < 1) throw new IllegalArgumentException("template depth must be >= 1, got " + depth);
        int n = windows.length;
        double[][] out = new double[n][];
        if (n == 0) return out;
        int len = windows[0].length;
        double[] buf = new double[depth];
        for (int i = 0; i < n; i++) {
            if (windows[i].length != len) throw new IllegalArgumentException("window " + i + " has " + windows[i].length + " samples, window 0 " + len);
            if (i == 0) {
                out[0] = windows[0].clone();
                continue;
            }
            int a = Math.max(0, i - depth), m = i - a;
            double[] t = new double[len];
            for (int s = 0; s < len; s++) {
                for (int j = 0; j < m; j++) buf[j] = windows[a + j][s];
                Arrays.sort(buf, 0, m);
                t[s] = (m & 1) == 1 ? buf[m / 2] : 0.5 * (buf[m / 2 - 1] + buf[m / 2]);
            }
            out[i] = t;
        }
        return out;
    }

    /** {@code window − template}, sample-wise. */
    public static double[] minus(double[] window, double[] template) {
        if (window.length != template.length) throw new IllegalArgumentException("window and template differ in length");
        double[] d = new double[window.length];
        for (int s = 0; s < d.length; s++) d[s] = window[s] - template[s];
        return d;
    }
}
