package org.ecgbench.signal.qrs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ecgbench.signal.preprocess.Butterworth;

/**
 * QRS detector for one ECG lead at any sampling rate: the Pan–Tompkins pipeline (J. Pan and W. J.
 * Tompkins, "A real-time QRS detection algorithm", IEEE Trans. Biomed. Eng. 32(3):230-236, 1985)
 * with the detection rules of P. S. Hamilton and W. J. Tompkins, "Quantitative investigation of QRS
 * detection rules using the MIT/BIH arrhythmia database", IEEE Trans. Biomed. Eng. 33(12):1157-1165,
 * 1986. It runs offline on a whole signal, so its filters are zero-phase and need no delay
 * compensation.
 *
 * <p>Steps (every duration is converted to samples at the given {@code fs}):
 * <ol>
 *   <li><b>Band-pass</b> {@code bandLowHz}–{@code bandHighHz} (default 5–15 Hz, the pass band of Pan &amp;
 *       Tompkins' integer filters), a Butterworth of order {@code filterOrder} designed for {@code fs},
 *       applied forward and backward ({@link Butterworth}).</li>
 *   <li><b>Derivative</b>: Pan &amp; Tompkins' five-point derivative, centred:
 *       {@code d[n] = fs/8 (−x[n−2] − 2x[n−1] + 2x[n+1] + x[n+2])}.</li>
 *   <li><b>Squaring</b> and <b>moving-window integration</b> over {@code integrationS} (150 ms), centred.</li>
 *   <li><b>Peaks</b> of the integrated signal; Hamilton &amp; Tompkins' rule 1: a peak within
 *       {@code refractoryS} (200 ms) of a larger one is ignored.</li>
 *   <li><b>Classification</b> of each peak in time order (Hamilton &amp; Tompkins' rules 3-5):
 *     <ul>
 *       <li>T-wave rule: a peak within {@code tWaveS} (360 ms) of the previous QRS whose maximal slope
 *           (|derivative|) is below half that QRS's slope is a T wave (counted as noise);</li>
 *       <li>a peak above the detection threshold {@code DT = NPK + thresholdFraction (QRSPK − NPK)} is a QRS,
 *           else noise; QRSPK and NPK are the medians of the last {@code history} (8) QRS and noise peak
 *           heights (H&amp;T compared mean and median estimators; TH = 0.3125 is their value);</li>
 *       <li>search-back: when no QRS was found for {@code searchBackRr} (1.5) mean RR intervals (mean of the
 *           last 8), the largest noise peak in that gap that lies at least {@code tWaveS} after the previous
 *           QRS and exceeds {@code searchBackFraction} (0.5) of DT is taken as a QRS.</li>
 *     </ul></li>
 *   <li><b>Learning</b> (offline): the QRS peak buffer starts as the maxima of the integrated signal in each
 *       1-s segment of the first {@code learningS} (8 s) — as Hamilton's open-source detector does — the noise
 *       buffer at 0 and the RR buffer at 1 s; detection then starts at sample 0.</li>
 *   <li><b>Fiducial point</b>: the sample of largest |band-passed| value within ±{@code refineS} (75 ms) of
 *       the integrated-signal peak, then the extremum of the input signal of the same sign within
 *       ±{@code rawRefineS} (20 ms) of it, so positions fall on the R (or dominant S/QS) peak as in the
 *       MIT-BIH reference annotations.</li>
 * </ol>
 * The detector is scale-invariant (mV or raw ADC units give the same beats) except for
 * {@code minAmplitude}: candidates whose peak |band-passed| value is not above
 * {@code max(minAmplitude, 1e-9 max|x|)} are ignored, so a flat (constant) signal gives no beats.
 * NaN samples are replaced by the previous valid sample (0 at the start).
 *
 * <p>Thread-safe: an instance holds only its immutable parameters.
 */
public final class QrsDetector {

    /**
     * Parameters (durations in seconds). {@link #defaults()} gives the published values listed in the class
     * comment.
     */
    public record Parameters(double bandLowHz, double bandHighHz, int filterOrder, Rectifier rectifier, double integrationS,
                             double refractoryS, double tWaveS, double thresholdFraction, int history,
                             double searchBackRr, double searchBackFraction, double learningS, double refineS,
                             double rawRefineS, double minAmplitude) {
        public Parameters {
            if (!(bandLowHz > 0 && bandLowHz < bandHighHz)) {
                throw new IllegalArgumentException("need 0 < bandLowHz < bandHighHz, got " + bandLowHz + ", " + bandHighHz);
            }
            java.util.Objects.requireNonNull(rectifier, "rectifier");
            if (filterOrder < 1 || filterOrder > 10) throw new IllegalArgumentException("filterOrder must be in 1..10, got " + filterOrder);
            if (!(integrationS > 0) || !(refractoryS > 0) || !(tWaveS >= 0) || !(learningS > 0) || !(refineS >= 0) || !(rawRefineS >= 0)) {
                throw new IllegalArgumentException("durations must be positive: " + this);
            }
            if (!(thresholdFraction > 0 && thresholdFraction < 1)) {
                throw new IllegalArgumentException("thresholdFraction must be in (0, 1), got " + thresholdFraction);
            }
            if (history < 1) throw new IllegalArgumentException("history must be >= 1, got " + history);
            if (!(searchBackRr > 1) || !(searchBackFraction > 0 && searchBackFraction <= 1)) {
                throw new IllegalArgumentException("need searchBackRr > 1 and 0 < searchBackFraction <= 1: " + this);
            }
            if (!(minAmplitude >= 0)) throw new IllegalArgumentException("minAmplitude must be >= 0, got " + minAmplitude);
        }

        /** Pan &amp; Tompkins / Hamilton &amp; Tompkins values (see the class comment). */
        public static Parameters defaults() {
            return new Parameters(5, 15, 2, Rectifier.ABS, 0.150, 0.200, 0.360, 0.3125, 8, 1.5, 0.5, 8.0, 0.075, 0.020, 0);
        }

        public Parameters withMinAmplitude(double a) {
            return new Parameters(bandLowHz, bandHighHz, filterOrder, rectifier, integrationS, refractoryS, tWaveS, thresholdFraction,
                    history, searchBackRr, searchBackFraction, learningS, refineS, rawRefineS, a);
        }

        public String describe() {
            return String.format(Locale.ROOT, "band-pass %.1f-%.1f Hz (Butterworth order %d, zero-phase), 5-point derivative, "
                    + "%s, %.0f ms integration; refractory %.0f ms, T-wave window %.0f ms, threshold NPK + %.4f (QRSPK - NPK) "
                    + "over medians of %d peaks, search-back after %.2f x mean RR at %.2f x threshold, learning %.1f s, "
                    + "fiducial within +-%.0f ms (band-passed) then +-%.0f ms (input)", bandLowHz, bandHighHz, filterOrder,
                    rectifier == Rectifier.SQUARE ? "squaring" : "absolute value", integrationS * 1e3, refractoryS * 1e3, tWaveS * 1e3,
                    thresholdFraction, history, searchBackRr, searchBackFraction, learningS, refineS * 1e3, rawRefineS * 1e3);
        }
    }

    /** How the derivative is rectified before integration. */
    public enum Rectifier {
        /** Squaring, as Pan &amp; Tompkins 1985. */
        SQUARE,
        /** Absolute value, as Hamilton's open-source detector (OSEA; Hamilton, Computers in Cardiology 29:101-104, 2002). */
        ABS
    }

    private final Parameters p;

    /** A detector with {@link Parameters#defaults()}. */
    public QrsDetector() {
        this(Parameters.defaults());
    }

    public QrsDetector(Parameters parameters) {
        this.p = parameters;
    }

    public Parameters parameters() { return p; }

    /**
     * R-peak sample indices (ascending, at least the refractory period apart) of {@code signal} sampled at
     * {@code fs} Hz. An empty, flat or very short signal gives an empty array.
     *
     * @throws IllegalArgumentException when {@code fs} is not above twice the band-pass upper edge
     */
    public int[] detect(double[] signal, double fs) {
        if (!(fs > 2 * p.bandHighHz())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sampling rate %.3f Hz is too low for the %.1f Hz band-pass upper edge (need > %.1f Hz)", fs, p.bandHighHz(),
                    2 * p.bandHighHz()));
        }
        int n = signal.length;
        if (n < 8) return new int[0];
        double[] x = sanitize(signal);
        double maxAbs = 0;
        for (double v : x) maxAbs = Math.max(maxAbs, Math.abs(v));
        double ampFloor = Math.max(p.minAmplitude(), 1e-9 * maxAbs);

        double[] bp = new Butterworth(Butterworth.Type.BANDPASS, p.filterOrder(), p.bandLowHz(), p.bandHighHz()).apply(x, fs);
        double[] d = derivative(bp, fs);
        double[] mwi = integrate(d, Math.max(1, (int) Math.round(p.integrationS() * fs)), p.rectifier());

        int half = Math.max(1, (int) Math.round(p.integrationS() * fs / 2));
        int refractory = Math.max(1, (int) Math.round(p.refractoryS() * fs));
        int[] cand = candidates(mwi, refractory);
        // per-candidate height, slope and amplitude check
        int m = 0;
        double[] height = new double[cand.length];
        double[] slope = new double[cand.length];
        for (int c : cand) {
            int lo = Math.max(0, c - half), hi = Math.min(n - 1, c + half);
            double s = 0, a = 0;
            for (int i = lo; i <= hi; i++) {
                s = Math.max(s, Math.abs(d[i]));
                a = Math.max(a, Math.abs(bp[i]));
            }
            if (!(a > ampFloor)) continue;
            cand[m] = c;
            height[m] = mwi[c];
            slope[m] = s;
            m++;
        }
        if (m == 0) return new int[0];
        List<Integer> qrs = classify(Arrays.copyOf(cand, m), height, slope, mwi, fs, refractory);
        return fiducials(qrs, bp, x, mwi, fs, refractory);
    }

    private static double[] sanitize(double[] s) {
        double[] x = new double[s.length];
        double last = 0;
        for (int i = 0; i < s.length; i++) {
            double v = s[i];
            if (Double.isFinite(v)) last = v;
            x[i] = last;
        }
        return x;
    }

    /** Pan &amp; Tompkins' five-point derivative, centred (zero delay); 0 at the two samples of each end. */
    static double[] derivative(double[] y, double fs) {
        int n = y.length;
        double[] d = new double[n];
        double k = fs / 8;
        for (int i = 2; i < n - 2; i++) d[i] = k * (2 * (y[i + 1] - y[i - 1]) + (y[i + 2] - y[i - 2]));
        return d;
    }

    /** Centred moving average of d² (or |d|) over w samples (the window is [i − w/2, i + w − 1 − w/2]). */
    static double[] integrate(double[] d0, int w, Rectifier rect) {
        int n = d0.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rect == Rectifier.SQUARE ? d0[i] * d0[i] : Math.abs(d0[i]);
        double[] out = new double[n];
        int left = w / 2, right = w - 1 - left;
        double sum = 0;
        // exact re-summation every block keeps rounding drift of the sliding sum negligible
        for (int i = 0; i < n; i++) {
            if ((i & 4095) == 0) {
                sum = 0;
                for (int j = Math.max(0, i - left); j <= Math.min(n - 1, i + right); j++) sum += d[j];
            } else {
                int add = i + right, drop = i - left - 1;
                if (add < n) sum += d[add];
                if (drop >= 0) sum -= d[drop];
            }
            out[i] = Math.max(0, sum) / w;
        }
        return out;
    }

    /** Local maxima of y that have no larger local maximum within ±r samples (ties: the earlier wins). */
    static int[] candidates(double[] y, int r) {
        int n = y.length;
        int[] lm = new int[Math.max(1, n / 2)];
        int k = 0;
        for (int i = 1; i < n - 1; i++) {
            if (y[i] > y[i - 1] && y[i] >= y[i + 1] && y[i] > 0) {
                if (k == lm.length) lm = Arrays.copyOf(lm, lm.length * 2);
                lm[k++] = i;
            }
        }
        int[] out = new int[k];
        int m = 0;
        for (int a = 0; a < k; a++) {
            int i = lm[a];
            boolean keep = true;
            for (int b = a - 1; b >= 0 && i - lm[b] <= r; b--) {
                if (y[lm[b]] >= y[i]) { keep = false; break; }
            }
            if (keep) {
                for (int b = a + 1; b < k && lm[b] - i <= r; b++) {
                    if (y[lm[b]] > y[i]) { keep = false; break; }
                }
            }
            if (keep) out[m++] = i;
        }
        return Arrays.copyOf(out, m);
    }

    /** Fixed-size ring of the most recent values with mean and median. */
    static final class Ring {
        private final double[] v;
        private int next;

        Ring(int size, double init) {
            v = new double[size];
            Arrays.fill(v, init);
        }

        void push(double x) {
            v[next] = x;
            next = (next + 1) % v.length;
        }

        double mean() {
            double s = 0;
            for (double x : v) s += x;
            return s / v.length;
        }

        double median() {
            double[] c = v.clone();
            Arrays.sort(c);
            int h = c.length / 2;
            return (c.length & 1) == 1 ? c[h] : 0.5 * (c[h - 1] + c[h]);
        }
    }

    private List<Integer> classify(int[] cand, double[] height, double[] slope, double[] mwi, double fs, int refractory) {
        int n = mwi.length;
        int m = cand.length;
        // learning: maxima of the integrated signal in each 1-s segment of the first learningS seconds
        int seg = Math.max(1, (int) Math.round(fs));
        int learnEnd = (int) Math.min(n, Math.round(p.learningS() * fs));
        List<Double> maxima = new ArrayList<>();
        for (int s = 0; s < learnEnd; s += seg) {
            double mx = 0;
            for (int i = s; i < Math.min(learnEnd, s + seg); i++) mx = Math.max(mx, mwi[i]);
            maxima.add(mx);
        }
        Ring qrsPk = new Ring(p.history(), 0);
        for (int i = 0; i < p.history(); i++) qrsPk.push(maxima.get(i % maxima.size()));
        Ring noisePk = new Ring(p.history(), 0);
        Ring rr = new Ring(p.history(), fs);
        int tWave = (int) Math.round(p.tWaveS() * fs);

        List<Integer> qrs = new ArrayList<>();
        int last = -1;          // sample of the last QRS
        double lastSlope = 0;
        List<Integer> pending = new ArrayList<>(); // candidate indices classified as noise since the last QRS
        for (int c = 0; c <= m; c++) {
            int t = c < m ? cand[c] : n + refractory; // sentinel: search back up to the end of the signal
            // search-back while the gap since the last QRS exceeds searchBackRr mean RR intervals
            while (last >= 0 && t - last > p.searchBackRr() * rr.mean()) {
                double dt = threshold(qrsPk, noisePk);
                int best = -1;
                for (int k : pending) {
                    if (cand[k] - last >= tWave && height[k] > p.searchBackFraction() * dt && (best < 0 || height[k] > height[best])) {
                        best = k;
                    }
                }
                if (best < 0) break;
                qrsPk.push(height[best]);
                rr.push(cand[best] - last);
                last = cand[best];
                lastSlope = slope[best];
                qrs.add(last);
                final int b = best;
                pending.removeIf(k -> k <= b);
            }
            if (c == m) break;
            if (last >= 0 && t - last < tWave && slope[c] < 0.5 * lastSlope) { // T wave
                noisePk.push(height[c]);
                pending.add(c);
                continue;
            }
            if (height[c] > threshold(qrsPk, noisePk)) {
                qrsPk.push(height[c]);
                if (last >= 0) rr.push(t - last);
                last = t;
                lastSlope = slope[c];
                qrs.add(t);
                pending.clear();
            } else {
                noisePk.push(height[c]);
                pending.add(c);
            }
        }
        return qrs;
    }

    private double threshold(Ring qrsPk, Ring noisePk) {
        double q = qrsPk.median(), nz = noisePk.median();
        return nz + p.thresholdFraction() * (q - nz);
    }

    private int[] fiducials(List<Integer> qrs, double[] bp, double[] x, double[] mwi, double fs, int refractory) {
        int n = x.length;
        int w = (int) Math.round(p.refineS() * fs);
        int wr = (int) Math.round(p.rawRefineS() * fs);
        int[] out = new int[qrs.size()];
        for (int q = 0; q < out.length; q++) {
            int c = qrs.get(q);
            int k = c;
            for (int i = Math.max(0, c - w); i <= Math.min(n - 1, c + w); i++) if (Math.abs(bp[i]) > Math.abs(bp[k])) k = i;
            double sign = bp[k] >= 0 ? 1 : -1;
            int r = k;
            for (int i = Math.max(0, k - wr); i <= Math.min(n - 1, k + wr); i++) if (sign * x[i] > sign * x[r]) r = i;
            out[q] = r;
        }
        Arrays.sort(out);
        // two fiducials closer than half the refractory period describe one complex: keep the first
        int m = 0;
        for (int i = 0; i < out.length; i++) {
            if (m > 0 && out[i] - out[m - 1] < refractory / 2) continue;
            out[m++] = out[i];
        }
        return Arrays.copyOf(out, m);
    }
}
