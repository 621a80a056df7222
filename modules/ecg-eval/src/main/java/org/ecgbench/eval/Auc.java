package org.ecgbench.eval;

import java.util.Arrays;

/**
 * Exact ROC AUC as the Mann-Whitney statistic with ties counting one half (equal to sklearn's {@code roc_auc_score}),
 * O(n log n); NaN without positives or negatives. {@link Ranked} sorts once for the bootstrap's reweighted sweeps.
 * The one AUC of ecgbench (multi-class one-vs-rest, binary and multi-label evaluation).
 */
public final class Auc {
    private Auc() {}

    /** One-vs-rest AUC of class {@code k} from probabilities {@code probs[i][k]}; NaN without positives or negatives. */
    public static double oneVsRest(int[] yTrue, double[][] probs, int k) {
        int n = yTrue.length;
        double[] s = new double[n];
        boolean[] pos = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = probs[i][k];
            pos[i] = yTrue[i] == k;
        }
        return binary(pos, s);
    }

    public static double binary(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        long np = 0;
        for (boolean p : positive) if (p) np++;
        long nn = n - np;
        if (np == 0 || nn == 0) return Double.NaN;
        double rankSumPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
            for (int t = i; t <= j; t++) if (positive[idx[t]]) rankSumPos += avgRank;
            i = j + 1;
        }
        return (rankSumPos - np * (np + 1) / 2.0) / ((double) np * nn);
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
    /** Scores sorted once; each weighted AUC (a bootstrap resample as integer multiplicities) is then one O(n) sweep. */
    public static final class Ranked {
        final int[] order;      // indices sorted by ascending score
        final int[] groupEnd;   // groupEnd[g] = exclusive end (in order) of tie group g
        final int groups;
        final boolean[] positive;

        public Ranked(double[] scores, boolean[] positive) {
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
        public double auc(int[] w) {
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
