package org.ecgbench.signal.rhythm;

import java.util.List;

/**
 * RR-interval (rhythm) features of every beat of one record, computed from the R-peak sample
 * positions of ALL annotated beats of the record in time order (every WFDB beat annotation, whatever
 * its class, including beats that a label map or the window fit later drop) and the sampling
 * frequency. Labels are never used. All intervals are in seconds.
 *
 * <p>For beat {@code i} with R peak at {@code t[i]} seconds and {@code rr[i] = t[i] − t[i−1]}:
 * <ul>
 *   <li>{@code pre_rr} = {@code rr[i]}; first beat of the record: {@code post_rr} (its own next interval).</li>
 *   <li>{@code post_rr} = {@code rr[i+1]}; last beat: {@code pre_rr}. (The only look-ahead: one beat.)</li>
 *   <li>{@code local_rr}: trailing mean of the pre-RR of beats {@code max(0, i−9) … i}
 *       ({@value #LOCAL_BEATS} intervals including the beat's own pre-RR; fewer at the start of the record).</li>
 *   <li>{@code long_rr}: causal long-term mean: mean of the pre-RR of the beats {@code j ≤ i} whose R peak lies
 *       within the trailing {@value #LONG_SECONDS} s ({@code t[j] > t[i] − 300 s}); when that holds fewer than
 *       {@value #LONG_MIN_BEATS} intervals, the last {@value #LONG_MIN_BEATS} (as many as exist) are averaged.</li>
 *   <li>ratios (patient-normalised forms): {@code pre_over_local}, {@code post_over_pre}, {@code pre_over_long},
 *       {@code post_over_long}, {@code local_over_long}.</li>
 * </ul>
 * Edge rule: the pre-RR of beat 0 is taken as its post-RR in every statistic (so beat 0's local and long-term
 * means equal its post-RR and its pre/post ratio is 1). A record needs at least 2 beats.
 */
public final class RrFeatures {
    public static final int LOCAL_BEATS = 10;
    public static final double LONG_SECONDS = 300.0;
    public static final int LONG_MIN_BEATS = 32;

    public static final int PRE = 0, POST = 1, LOCAL = 2, LONG = 3, PRE_OVER_LOCAL = 4, POST_OVER_PRE = 5, PRE_OVER_LONG = 6,
            POST_OVER_LONG = 7, LOCAL_OVER_LONG = 8;
    public static final List<String> NAMES = List.of("pre_rr", "post_rr", "local_rr", "long_rr", "pre_over_local", "post_over_pre",
            "pre_over_long", "post_over_long", "local_over_long");

    private RrFeatures() {}

    /**
     * Features {@code [beat][feature]} in the order of {@link #NAMES}.
     *
     * @param rPeaks R-peak sample positions of all beats of the record, strictly increasing
     * @param fs     sampling frequency in Hz
     */
    public static double[][] compute(long[] rPeaks, double fs) {
        int n = rPeaks.length;
        if (n < 2) throw new IllegalArgumentException("RR features need at least 2 beats in a record, got " + n);
        if (!(fs > 0)) throw new IllegalArgumentException("sampling frequency must be > 0, got " + fs);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            if (i > 0 && rPeaks[i] <= rPeaks[i - 1]) {
                throw new IllegalArgumentException("R peaks must be strictly increasing: beat " + i + " at sample " + rPeaks[i]
                        + " follows sample " + rPeaks[i - 1]);
            }
            t[i] = rPeaks[i] / fs;
        }
        double[] pre = new double[n];
        for (int i = 1; i < n; i++) pre[i] = t[i] - t[i - 1];
        pre[0] = pre[1];
        // prefix sums of pre for O(1) window means
        double[] cum = new double[n + 1];
        for (int i = 0; i < n; i++) cum[i + 1] = cum[i] + pre[i];
        double[][] f = new double[n][NAMES.size()];
        int lo = 0; // first beat inside the trailing 300 s window
        for (int i = 0; i < n; i++) {
            double post = i + 1 < n ? t[i + 1] - t[i] : pre[i];
            int a = Math.max(0, i - LOCAL_BEATS + 1);
            double local = (cum[i + 1] - cum[a]) / (i + 1 - a);
            while (t[lo] <= t[i] - LONG_SECONDS) lo++;
            int b = Math.min(lo, Math.max(0, i - LONG_MIN_BEATS + 1));
            double lng = (cum[i + 1] - cum[b]) / (i + 1 - b);
            double[] r = f[i];
            r[PRE] = pre[i];
            r[POST] = post;
            r[LOCAL] = local;
            r[LONG] = lng;
            r[PRE_OVER_LOCAL] = pre[i] / local;
            r[POST_OVER_PRE] = post / pre[i];
            r[PRE_OVER_LONG] = pre[i] / lng;
            r[POST_OVER_LONG] = post / lng;
            r[LOCAL_OVER_LONG] = local / lng;
        }
        return f;
    }

    /** Same as {@link #compute(long[], double)} for int sample positions. */
    public static double[][] compute(int[] rPeaks, double fs) {
        long[] l = new long[rPeaks.length];
        for (int i = 0; i < l.length; i++) l[i] = rPeaks[i];
        return compute(l, fs);
    }
}
