package org.ecgbench.eval;

import java.util.Arrays;

/** Exact ROC AUC (Mann-Whitney U with ties counted as 1/2), O(n log n). */
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
}
