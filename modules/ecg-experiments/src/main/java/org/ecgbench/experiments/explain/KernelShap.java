package org.ecgbench.experiments.explain;

import java.util.Arrays;
import java.util.Random;

/**
 * Kernel SHAP (Lundberg &amp; Lee 2017) over input segments: the features are {@code segments} equal time segments of
 * every lead ({@code leads × segments} features); a coalition keeps the input's values on its features and takes the
 * rest from a background window; the value of a coalition is the mean score over the background set. Coalitions are
 * drawn from the Shapley-kernel distribution of coalition sizes ({@code p(k) ∝ (M−1)/(k(M−k))}, uniform subsets of
 * size k) in complementary pairs, so the least-squares fit is unweighted; the efficiency constraint
 * {@code Σφ = f(x) − E_b f(b)} is imposed exactly by eliminating the last feature.
 */
public final class KernelShap {
    private KernelShap() {}

    /**
     * @param phi     Shapley value per feature (feature {@code l·segments + s} = lead l, segment s)
     * @param base    {@code E_b f(b)} over the background set
     * @param fx      {@code f(x)}
     * @param density the per-sample attribution {@code [leads][samples]}: φ of a segment spread evenly over its samples,
     *                so that it sums to {@code f(x) − base}
     */
    public record Result(double[] phi, double base, double fx, double[][] density) {}

    public static Result explain(ScoreGraph g, double[][] x, int t, double[][][] background, int segments, int coalitions, Random r, int batch) {
        int leads = x.length, n = x[0].length;
        if (segments > n) throw new IllegalArgumentException("shap.segments " + segments + " > " + n + " samples");
        int m = leads * segments;
        int[] bounds = new int[segments + 1];
        for (int s = 0; s <= segments; s++) bounds[s] = (int) Math.round((double) s * n / segments);
        double fx = g.scores(new double[][][] {x}, new int[] {t}, 1)[0];
        double base = value(g, x, t, new boolean[m], background, bounds, batch);
        boolean[][] z = sample(m, Math.max(2, coalitions), r);
        double[] y = values(g, x, t, z, background, bounds, batch);
        for (int i = 0; i < y.length; i++) y[i] -= base;
        double[] phi = solve(z, y, fx - base);
        double[][] density = new double[leads][n];
        for (int l = 0; l < leads; l++) {
            for (int s = 0; s < segments; s++) {
                double v = phi[l * segments + s] / (bounds[s + 1] - bounds[s]);
                for (int k = bounds[s]; k < bounds[s + 1]; k++) density[l][k] = v;
            }
        }
        return new Result(phi, base, fx, density);
    }

    /** {@link #value} of many coalitions, their composite inputs scored in batches of about {@code 8 × batch} rows. */
    private static double[] values(ScoreGraph g, double[][] x, int t, boolean[][] z, double[][][] background, int[] bounds, int batch) {
        int nb = background.length, per = Math.max(1, 8 * batch / nb);
        double[] out = new double[z.length];
        for (int s = 0; s < z.length; s += per) {
            int e = Math.min(z.length, s + per);
            double[][][] rows = new double[(e - s) * nb][][];
            for (int i = s; i < e; i++) System.arraycopy(composites(x, z[i], background, bounds), 0, rows, (i - s) * nb, nb);
            int[] targets = new int[rows.length];
            Arrays.fill(targets, t);
            double[] f = g.scores(rows, targets, rows.length);
            for (int i = s; i < e; i++) {
                double sum = 0;
                for (int b = 0; b < nb; b++) sum += f[(i - s) * nb + b];
                out[i] = sum / nb;
            }
        }
        return out;
    }

    /** Mean score over the background of x with the features outside {@code keep} replaced by the background's. */
    private static double value(ScoreGraph g, double[][] x, int t, boolean[] keep, double[][][] background, int[] bounds, int batch) {
        return values(g, x, t, new boolean[][] {keep}, background, bounds, batch)[0];
    }

    private static double[][][] composites(double[][] x, boolean[] keep, double[][][] background, int[] bounds) {
        int leads = x.length, segments = bounds.length - 1;
        double[][][] rows = new double[background.length][leads][];
        for (int b = 0; b < background.length; b++) {
            for (int l = 0; l < leads; l++) {
                double[] row = background[b][l].clone();
                for (int s = 0; s < segments; s++) {
                    if (keep[l * segments + s]) System.arraycopy(x[l], bounds[s], row, bounds[s], bounds[s + 1] - bounds[s]);
                }
                rows[b][l] = row;
            }
        }
        return rows;
    }

    /** Coalitions in complementary pairs, sizes from the Shapley-kernel distribution. */
    static boolean[][] sample(int m, int count, Random r) {
        double[] cdf = new double[m - 1];
        double tot = 0;
        for (int k = 1; k < m; k++) {
            tot += (m - 1.0) / (k * (double) (m - k));
            cdf[k - 1] = tot;
        }
        int pairs = (count + 1) / 2;
        boolean[][] z = new boolean[2 * pairs][m];
        int[] idx = new int[m];
        for (int p = 0; p < pairs; p++) {
            double u = r.nextDouble() * tot;
            int k = 1;
            while (k < m - 1 && cdf[k - 1] < u) k++;
            for (int i = 0; i < m; i++) idx[i] = i;
            for (int i = 0; i < k; i++) {
                int j = i + r.nextInt(m - i);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
                z[2 * p][idx[i]] = true;
            }
            for (int i = 0; i < m; i++) z[2 * p + 1][i] = !z[2 * p][i];
        }
        return z;
    }

    /** Least squares {@code y ≈ z·φ} subject to {@code Σφ = total}, by eliminating the last feature (ridge 1e-9). */
    static double[] solve(boolean[][] z, double[] y, double total) {
        int m = z[0].length, q = m - 1;
        double[][] a = new double[q][q];
        double[] rhs = new double[q];
        double[] row = new double[q];
        for (int i = 0; i < z.length; i++) {
            double zl = z[i][m - 1] ? 1 : 0;
            for (int j = 0; j < q; j++) row[j] = (z[i][j] ? 1 : 0) - zl;
            double b = y[i] - zl * total;
            for (int j = 0; j < q; j++) {
                if (row[j] == 0) continue;
                rhs[j] += row[j] * b;
                for (int k = 0; k < q; k++) a[j][k] += row[j] * row[k];
            }
        }
        for (int j = 0; j < q; j++) a[j][j] += 1e-9 * Math.max(1, z.length);
        double[] sol = gauss(a, rhs);
        double[] phi = Arrays.copyOf(sol, m);
        double s = 0;
        for (int j = 0; j < q; j++) s += sol[j];
        phi[m - 1] = total - s;
        return phi;
    }

    /** Gaussian elimination with partial pivoting (a and b are overwritten). */
    static double[] gauss(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
            double[] tr = a[c]; a[c] = a[p]; a[p] = tr;
            double tb = b[c]; b[c] = b[p]; b[p] = tb;
            if (a[c][c] == 0) throw new IllegalStateException("singular Kernel SHAP system: draw more coalitions (shap.samples)");
            for (int i = c + 1; i < n; i++) {
                double f = a[i][c] / a[c][c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) a[i][k] -= f * a[c][k];
                b[i] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[i][k] * x[k];
            x[i] = s / a[i][i];
        }
        return x;
    }
}
