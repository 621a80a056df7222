package org.ecgbench.experiments.pretrain;

import java.util.SplittableRandom;

/** Seeded k-means (k-means++ initialisation, Lloyd iterations) on double rows. */
public final class KMeans {
    public final double[][] centres;
    public final int iterations;
    public final double inertia;

    private KMeans(double[][] centres, int iterations, double inertia) {
        this.centres = centres;
        this.iterations = iterations;
        this.inertia = inertia;
    }

    public static KMeans fit(double[][] x, int k, int maxIter, long seed) {
        if (x.length < k) throw new IllegalArgumentException("k-means: " + x.length + " points for " + k + " clusters");
        SplittableRandom r = new SplittableRandom(seed);
        int d = x[0].length;
        double[][] c = new double[k][];
        c[0] = x[r.nextInt(x.length)].clone();
        double[] dist = new double[x.length];
        for (int i = 0; i < x.length; i++) dist[i] = sq(x[i], c[0]);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : dist) total += v;
            double u = r.nextDouble() * total, acc = 0;
            int pick = x.length - 1;
            for (int i = 0; i < x.length; i++) {
                acc += dist[i];
                if (acc >= u) {
                    pick = i;
                    break;
                }
            }
            c[j] = x[pick].clone();
            for (int i = 0; i < x.length; i++) dist[i] = Math.min(dist[i], sq(x[i], c[j]));
        }
        int[] a = new int[x.length];
        java.util.Arrays.fill(a, -1);
        int it = 0;
        double inertia = 0;
        for (; it < maxIter; it++) {
            boolean changed = false;
            inertia = 0;
            for (int i = 0; i < x.length; i++) {
                int best = nearest(c, x[i]);
                inertia += sq(x[i], c[best]);
                if (best != a[i]) changed = true;
                a[i] = best;
            }
            double[][] s = new double[k][d];
            int[] n = new int[k];
            for (int i = 0; i < x.length; i++) {
                n[a[i]]++;
                for (int q = 0; q < d; q++) s[a[i]][q] += x[i][q];
            }
            for (int j = 0; j < k; j++) {
                if (n[j] == 0) {
                    c[j] = x[r.nextInt(x.length)].clone(); // re-seed an empty cluster
                    continue;
                }
                for (int q = 0; q < d; q++) c[j][q] = s[j][q] / n[j];
            }
            if (!changed) break;
        }
        return new KMeans(c, it, inertia / x.length);
    }

    public int assign(double[] v) {
        return nearest(centres, v);
    }

    static int nearest(double[][] c, double[] v) {
        int best = 0;
        double bd = Double.MAX_VALUE;
        for (int j = 0; j < c.length; j++) {
            double dd = sq(v, c[j]);
            if (dd < bd) {
                bd = dd;
                best = j;
            }
        }
        return best;
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
