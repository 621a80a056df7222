package org.ecgbench.signal.util;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded Fisher-Yates shuffles, written once for every caller (training batches, splits, subsampling, pretraining):
 * the same seed gives the same order on every machine and Java version ({@link SplittableRandom} is specified).
 */
public final class Shuffle {
    private Shuffle() {}

    /** Shuffles {@code a} in place (backward Fisher-Yates: i from n-1 down, swap with a uniform j in [0, i]). */
    public static void inPlace(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** As {@link #inPlace(int[], SplittableRandom)} for a list. */
    public static <T> void inPlace(List<T> a, SplittableRandom r) {
        for (int i = a.size() - 1; i > 0; i--) Collections.swap(a, i, r.nextInt(i + 1));
    }

    /** 0..n-1 in seeded random order. */
    public static int[] permutation(int n, SplittableRandom r) {
        int[] p = identity(n);
        inPlace(p, r);
        return p;
    }

    /** 0..n-1 in seeded random order. */
    public static int[] permutation(int n, long seed) {
        return permutation(n, new SplittableRandom(seed));
    }

    /** 0..n-1 in order. */
    public static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /**
     * Moves a uniform random sample of {@code k} elements of {@code a} to its first {@code k} positions (forward
     * partial Fisher-Yates: for i in [0, k), swap a[i] with a uniform a[j], j in [i, n)).
     */
    public static void firstK(int[] a, int k, SplittableRandom r) {
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
