package org.ecgbench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Paired record-level bootstrap of the difference between models evaluated on the SAME test records.
 *
 * <p>Each model is given as one confusion matrix per training seed and per test record
 * ({@code [seed][record][true][predicted]}). A resample draws as many records as there are, with
 * replacement, ONCE for all models (paired: both sides of every difference see the same records with
 * the same multiplicities); each model's metric on the resample is the mean over its seeds of the
 * metric of the pooled confusion matrix of its seed on those records (metrics from
 * {@link MulticlassMetrics#fromConfusion}, the definitions of every report). The point estimate is the
 * same computation on the records as they are. Interval: percentile, like {@link Bootstrap}; a
 * difference is significant at the interval's level when the interval excludes 0. Resample r uses its own
 * generator derived from the seed and r, so results do not depend on the number of threads. A
 * resample in which a metric is undefined (NaN) for either model is skipped for that metric.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {}

    /** One architecture: its per-seed, per-record confusion matrices (records in the same order for every model). */
    public record Model(String name, long[][][][] confusions) {
        public int seeds() {
            return confusions.length;
        }
    }

    /** A - B for one metric: point estimate, percentile interval, resamples in which both were defined. */
    public record Difference(String a, String b, String metric, double valueA, double valueB, double point, double lower, double upper,
                             int valid) {
        /** The interval excludes 0. */
        public boolean significant() {
            return valid > 0 && (lower > 0 || upper < 0);
        }
    }

    /** The result: every model's metric per resample (to build any difference) and the point values. */
    public static final class Samples {
        final List<String> models;
        final List<String> metrics;
        /** [model][metric] on the records as they are. */
        final double[][] point;
        /** [model][metric][resample]. */
        final double[][][] samples;
        final double level;

        Samples(List<String> models, List<String> metrics, double[][] point, double[][][] samples, double level) {
            this.models = models;
            this.metrics = metrics;
            this.point = point;
            this.samples = samples;
            this.level = level;
        }

        public double point(String model, String metric) {
            return point[models.indexOf(model)][metrics.indexOf(metric)];
        }

        /** The seed-averaged metric of {@code model} in each resample. */
        public double[] resamples(String model, String metric) {
            return samples[models.indexOf(model)][metrics.indexOf(metric)].clone();
        }

        public Difference difference(String a, String b, String metric) {
            int ia = models.indexOf(a), ib = models.indexOf(b), m = metrics.indexOf(metric);
            if (ia < 0 || ib < 0 || m < 0) throw new IllegalArgumentException("unknown model or metric: " + a + ", " + b + ", " + metric);
            double[] sa = samples[ia][m], sb = samples[ib][m];
            double[] d = IntStream.range(0, sa.length).mapToDouble(r -> sa[r] - sb[r]).filter(x -> !Double.isNaN(x)).sorted().toArray();
            double pa = point[ia][m], pb = point[ib][m];
            double alpha = (1 - level) / 2;
            return d.length == 0 ? new Difference(a, b, metric, pa, pb, pa - pb, Double.NaN, Double.NaN, 0)
                    : new Difference(a, b, metric, pa, pb, pa - pb, Bootstrap.quantile(d, alpha), Bootstrap.quantile(d, 1 - alpha), d.length);
        }

        /** Every unordered pair of models (in the given order: a before b) for every metric. */
        public List<Difference> allPairs() {
            List<Difference> out = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                for (int j = i + 1; j < models.size(); j++) {
                    for (String m : metrics) out.add(difference(models.get(i), models.get(j), m));
                }
            }
            return out;
        }
    }

    /**
     * @param metrics names of {@link MulticlassMetrics#fromConfusion} metrics, e.g. {@code macro_f1}, {@code f1_S}
     * @param classNames the classes of the confusion matrices' rows and columns
     */
    public static Samples run(List<Model> models, List<String> metrics, String[] classNames, int nResamples, long seed, double level) {
        if (models.isEmpty()) throw new IllegalArgumentException("no models");
        int nRecords = models.get(0).confusions()[0].length;
        for (Model m : models) {
            if (m.seeds() == 0) throw new IllegalArgumentException(m.name() + " has no seeds");
            for (long[][][] s : m.confusions()) {
                if (s.length != nRecords) throw new IllegalArgumentException(m.name() + ": " + s.length + " records, expected " + nRecords);
            }
        }
        int k = classNames.length;
        double[][] point = new double[models.size()][];
        int[] ones = new int[nRecords];
        Arrays.fill(ones, 1);
        for (int i = 0; i < models.size(); i++) point[i] = seedMean(models.get(i), ones, metrics, classNames, k);
        double[][][] samples = new double[models.size()][metrics.size()][nResamples];
        IntStream.range(0, nResamples).parallel().forEach(r -> {
            SplittableRandom rnd = new SplittableRandom(Bootstrap.mix(seed, r));
            int[] w = new int[nRecords];
            for (int j = 0; j < nRecords; j++) w[rnd.nextInt(nRecords)]++;
            for (int i = 0; i < models.size(); i++) {
                double[] v = seedMean(models.get(i), w, metrics, classNames, k);
                for (int m = 0; m < v.length; m++) samples[i][m][r] = v[m];
            }
        });
        return new Samples(models.stream().map(Model::name).toList(), List.copyOf(metrics), point, samples, level);
    }

    /** Mean over the model's seeds of each metric on the records weighted by {@code w}. */
    static double[] seedMean(Model model, int[] w, List<String> metrics, String[] classNames, int k) {
        double[] out = new double[metrics.size()];
        for (long[][][] perRecord : model.confusions()) {
            Map<String, Double> v = MulticlassMetrics.fromConfusion(pooled(perRecord, w, k), classNames);
            for (int m = 0; m < out.length; m++) {
                Double x = v.get(metrics.get(m));
                if (x == null) throw new IllegalArgumentException("unknown metric " + metrics.get(m));
                out[m] += x / model.seeds();
            }
        }
        return out;
    }

    /** The confusion matrix of the records weighted by {@code w}. */
    public static long[][] pooled(long[][][] perRecord, int[] w, int k) {
        long[][] c = new long[k][k];
        for (int r = 0; r < perRecord.length; r++) {
            if (w[r] == 0) continue;
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) c[i][j] += w[r] * perRecord[r][i][j];
        }
        return c;
    }
}
