package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Shared bootstrap machinery: seeds, uniform indices, clusters, parallel loop, percentiles. */
final class Resampling {
    private Resampling() {
    }

    /** One independent seed per resample, drawn in order from {@code seed}: results do not depend on threads. */
    static long[] resampleSeeds(long seed, int nResamples) {
        SplittableRandom root = new SplittableRandom(seed);
        long[] s = new long[nResamples];
        for (int r = 0; r < nResamples; r++) {
            s[r] = root.nextLong();
        }
        return s;
    }

    /** Exactly uniform integer in [0, n) (Lemire's multiply-and-reject method on 32 random bits). */
    static int uniform(SplittableRandom rng, int n) {
        long m = (rng.nextInt() & 0xFFFFFFFFL) * n;
        long low = m & 0xFFFFFFFFL;
        if (low < n) {
            long threshold = (0x100000000L - n) % n;
            while (low < threshold) {
                m = (rng.nextInt() & 0xFFFFFFFFL) * n;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Cell counts of one sample-level resample: draws {@code cellOf.length} indices uniformly with
     * replacement and counts {@code cellOf[index]}. Two indices per 64-bit draw (each half mapped by
     * Lemire's method, with exact rejection); four interleaved count banks avoid store-to-load
     * stalls when consecutive draws hit the same cell.
     */
    static long[] drawCellCounts(SplittableRandom rng, int[] cellOf, int nCells) {
        int n = cellOf.length;
        int[] banks = new int[4 * nCells];
        int j = 0;
        long nn = n;
        long threshold = (0x100000000L - nn) % nn;
        while (j + 1 < n) {
            long r = rng.nextLong();
            long m1 = (r >>> 32) * nn;
            long m2 = (r & 0xFFFFFFFFL) * nn;
            if ((m1 & 0xFFFFFFFFL) < threshold) {
                m1 = redraw(rng, nn, threshold);
            }
            if ((m2 & 0xFFFFFFFFL) < threshold) {
                m2 = redraw(rng, nn, threshold);
            }
            banks[((j & 2)) * nCells + cellOf[(int) (m1 >>> 32)]]++;
            banks[((j & 2) + 1) * nCells + cellOf[(int) (m2 >>> 32)]]++;
            j += 2;
        }
        if (j < n) {
            banks[cellOf[uniform(rng, n)]]++;
        }
        long[] out = new long[nCells];
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < nCells; c++) {
                out[c] += banks[b * nCells + c];
            }
        }
        return out;
    }

    /**
     * Multiplicities of one resample of size n from n items: the same index stream as
     * {@link #drawCellCounts} (so with {@code cellOf[i] = cell of i} both give the same resample).
     */
    static int[] drawMultiplicities(SplittableRandom rng, int n) {
        int[] w = new int[n];
        int j = 0;
        long nn = n;
        long threshold = (0x100000000L - nn) % nn;
        while (j + 1 < n) {
            long r = rng.nextLong();
            long m1 = (r >>> 32) * nn;
            long m2 = (r & 0xFFFFFFFFL) * nn;
            if ((m1 & 0xFFFFFFFFL) < threshold) {
                m1 = redraw(rng, nn, threshold);
            }
            if ((m2 & 0xFFFFFFFFL) < threshold) {
                m2 = redraw(rng, nn, threshold);
            }
            w[(int) (m1 >>> 32)]++;
            w[(int) (m2 >>> 32)]++;
            j += 2;
        }
        if (j < n) {
            w[uniform(rng, n)]++;
        }
        return w;
    }

    private static long redraw(SplittableRandom rng, long n, long threshold) {
        long m;
        do {
            m = (rng.nextInt() & 0xFFFFFFFFL) * n;
        } while ((m & 0xFFFFFFFFL) < threshold);
        return m;
    }

    /** Cluster index per sample (clusters numbered in order of first appearance). */
    static int[] clusterIndex(String what, String[] clusterIds, int n) {
        if (clusterIds.length != n) {
            throw new IllegalArgumentException(what + ": clusterIds has " + clusterIds.length
                    + " entries but there are " + n + " samples");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] of = new int[n];
        for (int i = 0; i < n; i++) {
            String id = clusterIds[i];
            if (id == null) {
                throw new IllegalArgumentException(what + ": clusterIds[" + i + "] is null");
            }
            Integer c = ids.get(id);
            if (c == null) {
                c = ids.size();
                ids.put(id, c);
            }
            of[i] = c;
        }
        return of;
    }

    static int countClusters(int[] clusterOf) {
        int m = -1;
        for (int c : clusterOf) {
            m = Math.max(m, c);
        }
        return m + 1;
    }

    static void checkCommon(String what, int nResamples, double level, int threads) {
        if (nResamples < 1) {
            throw new IllegalArgumentException(what + ": nResamples = " + nResamples + " must be >= 1");
        }
        Inputs.checkLevel(what, level);
        if (threads < 1) {
            throw new IllegalArgumentException(what + ": threads = " + threads + " must be >= 1");
        }
    }

    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Runs body(r) for r in [0, n) on {@code threads} threads (contiguous blocks; each r written by one task). */
    static void parallelFor(int n, int threads, IntConsumer body) {
        if (threads <= 1 || n < 2) {
            for (int r = 0; r < n; r++) {
                body.accept(r);
            }
            return;
        }
        int blocks = Math.min(n, threads * 8);
        ExecutorService ex = Executors.newFixedThreadPool(Math.min(threads, blocks), run -> {
            Thread t = new Thread(run, "ecgbench-bootstrap");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int lo = (int) ((long) n * b / blocks);
                int hi = (int) ((long) n * (b + 1) / blocks);
                fs.add(ex.submit(() -> {
                    for (int r = lo; r < hi; r++) {
                        body.accept(r);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bootstrap interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("bootstrap failed: " + c, c);
        } finally {
            ex.shutdownNow();
        }
    }

    /**
     * Percentile (numpy's default 'linear' rule: h = (m-1)q, linear interpolation between order
     * statistics) of the sorted values {@code x[0..m)}.
     */
    static double quantileSorted(double[] x, int m, double q) {
        if (m == 0) {
            return Double.NaN;
        }
        double h = (m - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= m - 1) {
            return x[m - 1];
        }
        double frac = h - lo;
        return x[lo] + frac * (x[lo + 1] - x[lo]);
    }

    /** Builds intervals from per-resample values {@code values[r][metric]} (NaN = skipped). */
    static Map<String, BootstrapResult.Interval> summarise(List<String> names, double[] point, double[][] values,
                                                            double level, Map<String, double[]> samplesOut) {
        int nR = values.length;
        Map<String, BootstrapResult.Interval> out = new LinkedHashMap<>();
        double qLo = (1 - level) / 2;
        double qHi = 1 - qLo;
        double[] buf = new double[nR];
        for (int m = 0; m < names.size(); m++) {
            double[] col = new double[nR];
            int valid = 0;
            for (int r = 0; r < nR; r++) {
                double v = values[r][m];
                col[r] = v;
                if (!Double.isNaN(v)) {
                    buf[valid++] = v;
                }
            }
            Arrays.sort(buf, 0, valid);
            out.put(names.get(m), new BootstrapResult.Interval(names.get(m), point[m],
                    quantileSorted(buf, valid, qLo), quantileSorted(buf, valid, qHi), valid, nR));
            samplesOut.put(names.get(m), col);
        }
        return out;
    }
}
