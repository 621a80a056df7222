package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.Sorting;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

/**
 * Per-label decision thresholds chosen on validation data.
 *
 * <p>{@link #optimiseF1} picks, for each label, the threshold t maximising that label's F1 when
 * "score ≥ t" is a positive prediction. Candidates are the distinct score values of the label
 * (every achievable decision set, so the maximum is exact). F1 values are compared exactly (as
 * fractions 2TP/(2TP+FP+FN)); among equal F1 the <b>lower</b> threshold wins (more sensitive).
 * A label without positives in the data cannot reach F1 &gt; 0: its threshold is the smallest
 * double above its highest score ({@code Math.nextUp(max)}), i.e. it is never predicted on that
 * data.
 */
public final class Thresholds {
    private Thresholds() {
    }

    /** One threshold per label (columns of yTrue/scores). */
    public static double[] optimiseF1(boolean[][] yTrue, double[][] scores) {
        String what = "Thresholds.optimiseF1";
        if (yTrue == null || scores == null || yTrue.length == 0) {
            throw new IllegalArgumentException(what + ": yTrue/scores are null or empty");
        }
        if (scores.length != yTrue.length) {
            throw new IllegalArgumentException(what + ": scores has " + scores.length + " rows but yTrue has "
                    + yTrue.length);
        }
        int n = yTrue.length;
        int nl = yTrue[0] == null ? 0 : yTrue[0].length;
        if (nl == 0) {
            throw new IllegalArgumentException(what + ": yTrue[0] has no labels");
        }
        double[] out = new double[nl];
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int k = 0; k < nl; k++) {
            for (int i = 0; i < n; i++) {
                if (yTrue[i] == null || yTrue[i].length != nl || scores[i] == null || scores[i].length != nl) {
                    throw new IllegalArgumentException(what + ": row " + i + " of yTrue/scores does not have "
                            + nl + " labels");
                }
                y[i] = yTrue[i][k];
                s[i] = scores[i][k];
            }
            out[k] = optimiseF1(y, s, what + " (label " + k + ")");
        }
        return out;
    }

    /** As {@link #optimiseF1(boolean[][], double[][])} with 0/1 integer labels. */
    public static double[] optimiseF1(int[][] yTrue, double[][] scores) {
        return optimiseF1(MultilabelMetrics.toBoolean("Thresholds.optimiseF1", yTrue), scores);
    }

    /** Threshold maximising F1 of one binary label. */
    public static double optimiseF1(boolean[] yTrue, double[] scores) {
        return optimiseF1(yTrue, scores, "Thresholds.optimiseF1");
    }

    private static double optimiseF1(boolean[] y, double[] s, String what) {
        if (y == null || s == null || y.length != s.length || y.length == 0) {
            throw new IllegalArgumentException(what + ": yTrue and scores must be non-empty and of equal length");
        }
        long positives = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            if (!Double.isFinite(s[i])) {
                throw new IllegalArgumentException(what + ": scores[" + i + "] = " + s[i] + " is not finite");
            }
            if (y[i]) {
                positives++;
            }
            max = Math.max(max, s[i]);
        }
        if (positives == 0) {
            return Math.nextUp(max);
        }
        int[] order = Sorting.argsortDescending(s);
        long tp = 0;
        long predicted = 0;
        long bestNum = -1; // F1 = 2TP / (P + predicted)
        long bestDen = 1;
        double bestT = Double.NaN;
        int j = 0;
        while (j < order.length) {
            double v = s[order[j]];
            while (j < order.length && s[order[j]] == v) {
                if (y[order[j]]) {
                    tp++;
                }
                predicted++;
                j++;
            }
            long num = 2 * tp;
            long den = positives + predicted;
            // lower thresholds come later: >= keeps the lower one on ties
            if (num * bestDen >= bestNum * den) {
                bestNum = num;
                bestDen = den;
                bestT = v;
            }
        }
        return bestT;
    }
}
