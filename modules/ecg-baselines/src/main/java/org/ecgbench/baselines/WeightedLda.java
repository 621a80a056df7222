package org.ecgbench.baselines;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.ecgbench.signal.rhythm.Standardizer;

/**
 * De Chazal et al. (2004)'s weighted linear discriminant: Gaussian classes with one shared
 * covariance, where every training row counts with its sample weight (balanced class weights give
 * every class the same total weight, in the means, in the pooled covariance and in the priors).
 *
 * <p>Features are first z-scored with statistics of the training rows (a {@link Standardizer};
 * the discriminant is affine-invariant, this only conditions the solve). Then, with weights
 * {@code w_i}, {@code W_k = Σ_{i∈k} w_i}, {@code W = Σ_k W_k}:
 * {@code μ_k = Σ_{i∈k} w_i z_i / W_k}; {@code Σ = Σ_i w_i (z_i − μ_{y_i})(z_i − μ_{y_i})ᵀ / W}
 * (maximum-likelihood pooled covariance) plus {@code ridge · tr(Σ)/d · I}; priors
 * {@code π_k = W_k / W} ({@code weighted}, equal under balanced weights) or {@code 1/K'} over the K' present
 * classes ({@code equal}). Discriminant {@code g_k(z) = μ_kᵀΣ⁻¹z − ½ μ_kᵀΣ⁻¹μ_k + ln π_k}; probabilities
 * are the softmax of {@code g} (the Gaussian posteriors). A class without training rows gets probability 0.
 */
public final class WeightedLda implements BaselineClassifier {
    public static final String NAME = "weighted_lda";
    private final int numClasses;
    private final double ridge;
    private final String priors;
    private Standardizer standardizer;
    private double[][] coef; // [class][feature], on z-scored features
    private double[] intercept;
    private boolean[] present;
    private int trainRows;
    private double fitSeconds;

    /**
     * @param ridge  shrinkage of the pooled covariance towards {@code tr(Σ)/d · I} (0 = none; 1e-6 is plenty for
     *               near-collinear morphology samples)
     * @param priors {@code weighted} or {@code equal}
     */
    public WeightedLda(int numClasses, double ridge, String priors) {
        if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2");
        if (!(ridge >= 0)) throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
        if (!priors.equals("weighted") && !priors.equals("equal")) {
            throw new IllegalArgumentException("priors must be 'weighted' or 'equal', got '" + priors + "'");
        }
        this.numClasses = numClasses;
        this.ridge = ridge;
        this.priors = priors;
    }

    @Override
    public void fit(double[][] x, int[] y, double[] sampleWeights) {
        long t0 = System.nanoTime();
        ClassWeights.checkRows(x, y, numClasses);
        double[] w = ClassWeights.orOnes(sampleWeights, x.length);
        standardizer = Standardizer.fit(x);
        double[][] z = standardizer.transform(x);
        int n = z.length, d = z[0].length, K = numClasses;
        double[] wk = new double[K];
        double[][] mu = new double[K][d];
        for (int i = 0; i < n; i++) {
            wk[y[i]] += w[i];
            for (int j = 0; j < d; j++) mu[y[i]][j] += w[i] * z[i][j];
        }
        present = new boolean[K];
        double W = 0;
        int kp = 0;
        for (int k = 0; k < K; k++) {
            present[k] = wk[k] > 0;
            if (present[k]) {
                kp++;
                W += wk[k];
                for (int j = 0; j < d; j++) mu[k][j] /= wk[k];
            }
        }
        if (kp < 2) throw new IllegalArgumentException("LDA needs rows of at least 2 classes with positive weight, got " + kp);
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) c[j] = z[i][j] - mu[y[i]][j];
            double wi = w[i];
            if (wi == 0) continue;
            for (int a = 0; a < d; a++) {
                double ca = wi * c[a];
                double[] row = cov[a];
                for (int b = a; b < d; b++) row[b] += ca * c[b];
            }
        }
        double tr = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= W;
                cov[b][a] = cov[a][b];
            }
            tr += cov[a][a];
        }
        for (int a = 0; a < d; a++) cov[a][a] += ridge * tr / d;
        RealMatrix inv;
        try {
            inv = new LUDecomposition(new Array2DRowRealMatrix(cov, false)).getSolver().getInverse();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("pooled covariance of " + d + " features is singular (collinear or constant features); "
                    + "use ridge > 0", e);
        }
        coef = new double[K][d];
        intercept = new double[K];
        for (int k = 0; k < K; k++) {
            if (!present[k]) {
                intercept[k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double[] a = inv.operate(mu[k]);
            coef[k] = a;
            double q = 0;
            for (int j = 0; j < d; j++) q += a[j] * mu[k][j];
            double prior = priors.equals("equal") ? 1.0 / kp : wk[k] / W;
            intercept[k] = -0.5 * q + Math.log(prior);
        }
        trainRows = n;
        fitSeconds = (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public double[][] predictProba(double[][] x) {
        if (coef == null) throw new IllegalStateException("LDA not fitted");
        double[][] p = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] z = standardizer.transformRow(x[i]);
            double[] g = new double[numClasses];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < numClasses; k++) {
                if (!present[k]) {
                    g[k] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double s = intercept[k];
                for (int j = 0; j < z.length; j++) s += coef[k][j] * z[j];
                g[k] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < numClasses; k++) {
                g[k] = present[k] ? Math.exp(g[k] - max) : 0;
                sum += g[k];
            }
            for (int k = 0; k < numClasses; k++) g[k] /= sum;
            p[i] = g;
        }
        return p;
    }

    @Override public String name() { return NAME; }
    @Override public int numClasses() { return numClasses; }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", NAME);
        m.put("classes", numClasses);
        m.put("ridge", ridge);
        m.put("priors", priors);
        m.put("features", coef == null ? null : standardizer.mean().length);
        m.put("train_rows", trainRows);
        m.put("fit_seconds", fitSeconds);
        return m;
    }

    @Override
    public void save(Path file) throws IOException {
        if (coef == null) throw new IllegalStateException("LDA not fitted");
        Baselines.write(file, NAME, out -> {
            out.writeInt(numClasses);
            out.writeDouble(ridge);
            out.writeUTF(priors);
            int d = standardizer.mean().length;
            out.writeInt(d);
            for (double v : standardizer.mean()) out.writeDouble(v);
            for (double v : standardizer.sd()) out.writeDouble(v);
            for (int k = 0; k < numClasses; k++) {
                out.writeBoolean(present[k]);
                out.writeDouble(intercept[k]);
                for (int j = 0; j < d; j++) out.writeDouble(coef[k][j]);
            }
            out.writeInt(trainRows);
        });
    }

    static WeightedLda read(DataInputStream in) throws IOException {
        WeightedLda m = new WeightedLda(in.readInt(), in.readDouble(), in.readUTF());
        int d = in.readInt();
        double[] mean = new double[d], sd = new double[d];
        for (int j = 0; j < d; j++) mean[j] = in.readDouble();
        for (int j = 0; j < d; j++) sd[j] = in.readDouble();
        m.standardizer = Standardizer.of(mean, sd);
        m.present = new boolean[m.numClasses];
        m.intercept = new double[m.numClasses];
        m.coef = new double[m.numClasses][d];
        for (int k = 0; k < m.numClasses; k++) {
            m.present[k] = in.readBoolean();
            m.intercept[k] = in.readDouble();
            for (int j = 0; j < d; j++) m.coef[k][j] = in.readDouble();
        }
        m.trainRows = in.readInt();
        return m;
    }
}
