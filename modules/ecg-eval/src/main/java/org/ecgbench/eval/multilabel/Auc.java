package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

/**
 * Exact ROC AUC as the Mann-Whitney statistic with tie handling: the probability that a random
 * positive scores higher than a random negative, ties counting one half. Equal to sklearn's
 * {@code roc_auc_score} (trapezoidal ROC area) for binary labels. NaN when there are no positives
 * or no negatives.
 *
 * <p>{@link Ranked} sorts the scores once (O(n log n)); each (re)weighted evaluation is then one
 * O(n) sweep, which is what the bootstrap uses: a resample is the same data with integer
 * multiplicities.
 */
public final class Auc {
    private Auc() {
    }

    /** AUC of {@code scores} for the binary labels {@code positive}. */
    public static double auc(double[] scores, boolean[] positive) {
        if (scores == null || positive == null || scores.length != positive.length) {
            throw new IllegalArgumentException("Auc.auc: scores and positive must be non-null and of equal length ("
                    + (scores == null ? "null" : scores.length) + " vs "
                    + (positive == null ? "null" : positive.length) + ")");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("Auc.auc: scores[" + i + "] = " + scores[i] + " is not finite");
            }
        }
        return new Ranked(scores, positive).auc(null);
    }

    /** Scores sorted once, with tie groups, for repeated weighted AUC evaluation. */
    static final class Ranked {
        final int[] order;      // indices sorted by ascending score
        final int[] groupEnd;   // groupEnd[g] = exclusive end (in order) of tie group g
        final int groups;
        final boolean[] positive;

        Ranked(double[] scores, boolean[] positive) {
            this.positive = positive;
            this.order = Sorting.argsortAscending(scores);
            int n = scores.length;
            int[] ge = new int[Math.max(1, n)];
            int g = 0;
            for (int j = 1; j <= n; j++) {
                if (j == n || scores[order[j]] != scores[order[j - 1]]) {
                    ge[g++] = j;
                }
            }
            this.groupEnd = ge;
            this.groups = g;
        }

        /**
         * Weighted AUC; {@code w[i]} is the multiplicity of sample i (null = all 1).
         * Integer arithmetic up to the final division, so results are exact and deterministic.
         */
        double auc(int[] w) {
            long negBelow = 0;
            long twiceSum = 0; // 2 * sum over pos-neg pairs of [s_p > s_n] + 0.5 [s_p == s_n]
            long pos = 0;
            int start = 0;
            for (int g = 0; g < groups; g++) {
                int end = groupEnd[g];
                long pg = 0;
                long ng = 0;
                for (int j = start; j < end; j++) {
                    int i = order[j];
                    long wi = w == null ? 1 : w[i];
                    if (positive[i]) {
                        pg += wi;
                    } else {
                        ng += wi;
                    }
                }
                twiceSum += pg * (2 * negBelow + ng);
                negBelow += ng;
                pos += pg;
                start = end;
            }
            long neg = negBelow;
            if (pos == 0 || neg == 0) {
                return Double.NaN;
            }
            return twiceSum / (2.0 * pos * (double) neg);
        }
    }
}
