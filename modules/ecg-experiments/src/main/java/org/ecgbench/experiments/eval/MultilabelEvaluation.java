package org.ecgbench.experiments.eval;

import java.util.ArrayList;
import java.util.List;
import org.ecgbench.eval.multilabel.BootstrapResult;
import org.ecgbench.eval.multilabel.MultilabelBootstrap;
import org.ecgbench.eval.multilabel.MultilabelMetrics;
import org.ecgbench.eval.multilabel.Thresholds;
import org.ecgbench.pipeline.windows.LabeledWindows;

/**
 * Evaluation of sigmoid (multi-label) and binary outputs, in the ECGencode / PTB-XL-benchmark way:
 * per-label F1-optimal thresholds chosen on the validation split only, then on the test split macro and
 * per-label AUC, F-max, Hamming loss and F1 / sensitivity / specificity / precision at those thresholds,
 * with percentile bootstrap CIs that resample patients (records where the database has no patient ids)
 * under the PTB-XL rule (draws without a positive for some label are redrawn) where the data allow it.
 *
 * <p>Binary protocols (classes negative/positive, softmax over two outputs) are evaluated as one label,
 * {@code positive}, scored by p(positive).
 */
public final class MultilabelEvaluation {
    private MultilabelEvaluation() {}

    /** One split's evaluation. {@code ci} is null without bootstrap; {@code ciNote} says which rule was used. */
    public record Result(String split, String[] labels, double[] thresholds, MultilabelMetrics metrics, BootstrapResult ci,
                         String ciNote, int n, int patients) {
        public double get(String metric) {
            Double v = metrics.toMap().get(metric);
            return v == null ? Double.NaN : v;
        }
    }

    /** Targets {@code [n][L]}: the multi-hot targets, or for binary data one column 'positive' (class index 1). */
    public static boolean[][] targets(LabeledWindows d, boolean binary) {
        boolean[][] t = new boolean[d.size()][];
        for (int i = 0; i < d.size(); i++) t[i] = binary ? new boolean[] {d.y[i] == 1} : d.multiHot[i].clone();
        return t;
    }

    /** Scores {@code [n][L]}: the sigmoid outputs, or for binary data p(positive). */
    public static double[][] scores(double[][] probs, boolean binary) {
        double[][] s = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) s[i] = binary ? new double[] {probs[i][1]} : probs[i].clone();
        return s;
    }

    public static String[] labelNames(LabeledWindows d, boolean binary) {
        return binary ? new String[] {"positive"} : d.classNames.clone();
    }

    /** Per-label F1-optimal thresholds (validation data only). */
    public static double[] chooseThresholds(boolean[][] y, double[][] s) {
        return Thresholds.optimiseF1(y, s);
    }

    /**
     * Metrics at fixed thresholds, with {@code bootstrap} resamples of the clusters (patients) when > 0. The PTB-XL
     * rule is used when every label has a positive in the data; otherwise (and when a resample finds no draw with
     * all labels in the draw budget) every draw is kept and NaN values are skipped per metric.
     */
    public static Result evaluate(String split, boolean[][] y, double[][] s, String[] labels, double[] thr, String[] clusters,
                                  int bootstrap, double level, long seed) {
        MultilabelMetrics m = MultilabelMetrics.compute(y, s, thr, labels);
        java.util.Set<String> patients = new java.util.HashSet<>(java.util.Arrays.asList(clusters));
        if (bootstrap <= 0) return new Result(split, labels, thr, m, null, "no bootstrap", y.length, patients.size());
        List<String> none = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            boolean any = false;
            for (boolean[] row : y) any |= row[k];
            if (!any) none.add(labels[k]);
        }
        MultilabelBootstrap.Config cfg = MultilabelBootstrap.Config.of(bootstrap, seed).withLevel(level);
        BootstrapResult ci;
        String note;
        if (none.isEmpty()) {
            try {
                ci = MultilabelBootstrap.bootstrap(y, s, thr, labels, clusters, cfg);
                note = "PTB-XL rule: draws without a positive for some label redrawn (" + ci.rejectedDraws() + " redrawn)";
            } catch (IllegalStateException e) {
                ci = MultilabelBootstrap.bootstrap(y, s, thr, labels, clusters, cfg.withRequireAllPositives(false));
                note = "PTB-XL rule impossible within the draw budget (labels too rare here): every draw kept, NaN values skipped per metric";
            }
        } else {
            ci = MultilabelBootstrap.bootstrap(y, s, thr, labels, clusters, cfg.withRequireAllPositives(false));
            note = "labels " + none + " have no positive in this split, so the PTB-XL rule cannot apply: every draw kept, NaN values skipped per metric";
        }
        return new Result(split, labels, thr, m, ci, note, y.length, patients.size());
    }

    /**
     * Validation score for early stopping (higher is better): {@code macro_auc}, {@code fmax}, {@code macro_f1} (at
     * thresholds optimised on these same validation data), {@code sensitivity} (macro recall at 0.5) or {@code loss}
     * (minus the mean binary cross-entropy). An undefined score (e.g. no positives) counts as -1e9.
     */
    public static double validationScore(String metric, boolean[][] y, double[][] s) {
        double v = switch (metric) {
            case "macro_auc" -> MultilabelMetrics.compute(y, s, null, names(y[0].length)).macroAuc();
            case "fmax" -> MultilabelMetrics.compute(y, s, null, names(y[0].length)).fmax();
            case "macro_f1" -> MultilabelMetrics.compute(y, s, chooseThresholds(y, s), names(y[0].length)).macroF1();
            case "sensitivity" -> {
                double[] half = new double[y[0].length];
                java.util.Arrays.fill(half, 0.5);
                yield MultilabelMetrics.compute(y, s, half, names(y[0].length)).get("macro_recall");
            }
            case "loss" -> -meanBinaryCrossEntropy(y, s);
            default -> throw new IllegalArgumentException("early_stopping.metric '" + metric
                    + "' is not defined for multi-label/binary record tasks; use macro_auc, fmax, macro_f1, sensitivity or loss");
        };
        return Double.isNaN(v) ? -1e9 : v;
    }

    private static String[] names(int k) {
        String[] n = new String[k];
        for (int i = 0; i < k; i++) n[i] = "l" + i;
        return n;
    }

    public static double meanBinaryCrossEntropy(boolean[][] y, double[][] s) {
        double sum = 0;
        long cnt = 0;
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < y[i].length; k++) {
                double p = Math.min(1 - 1e-7, Math.max(1e-7, s[i][k]));
                sum -= y[i][k] ? Math.log(p) : Math.log(1 - p);
                cnt++;
            }
        }
        return sum / Math.max(1, cnt);
    }
}
