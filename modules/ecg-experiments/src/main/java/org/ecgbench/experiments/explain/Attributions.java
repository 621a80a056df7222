package org.ecgbench.experiments.explain;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attribution methods over a {@link ScoreGraph}; every method explains the score {@code f} of one target class for one
 * input {@code x} of shape {@code [leads][samples]} and returns a map of the same shape (Grad-CAM maps are temporal and
 * repeated over the leads). Formulas and references: docs/explain.md.
 */
public final class Attributions {
    private Attributions() {}

    /** Vanilla gradient (saliency, Simonyan et al. 2014): {@code ∂f/∂x}. */
    public static double[][] gradient(ScoreGraph g, double[][] x, int t) {
        return g.gradients(new double[][][] {x}, new int[] {t}, 0, 1, null).input()[0];
    }

    /** Gradient × input: {@code x ⊙ ∂f/∂x}. */
    public static double[][] gradientTimesInput(ScoreGraph g, double[][] x, int t) {
        double[][] a = gradient(g, x, t);
        for (int l = 0; l < a.length; l++) for (int s = 0; s < a[l].length; s++) a[l][s] *= x[l][s];
        return a;
    }

    /**
     * SmoothGrad (Smilkov et al. 2017): the mean of {@code ∂f/∂x} at {@code n} copies of {@code x} with Gaussian noise of
     * standard deviation {@code noise × (max x − min x)}.
     */
    public static double[][] smoothGrad(ScoreGraph g, double[][] x, int t, int n, double noise, Random r, int batch) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : x) for (double v : row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        double sd = noise * (hi - lo);
        double[][][] xs = new double[n][x.length][];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < x.length; l++) {
                xs[i][l] = x[l].clone();
                for (int s = 0; s < x[l].length; s++) xs[i][l][s] += sd * r.nextGaussian();
            }
        }
        return meanGradient(g, xs, t, batch, null);
    }

    /** Integrated gradients with the attributions, the two scores and the completeness gap. */
    public record Ig(double[][] attribution, double fx, double fBaseline, double sum) {
        /** {@code |Σ a − (f(x) − f(x₀))| / |f(x) − f(x₀)|}. */
        public double relativeGap() {
            return Math.abs(sum - (fx - fBaseline)) / Math.max(1e-12, Math.abs(fx - fBaseline));
        }
    }

    /**
     * Integrated Gradients (Sundararajan et al. 2017): {@code (x − x₀) ⊙ ∫₀¹ ∂f/∂x(x₀ + α(x − x₀)) dα}, the integral by
     * the trapezoidal rule on {@code steps} intervals (steps + 1 gradient evaluations).
     */
    public static Ig integratedGradients(ScoreGraph g, double[][] x, double[][] baseline, int t, int steps, int batch) {
        int n = steps + 1;
        double[][][] xs = new double[n][x.length][x[0].length];
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            double a = (double) k / steps;
            w[k] = (k == 0 || k == steps) ? 0.5 / steps : 1.0 / steps;
            for (int l = 0; l < x.length; l++) {
                for (int s = 0; s < x[l].length; s++) xs[k][l][s] = baseline[l][s] + a * (x[l][s] - baseline[l][s]);
            }
        }
        double[] scores = new double[n];
        double[][] avg = meanGradient(g, xs, t, batch, new Weights(w, scores));
        double sum = 0;
        for (int l = 0; l < x.length; l++) {
            for (int s = 0; s < x[l].length; s++) {
                avg[l][s] *= x[l][s] - baseline[l][s];
                sum += avg[l][s];
            }
        }
        return new Ig(avg, scores[n - 1], scores[0], sum);
    }

    private record Weights(double[] w, double[] scoresOut) {}

    /** Σ_k w_k ∂f/∂x(xs[k]) (w = 1/n when null), in batches; fills the scores when asked. */
    private static double[][] meanGradient(ScoreGraph g, double[][][] xs, int t, int batch, Weights wts) {
        int leads = xs[0].length, samples = xs[0][0].length;
        double[][] acc = new double[leads][samples];
        int[] targets = new int[xs.length];
        java.util.Arrays.fill(targets, t);
        for (int s = 0; s < xs.length; s += batch) {
            int e = Math.min(xs.length, s + batch);
            ScoreGraph.Grads gr = g.gradients(xs, targets, s, e, null);
            for (int i = s; i < e; i++) {
                double w = wts == null ? 1.0 / xs.length : wts.w()[i];
                if (wts != null) wts.scoresOut()[i] = gr.score()[i - s];
                double[][] gi = gr.input()[i - s];
                for (int l = 0; l < leads; l++) for (int k = 0; k < samples; k++) acc[l][k] += w * gi[l][k];
            }
        }
        return acc;
    }

    /**
     * Grad-CAM (Selvaraju et al. 2017) or Grad-CAM++ (Chattopadhay et al. 2018) on vertex {@code layer}: a map over the
     * layer's positions, averaged over its non-time spatial axis, ReLU'd, and linearly interpolated to the input
     * length (position {@code j} of {@code W} centred at input sample {@code (j + ½)·samples/W − ½}).
     */
    public static double[] gradCam(ScoreGraph g, double[][] x, int t, String layer, boolean plusPlus) {
        ScoreGraph.Grads gr = g.gradients(new double[][][] {x}, new int[] {t}, 0, 1, layer);
        double[][][] a = asChw(gr.layerActivation(), layer), d = asChw(gr.layerGradient(), layer);
        int c = a.length, h = a[0].length, w = a[0][0].length;
        double[] weights = new double[c];
        for (int k = 0; k < c; k++) {
            if (!plusPlus) {
                double m = 0;
                for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) m += d[k][i][j];
                weights[k] = m / (h * w);
                continue;
            }
            double sumA = 0;
            for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) sumA += a[k][i][j];
            double wk = 0;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double g1 = d[k][i][j], g2 = g1 * g1, g3 = g2 * g1;
                    double den = 2 * g2 + sumA * g3;
                    double alpha = (g1 != 0 && den != 0) ? g2 / den : 0;
                    wk += alpha * Math.max(0, g1);
                }
            }
            weights[k] = wk;
        }
        double[] cam = new double[w];
        for (int j = 0; j < w; j++) {
            double v = 0;
            for (int i = 0; i < h; i++) {
                double s = 0;
                for (int k = 0; k < c; k++) s += weights[k] * a[k][i][j];
                v += Math.max(0, s);
            }
            cam[j] = v / h;
        }
        return upsample(cam, x[0].length);
    }

    /** {@code [1, C, H, W]} or {@code [1, C, T]} activations as {@code [C][H][W]}. */
    private static double[][][] asChw(INDArray a, String layer) {
        long[] sh = a.shape();
        if (sh.length == 3) a = a.reshape(sh[0], sh[1], 1, sh[2]);
        else if (sh.length != 4) {
            throw new IllegalArgumentException("Grad-CAM layer '" + layer + "' has rank-" + sh.length + " activations; it needs a time axis"
                    + " (rank 3 [b, C, T] or rank 4 [b, C, H, T])");
        }
        long[] s4 = a.shape();
        int c = (int) s4[1], h = (int) s4[2], w = (int) s4[3];
        double[] flat = a.dup('c').data().asDouble();
        double[][][] out = new double[c][h][w];
        for (int k = 0; k < c; k++) for (int i = 0; i < h; i++) System.arraycopy(flat, (k * h + i) * w, out[k][i], 0, w);
        return out;
    }

    /** Linear interpolation of {@code v} (length W) to {@code n} samples, positions centred. */
    static double[] upsample(double[] v, int n) {
        double[] out = new double[n];
        int w = v.length;
        for (int s = 0; s < n; s++) {
            double p = (s + 0.5) * w / n - 0.5;
            if (p <= 0) out[s] = v[0];
            else if (p >= w - 1) out[s] = v[w - 1];
            else {
                int j = (int) Math.floor(p);
                double f = p - j;
                out[s] = v[j] * (1 - f) + v[j + 1] * f;
            }
        }
        return out;
    }

    /** A temporal map repeated over {@code leads} rows. */
    public static double[][] overLeads(double[] m, int leads) {
        double[][] out = new double[leads][];
        for (int l = 0; l < leads; l++) out[l] = m.clone();
        return out;
    }
}
