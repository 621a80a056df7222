package org.ecgbench.signal.preprocess;

import java.util.Arrays;
import java.util.Locale;

/**
 * Baseline-wander removal as in de Chazal et al. (2004): the baseline is estimated with a 200 ms
 * median filter followed by a 600 ms median filter (removing QRS complexes and P waves, then T
 * waves) and subtracted from the signal. Window widths are configurable; edges use a shrinking
 * window.
 */
public final class MedianBaseline implements SignalStep {
    private final double firstMs;
    private final double secondMs;

    public MedianBaseline(double firstMs, double secondMs) {
        if (!(firstMs > 0) || !(secondMs > 0)) throw new IllegalArgumentException("median widths must be > 0 ms");
        this.firstMs = firstMs;
        this.secondMs = secondMs;
    }

    @Override
    public double[] apply(double[] x, double fs) {
        double[] b = median(x, oddWidth(firstMs, fs));
        b = median(b, oddWidth(secondMs, fs));
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] - b[i];
        return y;
    }

    static int oddWidth(double ms, double fs) {
        int w = (int) Math.round(ms * fs / 1000.0);
        return Math.max(1, w | 1);
    }

    /** Running median with a sorted window (O(n·w)), centred; windows shrink at the edges. */
    static double[] median(double[] x, int w) {
        int n = x.length;
        double[] out = new double[n];
        if (n == 0) return out;
        int h = w / 2;
        double[] win = new double[w + 1];
        int size = 0;
        int lo = 0, hi = -1; // current window is x[lo..hi]
        for (int i = 0; i < n; i++) {
            int nlo = Math.max(0, i - h), nhi = Math.min(n - 1, i + h);
            while (hi < nhi) {
                hi++;
                double v = x[hi];
                int pos = Arrays.binarySearch(win, 0, size, v);
                if (pos < 0) pos = -pos - 1;
                System.arraycopy(win, pos, win, pos + 1, size - pos);
                win[pos] = v;
                size++;
            }
            while (lo < nlo) {
                double v = x[lo];
                int pos = Arrays.binarySearch(win, 0, size, v);
                System.arraycopy(win, pos + 1, win, pos, size - pos - 1);
                size--;
                lo++;
            }
            out[i] = (size & 1) == 1 ? win[size / 2] : 0.5 * (win[size / 2 - 1] + win[size / 2]);
        }
        return out;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "baseline_median: subtract median(median(x, %.0f ms), %.0f ms) (de Chazal 2004)", firstMs, secondMs);
    }
}
