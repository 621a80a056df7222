package org.ecgbench.eval;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

/** Index sorting on primitive keys (stable merge sort; no boxing). */
public final class Sorting {
    private Sorting() {
    }

    /** Indices 0..n-1 ordered by ascending key; ties keep index order. */
    public static int[] argsortAscending(double[] key) {
        int n = key.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] tmp = new int[n];
        mergeSort(a, tmp, 0, n, key);
        return a;
    }

    /** Indices ordered by descending key; ties keep index order. */
    public static int[] argsortDescending(double[] key) {
        double[] neg = new double[key.length];
        for (int i = 0; i < key.length; i++) {
            neg[i] = -key[i];
        }
        return argsortAscending(neg);
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, double[] key) {
        if (hi - lo <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                double kv = key[v];
                int j = i - 1;
                while (j >= lo && key[a[j]] > kv) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, key);
        mergeSort(a, tmp, mid, hi, key);
        if (key[a[mid - 1]] <= key[a[mid]]) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int o = lo; o < hi; o++) {
            if (j >= hi || (i < mid && key[tmp[i]] <= key[tmp[j]])) {
                a[o] = tmp[i++];
            } else {
                a[o] = tmp[j++];
            }
        }
    }
}
