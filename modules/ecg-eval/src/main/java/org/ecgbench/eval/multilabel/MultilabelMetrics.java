package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.Sorting;
import org.ecgbench.eval.Auc;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-label metrics in the style of the PTB-XL benchmark (Strodthoff et al. 2021) and ECGencode.
 *
 * <ul>
 *   <li><b>AUC</b>: per-label ROC AUC (exact Mann-Whitney, ties count one half). Labels without
 *   positives or without negatives have no AUC: they are skipped (NaN) and listed by
 *   {@link #aucSkippedLabels()}; {@code macro_auc} is the mean over the remaining labels (NaN if
 *   none).</li>
 *   <li><b>F-max</b> (threshold-free): {@code max over t of 2 P(t) R(t) / (P(t) + R(t))}, where a
 *   score ≥ t is a positive prediction, P(t) is the sample-averaged precision over samples with at
 *   least one positive prediction at t, and R(t) the sample-averaged recall over samples with at
 *   least one true label (samples without labels do not enter R). t runs over every distinct score
 *   value, so the maximum is exact (no grid). NaN when no sample has a label.</li>
 *   <li><b>At thresholds</b> (only when {@code thresholds} are given; a score ≥ threshold[k] is a
 *   positive prediction of label k): per-label precision, recall (= sensitivity), specificity, F1
 *   (2TP/(2TP+FP+FN)), zero divisions are 0 (sklearn zero_division=0); macro averages over
 *   <em>all</em> labels; micro F1; Hamming loss = fraction of wrong (sample, label) decisions.</li>
 * </ul>
 *
 * <p>{@link #toMap()} keys: {@code macro_auc, fmax}, then with thresholds {@code hamming_loss,
 * macro_precision, macro_recall, macro_specificity, macro_f1, micro_f1}, then per label X:
 * {@code support_X} (number of positives), {@code auc_X} and with thresholds {@code precision_X,
 * recall_X, specificity_X, f1_X}.
 */
public final class MultilabelMetrics {
    private final String[] labels;
    private final double[] thresholds;
    private final Map<String, Double> map;
    private final List<String> aucSkipped;
    private final double fmaxThreshold;

    private MultilabelMetrics(String[] labels, double[] thresholds, Map<String, Double> map, List<String> aucSkipped,
                              double fmaxThreshold) {
        this.labels = labels;
        this.thresholds = thresholds;
        this.map = map;
        this.aucSkipped = aucSkipped;
        this.fmaxThreshold = fmaxThreshold;
    }

    /**
     * @param yTrue      [n][L] true labels
     * @param scores     [n][L] finite scores (e.g. sigmoid outputs)
     * @param thresholds L per-label thresholds (score ≥ threshold → positive), or null for the
     *                   threshold-free metrics only
     * @param labels     L unique label names
     */
    public static MultilabelMetrics compute(boolean[][] yTrue, double[][] scores, double[] thresholds,
                                            String[] labels) {
        Engine e = new Engine("MultilabelMetrics.compute", yTrue, scores, thresholds, labels);
        double[] v = e.values(null);
        List<String> names = e.metricNames();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(names.get(i), v[i]);
        }
        List<String> skipped = new ArrayList<>();
        for (String l : labels) {
            if (Double.isNaN(m.get("auc_" + l))) {
                skipped.add(l);
            }
        }
        return new MultilabelMetrics(labels.clone(), thresholds == null ? null : thresholds.clone(),
                Collections.unmodifiableMap(m), Collections.unmodifiableList(skipped), e.fmax(null)[1]);
    }

    /** As {@link #compute(boolean[][], double[][], double[], String[])} with 0/1 integer labels. */
    public static MultilabelMetrics compute(int[][] yTrue, double[][] scores, double[] thresholds, String[] labels) {
        return compute(toBoolean("MultilabelMetrics.compute", yTrue), scores, thresholds, labels);
    }

    /** Converts a 0/1 matrix; any other value is an error naming its position. */
    public static boolean[][] toBoolean(String what, int[][] y) {
        if (y == null) {
            throw new IllegalArgumentException(what + ": yTrue is null");
        }
        boolean[][] b = new boolean[y.length][];
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null) {
                throw new IllegalArgumentException(what + ": yTrue[" + i + "] is null");
            }
            b[i] = new boolean[y[i].length];
            for (int k = 0; k < y[i].length; k++) {
                int v = y[i][k];
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException(what + ": yTrue[" + i + "][" + k + "] = " + v
                            + " is not 0 or 1");
                }
                b[i][k] = v == 1;
            }
        }
        return b;
    }

    /** Flat name → value map (see the class comment). */
    public Map<String, Double> toMap() {
        return map;
    }

    /** One metric by name; throws naming the available names when unknown. */
    public double get(String metric) {
        Double v = map.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("MultilabelMetrics: no metric '" + metric + "'; available: "
                    + map.keySet());
        }
        return v;
    }

    public String[] labels() {
        return labels.clone();
    }

    /** Thresholds used, or null. */
    public double[] thresholds() {
        return thresholds == null ? null : thresholds.clone();
    }

    public boolean hasThresholds() {
        return thresholds != null;
    }

    /** Labels without an AUC (no positives or no negatives), excluded from macro AUC. */
    public List<String> aucSkippedLabels() {
        return aucSkipped;
    }

    public double macroAuc() {
        return map.get("macro_auc");
    }

    public double fmax() {
        return map.get("fmax");
    }

    /** Highest threshold at which {@link #fmax()} is reached (NaN when F-max is NaN). */
    public double fmaxThreshold() {
        return fmaxThreshold;
    }

    /** Hamming loss (NaN without thresholds). */
    public double hammingLoss() {
        return map.getOrDefault("hamming_loss", Double.NaN);
    }

    /** Macro F1 over all labels (NaN without thresholds). */
    public double macroF1() {
        return map.getOrDefault("macro_f1", Double.NaN);
    }

    /** Per-label AUC (NaN where skipped). */
    public double auc(String label) {
        return get("auc_" + label);
    }

    /**
     * Precomputed structures for repeated weighted evaluation (the point estimate uses weights 1, a
     * bootstrap resample uses multiplicities), so point and resampled values share one code path.
     */
    static final class Engine {
        final int n;
        final int nl;
        final String[] labels;
        final boolean[] y;        // flat [i * nl + k]
        final boolean[] pred;     // flat, null without thresholds
        final Auc.Ranked[] ranked;
        final int[] fmaxOrder;    // flat indices by descending score
        final int[] fmaxGroupEnd;
        final double[] flatScore;
        final int fmaxGroups;
        final int[] fmaxSample;      // sample of the j-th sorted entry
        final boolean[] fmaxTrue;    // label of the j-th sorted entry
        final double[] inv;          // inv[m] = 1/m
        final int[] posPerSample;
        final int[][] positivesOfLabel;

        Engine(String what, boolean[][] yTrue, double[][] scores, double[] thresholds, String[] labels) {
            Inputs.checkClassNames(what, labels);
            this.labels = labels.clone();
            nl = labels.length;
            if (yTrue == null || scores == null) {
                throw new IllegalArgumentException(what + ": yTrue or scores is null");
            }
            n = yTrue.length;
            if (n == 0) {
                throw new IllegalArgumentException(what + ": yTrue is empty");
            }
            if (scores.length != n) {
                throw new IllegalArgumentException(what + ": scores has " + scores.length + " rows but yTrue has " + n);
            }
            if (thresholds != null && thresholds.length != nl) {
                throw new IllegalArgumentException(what + ": thresholds has " + thresholds.length
                        + " entries but there are " + nl + " labels");
            }
            if (thresholds != null) {
                for (int k = 0; k < nl; k++) {
                    if (Double.isNaN(thresholds[k])) {
                        throw new IllegalArgumentException(what + ": thresholds[" + k + "] is NaN");
                    }
                }
            }
            y = new boolean[n * nl];
            flatScore = new double[n * nl];
            pred = thresholds == null ? null : new boolean[n * nl];
            posPerSample = new int[n];
            int[] posCount = new int[nl];
            for (int i = 0; i < n; i++) {
                if (yTrue[i] == null || yTrue[i].length != nl) {
                    throw new IllegalArgumentException(what + ": yTrue[" + i + "] has "
                            + (yTrue[i] == null ? "no" : String.valueOf(yTrue[i].length)) + " entries, expected " + nl);
                }
                if (scores[i] == null || scores[i].length != nl) {
                    throw new IllegalArgumentException(what + ": scores[" + i + "] has "
                            + (scores[i] == null ? "no" : String.valueOf(scores[i].length)) + " entries, expected " + nl);
                }
                for (int k = 0; k < nl; k++) {
                    double s = scores[i][k];
                    if (!Double.isFinite(s)) {
                        throw new IllegalArgumentException(what + ": scores[" + i + "][" + k + "] = " + s
                                + " is not finite");
                    }
                    int f = i * nl + k;
                    y[f] = yTrue[i][k];
                    flatScore[f] = s;
                    if (y[f]) {
                        posPerSample[i]++;
                        posCount[k]++;
                    }
                    if (pred != null) {
                        pred[f] = s >= thresholds[k];
                    }
                }
            }
            positivesOfLabel = new int[nl][];
            for (int k = 0; k < nl; k++) {
                positivesOfLabel[k] = new int[posCount[k]];
            }
            int[] fill = new int[nl];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nl; k++) {
                    if (y[i * nl + k]) {
                        positivesOfLabel[k][fill[k]++] = i;
                    }
                }
            }
            ranked = new Auc.Ranked[nl];
            for (int k = 0; k < nl; k++) {
                double[] s = new double[n];
                boolean[] p = new boolean[n];
                for (int i = 0; i < n; i++) {
                    s[i] = flatScore[i * nl + k];
                    p[i] = y[i * nl + k];
                }
                ranked[k] = new Auc.Ranked(s, p);
            }
            fmaxOrder = Sorting.argsortDescending(flatScore);
            int[] ge = new int[fmaxOrder.length];
            int g = 0;
            for (int j = 1; j <= fmaxOrder.length; j++) {
                if (j == fmaxOrder.length || flatScore[fmaxOrder[j]] != flatScore[fmaxOrder[j - 1]]) {
                    ge[g++] = j;
                }
            }
            fmaxGroupEnd = ge;
            fmaxGroups = g;
            fmaxSample = new int[fmaxOrder.length];
            fmaxTrue = new boolean[fmaxOrder.length];
            for (int j = 0; j < fmaxOrder.length; j++) {
                fmaxSample[j] = fmaxOrder[j] / nl;
                fmaxTrue[j] = y[fmaxOrder[j]];
            }
            inv = new double[nl + 1];
            for (int m = 1; m <= nl; m++) {
                inv[m] = 1.0 / m;
            }
        }

        boolean hasThresholds() {
            return pred != null;
        }

        List<String> metricNames() {
            List<String> names = new ArrayList<>(List.of("macro_auc", "fmax"));
            if (pred != null) {
                names.addAll(List.of("hamming_loss", "macro_precision", "macro_recall", "macro_specificity",
                        "macro_f1", "micro_f1"));
            }
            for (String l : labels) {
                names.add("support_" + l);
                names.add("auc_" + l);
                if (pred != null) {
                    names.add("precision_" + l);
                    names.add("recall_" + l);
                    names.add("specificity_" + l);
                    names.add("f1_" + l);
                }
            }
            return names;
        }

        /** Labels without positives under multiplicities w (null = all 1). */
        List<String> labelsWithoutPositives(int[] w) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < nl; k++) {
                if (!hasPositive(k, w)) {
                    out.add(labels[k]);
                }
            }
            return out;
        }

        boolean allLabelsHavePositives(int[] w) {
            for (int k = 0; k < nl; k++) {
                if (!hasPositive(k, w)) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasPositive(int k, int[] w) {
            for (int i : positivesOfLabel[k]) {
                if (w == null || w[i] > 0) {
                    return true;
                }
            }
            return false;
        }

        /** Metric values (order of {@link #metricNames()}) under multiplicities w (null = all 1). */
        double[] values(int[] w) {
            double[] auc = new double[nl];
            double aucSum = 0;
            int aucCnt = 0;
            for (int k = 0; k < nl; k++) {
                auc[k] = ranked[k].auc(w);
                if (!Double.isNaN(auc[k])) {
                    aucSum += auc[k];
                    aucCnt++;
                }
            }
            long[] support = new long[nl];
            long[] tp = new long[nl];
            long[] fp = new long[nl];
            long[] fn = new long[nl];
            long[] tn = new long[nl];
            long totalW = 0;
            for (int i = 0; i < n; i++) {
                long wi = w == null ? 1 : w[i];
                if (wi == 0) {
                    continue;
                }
                totalW += wi;
                int base = i * nl;
                for (int k = 0; k < nl; k++) {
                    boolean t = y[base + k];
                    if (t) {
                        support[k] += wi;
                    }
                    if (pred != null) {
                        boolean p = pred[base + k];
                        if (t && p) {
                            tp[k] += wi;
                        } else if (p) {
                            fp[k] += wi;
                        } else if (t) {
                            fn[k] += wi;
                        } else {
                            tn[k] += wi;
                        }
                    }
                }
            }
            List<Double> out = new ArrayList<>();
            out.add(aucCnt == 0 ? Double.NaN : aucSum / aucCnt);
            out.add(fmax(w)[0]);
            double[] prec = new double[nl];
            double[] rec = new double[nl];
            double[] spec = new double[nl];
            double[] f1 = new double[nl];
            if (pred != null) {
                long sTp = 0;
                long sFp = 0;
                long sFn = 0;
                double mp = 0;
                double mr = 0;
                double ms = 0;
                double mf = 0;
                for (int k = 0; k < nl; k++) {
                    prec[k] = ratio(tp[k], tp[k] + fp[k]);
                    rec[k] = ratio(tp[k], tp[k] + fn[k]);
                    spec[k] = ratio(tn[k], tn[k] + fp[k]);
                    f1[k] = ratio(2.0 * tp[k], 2.0 * tp[k] + fp[k] + fn[k]);
                    mp += prec[k];
                    mr += rec[k];
                    ms += spec[k];
                    mf += f1[k];
                    sTp += tp[k];
                    sFp += fp[k];
                    sFn += fn[k];
                }
                out.add((double) (sFp + sFn) / ((double) totalW * nl));
                out.add(mp / nl);
                out.add(mr / nl);
                out.add(ms / nl);
                out.add(mf / nl);
                out.add(ratio(2.0 * sTp, 2.0 * sTp + sFp + sFn));
            }
            for (int k = 0; k < nl; k++) {
                out.add((double) support[k]);
                out.add(auc[k]);
                if (pred != null) {
                    out.add(prec[k]);
                    out.add(rec[k]);
                    out.add(spec[k]);
                    out.add(f1[k]);
                }
            }
            double[] v = new double[out.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = out.get(j);
            }
            return v;
        }

        private static double ratio(double a, double b) {
            return b == 0 ? 0.0 : a / b;
        }

        /** {F-max, highest threshold reaching it} under multiplicities w (null = all 1). */
        double[] fmax(int[] w) {
            int[] tpS = new int[n];
            int[] predS = new int[n];
            double precSum = 0;
            double precW = 0;
            double recSum = 0;
            double recW = 0;
            for (int i = 0; i < n; i++) {
                if (posPerSample[i] > 0) {
                    recW += w == null ? 1 : w[i];
                }
            }
            if (recW == 0) {
                return new double[]{Double.NaN, Double.NaN};
            }
            double best = 0;
            double bestT = Double.NaN;
            int start = 0;
            for (int g = 0; g < fmaxGroups; g++) {
                int end = fmaxGroupEnd[g];
                for (int j = start; j < end; j++) {
                    int i = fmaxSample[j];
                    double wi = w == null ? 1 : w[i];
                    if (wi == 0) {
                        continue;
                    }
                    int pr = predS[i];
                    int t = tpS[i];
                    if (pr > 0) {
                        precSum -= wi * t * inv[pr];
                    } else {
                        precW += wi;
                    }
                    pr++;
                    predS[i] = pr;
                    if (fmaxTrue[j]) {
                        t++;
                        tpS[i] = t;
                        // recall only changes when a true label is predicted: +w/pos
                        recSum += wi * inv[posPerSample[i]];
                    }
                    precSum += wi * t * inv[pr];
                }
                start = end;
                if (precW > 0) {
                    double p = precSum / precW;
                    double r = recSum / recW;
                    double fv = p + r > 0 ? 2 * p * r / (p + r) : 0;
                    if (fv > best || Double.isNaN(bestT)) {
                        best = fv;
                        bestT = flatScore[fmaxOrder[end - 1]];
                    }
                }
            }
            return new double[]{Double.isNaN(bestT) ? Double.NaN : best, bestT};
        }
    }
}
