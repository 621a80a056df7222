package org.ecgbench.signal.rhythm;

import java.util.Arrays;

/**
 * Column-wise z-score of feature rows whose statistics come from training rows only:
 * {@link #fit(double[][])} on the training rows, then {@link #transform(double[][])} any rows (training,
 * validation or test) with those statistics. A column with zero spread keeps its centring only
 * (divided by 1). Immutable once fitted.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] sd;

    private Standardizer(double[] mean, double[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    /** Fits mean and (population) standard deviation per column on training rows. */
    public static Standardizer fit(double[][] train) {
        if (train.length == 0) throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
        int d = train[0].length;
        double[] m = new double[d], s = new double[d];
        for (double[] r : train) {
            if (r.length != d) throw new IllegalArgumentException("rows differ in length: " + r.length + " vs " + d);
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(r[j])) throw new IllegalArgumentException("non-finite value in column " + j + " of a training row");
                m[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) m[j] /= train.length;
        for (double[] r : train) for (int j = 0; j < d; j++) s[j] += (r[j] - m[j]) * (r[j] - m[j]);
        for (int j = 0; j < d; j++) {
            s[j] = Math.sqrt(s[j] / train.length);
            if (!(s[j] > 1e-12)) s[j] = 1.0;
        }
        return new Standardizer(m, s);
    }

    /** Rebuilds a fitted standardizer from saved statistics. */
    public static Standardizer of(double[] mean, double[] sd) {
        if (mean.length != sd.length) throw new IllegalArgumentException("mean and sd differ in length");
        return new Standardizer(mean.clone(), sd.clone());
    }

    public double[][] transform(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = transformRow(x[i]);
        return out;
    }

    public double[] transformRow(double[] r) {
        if (r.length != mean.length) throw new IllegalArgumentException("row has " + r.length + " columns, standardizer " + mean.length);
        double[] o = new double[r.length];
        for (int j = 0; j < r.length; j++) o[j] = (r[j] - mean[j]) / sd[j];
        return o;
    }

    public double[] mean() { return mean.clone(); }
    public double[] sd() { return sd.clone(); }

    @Override
    public String toString() {
        return "Standardizer{mean=" + Arrays.toString(mean) + ", sd=" + Arrays.toString(sd) + "}";
    }
}
