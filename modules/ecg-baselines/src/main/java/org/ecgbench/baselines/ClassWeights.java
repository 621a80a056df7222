package org.ecgbench.baselines;

/**
 * Per-row training weights from class counts. {@code balanced}: row weight {@code n / (m · n_c)} with
 * {@code m} the number of classes present and {@code n_c} the row's class count (scikit-learn's
 * "balanced"; weights sum to {@code n}, every present class carries the same total weight).
 * {@code none}: all ones.
 */
public final class ClassWeights {
    private ClassWeights() {}

    public static double[] balanced(int[] y, int numClasses) {
        long[] c = new long[numClasses];
        for (int v : y) {
            if (v < 0 || v >= numClasses) throw new IllegalArgumentException("class " + v + " outside 0.." + (numClasses - 1));
            c[v]++;
        }
        int present = 0;
        for (long v : c) if (v > 0) present++;
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) w[i] = (double) y.length / (present * (double) c[y[i]]);
        return w;
    }

    public static double[] none(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** {@code balanced} or {@code none}. */
    public static double[] of(String mode, int[] y, int numClasses) {
        return switch (mode) {
            case "balanced" -> balanced(y, numClasses);
            case "none" -> none(y.length);
            default -> throw new IllegalArgumentException("class_weights must be 'balanced' or 'none', got '" + mode + "'");
        };
    }

    static double[] orOnes(double[] w, int n) {
        if (w == null) return none(n);
        if (w.length != n) throw new IllegalArgumentException(w.length + " sample weights for " + n + " rows");
        for (double v : w) if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException("sample weights must be finite and >= 0, got " + v);
        return w;
    }

    static void checkRows(double[][] x, int[] y, int numClasses) {
        if (x.length == 0) throw new IllegalArgumentException("no training rows");
        if (y != null && x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has " + d);
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) throw new IllegalArgumentException("row " + i + " feature " + j + " is " + x[i][j]);
            }
            if (y != null && (y[i] < 0 || y[i] >= numClasses)) throw new IllegalArgumentException("row " + i + ": class " + y[i] + " outside 0.." + (numClasses - 1));
        }
    }
}
