package org.ecgbench.experiments.eval;

import java.util.Arrays;

/**
 * Class-prior correction of a single-label classifier: per-class factors {@code w} on the predicted probabilities
 * (decision = argmax of {@code p_c w_c}; probabilities renormalised), chosen to maximise macro F1 on held-out
 * predictions — in ecgbench the out-of-fold predictions of a patient-wise cross-validation on the training records, so
 * that the test split chooses nothing. Class weights in training shift the model's priors towards the rare classes;
 * this moves the decision boundary back by the amount the held-out patients support.
 *
 * <p>Search: coordinate ascent on {@code log w_c} over a grid of {@value #STEPS} steps in [−{@value #RANGE}, {@value #RANGE}]
 * (natural log), class 0's factor fixed at 1 (only ratios matter), {@value #ROUNDS} passes over classes 1..k−1; ties
 * keep the factor closest to 1. Deterministic.
 */
public final class PriorCorrection {
    static final double RANGE = 4.0;
    static final int STEPS = 81;
    static final int ROUNDS = 3;

    private PriorCorrection() {}

    /** The factors (length k, {@code w[0] = 1}) maximising macro F1 of the corrected argmax on {@code (y, probs)}. */
    public static double[] fit(int[] y, double[][] probs, int k) {
        if (y.length != probs.length) throw new IllegalArgumentException(y.length + " labels but " + probs.length + " prediction rows");
        if (y.length == 0) throw new IllegalArgumentException("prior correction needs held-out predictions, got none");
        double[] logW = new double[k];
        double best = macroF1(y, probs, exp(logW), k);
        for (int round = 0; round < ROUNDS; round++) {
            boolean moved = false;
            for (int c = 1; c < k; c++) {
                double keep = logW[c];
                double bestV = keep;
                for (int s = 0; s < STEPS; s++) {
                    double v = -RANGE + 2 * RANGE * s / (STEPS - 1);
                    logW[c] = v;
                    double f = macroF1(y, probs, exp(logW), k);
                    if (f > best + 1e-12 || (Math.abs(f - best) <= 1e-12 && Math.abs(v) < Math.abs(bestV))) {
                        best = f;
                        bestV = v;
                    }
                }
                logW[c] = bestV;
                if (bestV != keep) moved = true;
            }
            if (!moved) break;
        }
        return exp(logW);
    }

    /** {@code probs} with column c multiplied by {@code w[c]}, rows renormalised to sum 1 (a new array). */
    public static double[][] apply(double[][] probs, double[] w) {
        double[][] out = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) {
            double[] r = new double[w.length];
            double s = 0;
            for (int c = 0; c < w.length; c++) s += r[c] = probs[i][c] * w[c];
            for (int c = 0; c < w.length; c++) r[c] = s > 0 ? r[c] / s : 1.0 / w.length;
            out[i] = r;
        }
        return out;
    }

    /** Macro F1 over the k classes of argmax(p·w) (a class with no support and no prediction scores 0). */
    public static double macroF1(int[] y, double[][] probs, double[] w, int k) {
        int[] tp = new int[k], fp = new int[k], fn = new int[k];
        for (int i = 0; i < y.length; i++) {
            int a = 0;
            double bv = -1;
            for (int c = 0; c < k; c++) {
                double v = probs[i][c] * w[c];
                if (v > bv) {
                    bv = v;
                    a = c;
                }
            }
            if (a == y[i]) tp[a]++;
            else {
                fp[a]++;
                fn[y[i]]++;
            }
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            int d = 2 * tp[c] + fp[c] + fn[c];
            sum += d == 0 ? 0 : 2.0 * tp[c] / d;
        }
        return sum / k;
    }

    private static double[] exp(double[] logW) {
        return Arrays.stream(logW).map(Math::exp).toArray();
    }
}
