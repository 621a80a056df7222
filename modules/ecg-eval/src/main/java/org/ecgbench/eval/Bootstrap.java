package org.ecgbench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap confidence intervals for every {@link MulticlassMetrics} metric.
 *
 * <p>Beat level ({@code clusterIds == null}): each resample draws n windows with replacement.
 * Record level (cluster bootstrap): each resample draws as many records (patients) as there are,
 * with replacement, and pools all their windows — the honest interval when windows of one patient
 * are not independent. Both are implemented as integer weights per window, so confusion metrics
 * cost O(n) and AUCs O(n) per resample (scores are sorted once). A metric that is undefined (NaN)
 * in a resample is skipped for that resample and the number of valid resamples is reported.
 * Results depend only on the seed (resample r uses its own generator derived from seed and r), so
 * they are identical whatever the number of threads.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Point estimate on the full data and the percentile interval. */
    public record Interval(double point, double lower, double upper, int valid) {}

    public static Map<String, Interval> bootstrap(int[] yTrue, int[] yPred, double[][] probs, String[] classNames, String[] clusterIds,
                                                  int nResamples, long seed, double level, boolean includeAuc) {
        int n = yTrue.length;
        int k = classNames.length;
        MulticlassMetrics full = MulticlassMetrics.compute(yTrue, yPred, includeAuc ? probs : null, classNames);
        Map<String, Double> point = full.toMap();
        List<String> names = new ArrayList<>(point.keySet());
        names.removeIf(s -> s.startsWith("support_"));
        // clusters
        int[] cluster = null;
        int nClusters = 0;
        int[][] members = null;
        if (clusterIds != null) {
            Map<String, Integer> idx = new HashMap<>();
            cluster = new int[n];
            for (int i = 0; i < n; i++) cluster[i] = idx.computeIfAbsent(clusterIds[i], s -> idx.size());
            nClusters = idx.size();
            int[] sizes = new int[nClusters];
            for (int c : cluster) sizes[c]++;
            members = new int[nClusters][];
            for (int c = 0; c < nClusters; c++) members[c] = new int[sizes[c]];
            int[] fill = new int[nClusters];
            for (int i = 0; i < n; i++) members[cluster[i]][fill[cluster[i]]++] = i;
        }
        AucPrep[] auc = null;
        if (includeAuc && probs != null) {
            auc = new AucPrep[k];
            for (int c = 0; c < k; c++) auc[c] = new AucPrep(yTrue, probs, c);
        }
        final int[][] mem = members;
        final int nc = nClusters;
        final AucPrep[] aucF = auc;
        double[][] samples = new double[names.size()][nResamples];
        IntStream.range(0, nResamples).parallel().forEach(r -> {
            SplittableRandom rnd = new SplittableRandom(mix(seed, r));
            int[] w = new int[n];
            if (mem == null) {
                for (int i = 0; i < n; i++) w[rnd.nextInt(n)]++;
            } else {
                for (int j = 0; j < nc; j++) {
                    for (int i : mem[rnd.nextInt(nc)]) w[i]++;
                }
            }
            long[][] cm = new long[k][k];
            for (int i = 0; i < n; i++) if (w[i] != 0) cm[yTrue[i]][yPred[i]] += w[i];
            Map<String, Double> m = MulticlassMetrics.fromConfusion(cm, classNames);
            if (aucF != null) {
                double s = 0;
                int cnt = 0;
                for (int c = 0; c < k; c++) {
                    double a = aucF[c].weighted(w);
                    m.put("auc_" + classNames[c], a);
                    if (!Double.isNaN(a)) {
                        s += a;
                        cnt++;
                    }
                }
                m.put("macro_auc", cnt == 0 ? Double.NaN : s / cnt);
            }
            for (int j = 0; j < names.size(); j++) {
                Double v = m.get(names.get(j));
                samples[j][r] = v == null ? Double.NaN : v;
            }
        });
        Map<String, Interval> out = new LinkedHashMap<>();
        double a = (1 - level) / 2;
        for (int j = 0; j < names.size(); j++) {
            double[] v = Arrays.stream(samples[j]).filter(x -> !Double.isNaN(x)).sorted().toArray();
            double p = point.getOrDefault(names.get(j), Double.NaN);
            if (v.length == 0) out.put(names.get(j), new Interval(p, Double.NaN, Double.NaN, 0));
            else out.put(names.get(j), new Interval(p, quantile(v, a), quantile(v, 1 - a), v.length));
        }
        return out;
    }

    /** Linear-interpolated quantile of sorted values (numpy's default "linear" method). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static long mix(long seed, long r) {
        long z = seed * 0x9E3779B97F4A7C15L + r * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One class's scores sorted once; weighted AUC in O(n) per resample. */
    static final class AucPrep {
        final int[] order;
        final boolean[] pos;
        final int[] groupEnd; // for position t in order, the last position of its tie group

        AucPrep(int[] yTrue, double[][] probs, int k) {
            int n = yTrue.length;
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            Arrays.sort(idx, (x, y) -> Double.compare(probs[x][k], probs[y][k]));
            order = new int[n];
            pos = new boolean[n];
            for (int t = 0; t < n; t++) {
                order[t] = idx[t];
                pos[t] = yTrue[idx[t]] == k;
            }
            groupEnd = new int[n];
            int t = 0;
            while (t < n) {
                int e = t;
                while (e + 1 < n && probs[order[e + 1]][k] == probs[order[t]][k]) e++;
                for (int q = t; q <= e; q++) groupEnd[q] = e;
                t = e + 1;
            }
        }

        double weighted(int[] w) {
            int n = order.length;
            double negBelow = 0, totPos = 0, totNeg = 0, u = 0;
            int t = 0;
            while (t < n) {
                int e = groupEnd[t];
                double gp = 0, gn = 0;
                for (int q = t; q <= e; q++) {
                    int wi = w[order[q]];
                    if (wi == 0) continue;
                    if (pos[q]) gp += wi;
                    else gn += wi;
                }
                u += gp * (negBelow + 0.5 * gn);
                negBelow += gn;
                totPos += gp;
                totNeg += gn;
                t = e + 1;
            }
            return totPos == 0 || totNeg == 0 ? Double.NaN : u / (totPos * totNeg);
        }
    }
}
