package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals for every metric of {@link MultilabelMetrics}.
 *
 * <p>Each resample draws n samples (or, with {@code clusterIds}, all C clusters such as patients)
 * with replacement. <b>PTB-XL benchmark rule</b> (Strodthoff et al. 2021): a draw in which some
 * label has no positive sample is discarded and redrawn, so every kept resample has all labels
 * (and the macro AUC always averages the same labels unless a label loses all negatives). The
 * number of discarded draws is {@link BootstrapResult#rejectedDraws()}. The rule needs every label
 * to have a positive in the full data (otherwise an error names the labels) and a draw budget per
 * resample ({@link Config#maxDrawsPerResample}). With {@code requireAllPositives = false} every
 * draw is kept and NaN metrics are skipped per metric (counted in nValid).
 *
 * <p>Thresholds are fixed (chosen beforehand, e.g. with {@link Thresholds#optimiseF1} on validation
 * data). Intervals: percentiles (1-level)/2 and (1+level)/2, numpy's linear rule. Deterministic for
 * a seed, whatever the thread count (one seeded stream per resample).
 */
public final class MultilabelBootstrap {
    private MultilabelBootstrap() {
    }

    /**
     * Settings.
     *
     * @param nResamples          kept resamples
     * @param seed                seed
     * @param level               confidence level in (0, 1)
     * @param threads             worker threads
     * @param requireAllPositives PTB-XL rule: redraw resamples in which a label has no positives
     * @param maxDrawsPerResample draw budget per kept resample under the rule
     */
    public record Config(int nResamples, long seed, double level, int threads, boolean requireAllPositives,
                         int maxDrawsPerResample) {
        public Config {
            Resampling.checkCommon("MultilabelBootstrap.Config", nResamples, level, threads);
            if (maxDrawsPerResample < 1) {
                throw new IllegalArgumentException("MultilabelBootstrap.Config: maxDrawsPerResample = "
                        + maxDrawsPerResample + " must be >= 1");
            }
        }

        /** 95%, PTB-XL rule on, 1000 draws per resample, all processors. */
        public static Config of(int nResamples, long seed) {
            return new Config(nResamples, seed, 0.95, Resampling.defaultThreads(), true, 1000);
        }

        public Config withThreads(int t) {
            return new Config(nResamples, seed, level, t, requireAllPositives, maxDrawsPerResample);
        }

        public Config withRequireAllPositives(boolean b) {
            return new Config(nResamples, seed, level, threads, b, maxDrawsPerResample);
        }

        public Config withLevel(double l) {
            return new Config(nResamples, seed, l, threads, requireAllPositives, maxDrawsPerResample);
        }
    }

    /** Bootstrap with the PTB-XL rule, all processors. {@code clusterIds} null = resample samples. */
    public static BootstrapResult bootstrap(boolean[][] yTrue, double[][] scores, double[] thresholds,
                                            String[] labels, String[] clusterIds, int nResamples, long seed,
                                            double level) {
        return bootstrap(yTrue, scores, thresholds, labels, clusterIds,
                Config.of(nResamples, seed).withLevel(level));
    }

    /** Full form. */
    public static BootstrapResult bootstrap(boolean[][] yTrue, double[][] scores, double[] thresholds,
                                            String[] labels, String[] clusterIds, Config config) {
        String what = "MultilabelBootstrap.bootstrap";
        if (config == null) {
            throw new IllegalArgumentException(what + ": config is null");
        }
        MultilabelMetrics.Engine e = new MultilabelMetrics.Engine(what, yTrue, scores, thresholds, labels);
        int n = e.n;
        if (config.requireAllPositives()) {
            List<String> none = e.labelsWithoutPositives(null);
            if (!none.isEmpty()) {
                throw new IllegalArgumentException(what + ": labels " + none + " have no positive sample in the data,"
                        + " so no resample can satisfy the PTB-XL rule; drop these labels or set"
                        + " requireAllPositives = false");
            }
        }
        int[] clusterOf = clusterIds == null ? null : Resampling.clusterIndex(what, clusterIds, n);
        int nClusters = clusterOf == null ? 0 : Resampling.countClusters(clusterOf);
        int nR = config.nResamples();
        long[] seeds = Resampling.resampleSeeds(config.seed(), nR);
        double[][] values = new double[nR][];
        long[] rejected = new long[nR];
        Resampling.parallelFor(nR, config.threads(), r -> {
            SplittableRandom rng = new SplittableRandom(seeds[r]);
            int draws = 0;
            while (true) {
                int[] w;
                if (clusterOf == null) {
                    w = Resampling.drawMultiplicities(rng, n);
                } else {
                    int[] mult = Resampling.drawMultiplicities(rng, nClusters);
                    w = new int[n];
                    for (int i = 0; i < n; i++) {
                        w[i] = mult[clusterOf[i]];
                    }
                }
                draws++;
                if (!config.requireAllPositives() || e.allLabelsHavePositives(w)) {
                    values[r] = e.values(w);
                    rejected[r] = draws - 1;
                    return;
                }
                if (draws >= config.maxDrawsPerResample()) {
                    throw new IllegalStateException(what + ": resample " + r + " found no draw with positives for"
                            + " every label in " + draws + " draws; labels " + e.labelsWithoutPositives(w)
                            + " are too rare for the PTB-XL rule (raise maxDrawsPerResample, use more data,"
                            + " or set requireAllPositives = false)");
                }
            }
        });
        long totalRejected = 0;
        for (long x : rejected) {
            totalRejected += x;
        }
        Map<String, double[]> samples = new LinkedHashMap<>();
        Map<String, BootstrapResult.Interval> iv = Resampling.summarise(e.metricNames(), e.values(null), values,
                config.level(), samples);
        return new BootstrapResult(iv, samples, nR, config.seed(), config.level(), nClusters, n, true, totalRejected);
    }

    /** As above with 0/1 integer labels. */
    public static BootstrapResult bootstrap(int[][] yTrue, double[][] scores, double[] thresholds, String[] labels,
                                            String[] clusterIds, Config config) {
        return bootstrap(MultilabelMetrics.toBoolean("MultilabelBootstrap.bootstrap", yTrue), scores, thresholds,
                labels, clusterIds, config);
    }
}
