package org.ecgbench.baselines.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgbench.signal.rhythm.RrFeatures;
import org.ecgbench.signal.rhythm.RunningTemplate;

/**
 * Per-beat feature rows for the classical baselines, computed one record at a time from
 * (1) the record's beat windows in time order — one lead, R peak at index {@code rIndex}, in millivolts
 * after RECORD-level preprocessing only (BaselineBench: median baseline removal 200/600 ms + 2nd-order
 * Butterworth band-pass 0.5–40 Hz), NOT window z-scored (amplitudes are features);
 * (2) the R-peak samples of those windows, and of ALL beat annotations of the record (for RR);
 * (3) the sampling frequency. Labels are never used. Offsets below are relative to the R peak; a
 * sample offset outside the window is clamped to the window's edge (never happens for 360-sample
 * windows at 360 Hz with 180 before R).
 *
 * <p><b>RR features</b> ({@link RrFeatures}): pre_rr, post_rr, local_rr (trailing 10), long_rr (causal
 * trailing 5 min, ≥ 32 intervals), pre_over_local, post_over_pre, pre_over_long, post_over_long, local_over_long.
 *
 * <p><b>{@link FeatureSet#DE_CHAZAL}</b> (24): pre_rr, post_rr, avg_rr (= our causal long_rr; de Chazal
 * averaged ±5 min around the beat), local_rr (trailing 10 beats; his was centred); qrs_width (amplitude
 * proxy, below, instead of the delineated QRS onset→offset); qrs_s0..qrs_s9: the signal at 10 evenly
 * spaced offsets −50…+100 ms (60 Hz); t_s0..t_s8: 9 evenly spaced offsets +150…+490 ms (his window ran
 * +150…+500 ms; ours ends at +490 ms to stay inside a ±500 ms window). NOT reproduced (need ecgpuwave-style
 * delineation or the second lead): QRS onset/offset-based duration, T-wave duration, P-wave present flag,
 * P-wave duration, and all features of the second lead (V1).
 *
 * <p><b>{@link FeatureSet#RHYTHM_MORPHOLOGY}</b> (22): the 9 RR features; qrs_width: span (s) of the samples in
 * [−100, +150] ms whose |x| ≥ 0.3 · max |x| there; qrs_slope_width: span (s) in [−100, +150] ms of the samples
 * whose |first difference| ≥ 0.2 · its max there; r_amp: x at the R peak; qrs_max, qrs_min, qrs_pp (max − min),
 * qrs_abs_mean (mean |x|), all over [−50, +100] ms; t_max, t_min over [+150, +490] ms; p_pp: max − min over
 * [−250, −80] ms (P-wave size proxy); tmpl_corr: Pearson correlation with the causal running median template
 * ({@link RunningTemplate}, previous 32 beats) over [−100, +150] ms; tmpl_diff_rms: RMS of beat − template over
 * [−100, +150] ms divided by the template's qrs_pp (+1e-3 mV); tmpl_pp_ratio: qrs_pp / (template qrs_pp + 1e-3 mV).
 */
public final class BeatFeatures {
    public static final int TEMPLATE_DEPTH = RunningTemplate.DEFAULT_DEPTH;

    private BeatFeatures() {}

    public static List<String> names(FeatureSet set) {
        List<String> n = new ArrayList<>();
        switch (set) {
            case RR_ONLY -> n.addAll(RrFeatures.NAMES);
            case DE_CHAZAL -> {
                n.addAll(List.of("pre_rr", "post_rr", "avg_rr", "local_rr", "qrs_width"));
                for (int k = 0; k < 10; k++) n.add("qrs_s" + k);
                for (int k = 0; k < 9; k++) n.add("t_s" + k);
            }
            case RHYTHM_MORPHOLOGY -> {
                n.addAll(RrFeatures.NAMES);
                n.addAll(List.of("qrs_width", "qrs_slope_width", "r_amp", "qrs_max", "qrs_min", "qrs_pp", "qrs_abs_mean", "t_max", "t_min",
                        "p_pp", "tmpl_corr", "tmpl_diff_rms", "tmpl_pp_ratio"));
            }
        }
        return List.copyOf(n);
    }

    /**
     * Feature rows for the beats of one record.
     *
     * @param windows     the record's beat windows in time order (one lead, R at {@code rIndex})
     * @param windowPeaks R-peak sample of each window (strictly increasing)
     * @param allPeaks    R-peak samples of all beat annotations of the record (a superset of windowPeaks)
     * @param fs          sampling frequency (Hz)
     * @param rIndex      index of the R peak inside each window (BeatExtractor's {@code before})
     */
    public static double[][] record(FeatureSet set, double[][] windows, long[] windowPeaks, long[] allPeaks, double fs, int rIndex) {
        if (windows.length != windowPeaks.length) throw new IllegalArgumentException(windows.length + " windows but " + windowPeaks.length + " R peaks");
        double[][] rr = RrFeatures.compute(allPeaks, fs);
        double[][] tmpl = set == FeatureSet.RHYTHM_MORPHOLOGY ? RunningTemplate.templates(windows, TEMPLATE_DEPTH) : null;
        double[][] out = new double[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            int k = Arrays.binarySearch(allPeaks, windowPeaks[i]);
            if (k < 0) throw new IllegalArgumentException("window " + i + ": R peak " + windowPeaks[i] + " is not among the record's beat annotations");
            out[i] = row(set, windows[i], rIndex, fs, rr[k], tmpl == null ? null : tmpl[i]);
        }
        return out;
    }

    /** One feature row from a window, its RR features ({@link RrFeatures#NAMES} order) and (RHYTHM_MORPHOLOGY) its template. */
    public static double[] row(FeatureSet set, double[] w, int r, double fs, double[] rr, double[] template) {
        if (r < 0 || r >= w.length) throw new IllegalArgumentException("R index " + r + " outside a window of " + w.length);
        double[] o;
        switch (set) {
            case RR_ONLY -> o = rr.clone();
            case DE_CHAZAL -> {
                o = new double[24];
                o[0] = rr[RrFeatures.PRE];
                o[1] = rr[RrFeatures.POST];
                o[2] = rr[RrFeatures.LONG];
                o[3] = rr[RrFeatures.LOCAL];
                o[4] = ampWidth(w, r, fs);
                for (int k = 0; k < 10; k++) o[5 + k] = w[idx(w, r, fs, -50 + k * 150.0 / 9)];
                for (int k = 0; k < 9; k++) o[15 + k] = w[idx(w, r, fs, 150 + k * 340.0 / 8)];
            }
            case RHYTHM_MORPHOLOGY -> {
                if (template == null) throw new IllegalArgumentException("rhythm_morphology needs the beat's running template");
                o = new double[22];
                System.arraycopy(rr, 0, o, 0, 9);
                int a = idx(w, r, fs, -50), b = idx(w, r, fs, 100);
                double mx = max(w, a, b), mn = min(w, a, b), pp = mx - mn;
                double abs = 0;
                for (int s = a; s <= b; s++) abs += Math.abs(w[s]);
                int ta = idx(w, r, fs, 150), tb = idx(w, r, fs, 490);
                int pa = idx(w, r, fs, -250), pb = idx(w, r, fs, -80);
                int ca = idx(w, r, fs, -100), cb = idx(w, r, fs, 150);
                double tpp = max(template, a, b) - min(template, a, b);
                o[9] = ampWidth(w, r, fs);
                o[10] = slopeWidth(w, r, fs);
                o[11] = w[r];
                o[12] = mx;
                o[13] = mn;
                o[14] = pp;
                o[15] = abs / (b - a + 1);
                o[16] = max(w, ta, tb);
                o[17] = min(w, ta, tb);
                o[18] = max(w, pa, pb) - min(w, pa, pb);
                o[19] = corr(w, template, ca, cb);
                double ss = 0;
                for (int s = ca; s <= cb; s++) ss += (w[s] - template[s]) * (w[s] - template[s]);
                o[20] = Math.sqrt(ss / (cb - ca + 1)) / (tpp + 1e-3);
                o[21] = pp / (tpp + 1e-3);
            }
            default -> throw new IllegalStateException();
        }
        return o;
    }

    static int idx(double[] w, int r, double fs, double ms) {
        int s = r + (int) Math.round(ms * fs / 1000.0);
        return Math.max(0, Math.min(w.length - 1, s));
    }

    /** Span in seconds of the samples in [−100, +150] ms with |x| ≥ 0.3 · max |x| there. */
    static double ampWidth(double[] w, int r, double fs) {
        int a = idx(w, r, fs, -100), b = idx(w, r, fs, 150);
        double m = 0;
        for (int s = a; s <= b; s++) m = Math.max(m, Math.abs(w[s]));
        if (m == 0) return 0;
        int first = -1, last = -1;
        for (int s = a; s <= b; s++) {
            if (Math.abs(w[s]) >= 0.3 * m) {
                if (first < 0) first = s;
                last = s;
            }
        }
        return (last - first) / fs;
    }

    /** Span in seconds of the samples in [−100, +150] ms whose |x[s+1] − x[s]| ≥ 0.2 · its max there. */
    static double slopeWidth(double[] w, int r, double fs) {
        int a = idx(w, r, fs, -100), b = Math.min(idx(w, r, fs, 150), w.length - 2);
        double m = 0;
        for (int s = a; s <= b; s++) m = Math.max(m, Math.abs(w[s + 1] - w[s]));
        if (m == 0) return 0;
        int first = -1, last = -1;
        for (int s = a; s <= b; s++) {
            if (Math.abs(w[s + 1] - w[s]) >= 0.2 * m) {
                if (first < 0) first = s;
                last = s;
            }
        }
        return (last - first + 1) / fs;
    }

    private static double max(double[] w, int a, int b) {
        double m = Double.NEGATIVE_INFINITY;
        for (int s = a; s <= b; s++) m = Math.max(m, w[s]);
        return m;
    }

    private static double min(double[] w, int a, int b) {
        double m = Double.POSITIVE_INFINITY;
        for (int s = a; s <= b; s++) m = Math.min(m, w[s]);
        return m;
    }

    /** Pearson correlation over [a, b]; 0 when either side is constant. */
    static double corr(double[] x, double[] y, int a, int b) {
        int n = b - a + 1;
        double mx = 0, my = 0;
        for (int s = a; s <= b; s++) {
            mx += x[s];
            my += y[s];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int s = a; s <= b; s++) {
            sxy += (x[s] - mx) * (y[s] - my);
            sxx += (x[s] - mx) * (x[s] - mx);
            syy += (y[s] - my) * (y[s] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
