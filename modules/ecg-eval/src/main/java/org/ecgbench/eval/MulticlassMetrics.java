package org.ecgbench.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single-label classification metrics from reference and predicted class indices (and optional
 * class probabilities for one-vs-rest ROC AUC). Conventions follow scikit-learn's
 * {@code classification_report} with {@code zero_division=0}: a precision with no predictions of
 * the class, or a recall with no instances, counts as 0. Macro averages run, as scikit-learn's do,
 * over the classes present in the reference or the predictions (a class neither present nor
 * predicted is left out); weighted averages weight by support. Per-class recall and F1 of a class
 * with no instances are reported as NaN (undefined) even though the macro average counts them as 0. Specificity = TN / (TN + FP). AUC is one-vs-rest, exact (Mann-Whitney with ties
 * counted as one half), NaN for a class with no positives or no negatives.
 */
public final class MulticlassMetrics {
    private final String[] classNames;
    private final long[][] confusion;
    private final Map<String, Double> values;

    private MulticlassMetrics(String[] classNames, long[][] confusion, Map<String, Double> values) {
        this.classNames = classNames;
        this.confusion = confusion;
        this.values = values;
    }

    public static long[][] confusion(int[] yTrue, int[] yPred, int k) {
        if (yTrue.length != yPred.length) throw new IllegalArgumentException("yTrue and yPred differ in length");
        long[][] c = new long[k][k];
        for (int i = 0; i < yTrue.length; i++) c[yTrue[i]][yPred[i]]++;
        return c;
    }

    public static MulticlassMetrics compute(int[] yTrue, int[] yPred, double[][] probs, String[] classNames) {
        long[][] c = confusion(yTrue, yPred, classNames.length);
        Map<String, Double> v = fromConfusion(c, classNames);
        if (probs != null) {
            double sum = 0;
            int n = 0;
            for (int k = 0; k < classNames.length; k++) {
                double a = Auc.oneVsRest(yTrue, probs, k);
                v.put("auc_" + classNames[k], a);
                if (!Double.isNaN(a)) {
                    sum += a;
                    n++;
                }
            }
            v.put("macro_auc", n == 0 ? Double.NaN : sum / n);
        }
        return new MulticlassMetrics(classNames, c, v);
    }

    /** All confusion-based metrics (no AUC) from a confusion matrix {@code c[true][pred]}. */
    public static Map<String, Double> fromConfusion(long[][] c, String[] names) {
        int k = names.length;
        long total = 0, correct = 0;
        long[] support = new long[k], predicted = new long[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                total += c[i][j];
                support[i] += c[i][j];
                predicted[j] += c[i][j];
            }
            correct += c[i][i];
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("accuracy", total == 0 ? Double.NaN : (double) correct / total);
        double mp = 0, mr = 0, mf = 0, ms = 0, wp = 0, wr = 0, wf = 0;
        int present = 0;
        for (int i = 0; i < k; i++) {
            long tp = c[i][i], fp = predicted[i] - tp, fn = support[i] - tp, tn = total - tp - fp - fn;
            double p = predicted[i] == 0 ? 0 : (double) tp / predicted[i];
            double r = support[i] == 0 ? 0 : (double) tp / support[i];
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            double sp = tn + fp == 0 ? Double.NaN : (double) tn / (tn + fp);
            v.put("precision_" + names[i], p);
            v.put("recall_" + names[i], support[i] == 0 ? Double.NaN : r);
            v.put("f1_" + names[i], support[i] == 0 && predicted[i] == 0 ? Double.NaN : f);
            v.put("specificity_" + names[i], sp);
            v.put("support_" + names[i], (double) support[i]);
            if (support[i] > 0 || predicted[i] > 0) {
                present++;
                mp += p;
                mr += r;
                mf += f;
                ms += Double.isNaN(sp) ? 0 : sp;
                wp += p * support[i];
                wr += r * support[i];
                wf += f * support[i];
            }
        }
        v.put("macro_precision", present == 0 ? Double.NaN : mp / present);
        v.put("macro_recall", present == 0 ? Double.NaN : mr / present);
        v.put("macro_f1", present == 0 ? Double.NaN : mf / present);
        v.put("macro_specificity", present == 0 ? Double.NaN : ms / present);
        v.put("weighted_precision", total == 0 ? Double.NaN : wp / total);
        v.put("weighted_recall", total == 0 ? Double.NaN : wr / total);
        v.put("weighted_f1", total == 0 ? Double.NaN : wf / total);
        return v;
    }

    public String[] classNames() { return classNames.clone(); }
    public long[][] confusionMatrix() { return confusion; }

    public double get(String metric) {
        Double d = values.get(metric);
        if (d == null) throw new IllegalArgumentException("unknown metric '" + metric + "'; known: " + values.keySet());
        return d;
    }

    /** Flat metric names: accuracy, macro_f1, f1_S, recall_V, precision_V, specificity_N, auc_V, macro_auc, weighted_f1, ... */
    public Map<String, Double> toMap() {
        return new LinkedHashMap<>(values);
    }
}
