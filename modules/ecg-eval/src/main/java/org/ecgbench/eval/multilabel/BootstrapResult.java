package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Percentile bootstrap confidence intervals for a set of named metrics: for each metric the point
 * estimate on the full data, the lower and upper percentile of the resampled values, and how many
 * resamples gave a defined (non-NaN) value. Also keeps every resampled value, in resample order,
 * so tables can be recomputed or saved.
 */
public final class BootstrapResult {

    /**
     * One metric's interval.
     *
     * @param metric     metric name (as in {@code toMap()} of the metrics class)
     * @param point      value on the full data
     * @param lower      lower percentile, (1-level)/2, of the valid resampled values (NaN if none)
     * @param upper      upper percentile, (1+level)/2 (NaN if none)
     * @param nValid     resamples in which the metric was defined (not NaN)
     * @param nResamples resamples drawn
     */
    public record Interval(String metric, double point, double lower, double upper, int nValid, int nResamples) {
        /** Resamples skipped because the metric was NaN in them. */
        public int nSkipped() {
            return nResamples - nValid;
        }

        /** Interval width (upper - lower). */
        public double width() {
            return upper - lower;
        }

        /** Whether lower ≤ x ≤ upper. */
        public boolean contains(double x) {
            return x >= lower && x <= upper;
        }

        /** {@code "0.912 (0.887–0.931)"}. */
        public String format(int decimals) {
            return TableFormat.ci(point, lower, upper, decimals);
        }
    }

    private final Map<String, Interval> intervals;
    private final Map<String, double[]> samples;
    private final int nResamples;
    private final long seed;
    private final double level;
    private final int nClusters;
    private final int nSamples;
    private final boolean aucResampled;
    private final long rejectedDraws;

    BootstrapResult(Map<String, Interval> intervals, Map<String, double[]> samples, int nResamples, long seed,
                    double level, int nClusters, int nSamples, boolean aucResampled, long rejectedDraws) {
        this.intervals = Collections.unmodifiableMap(intervals);
        this.samples = samples;
        this.nResamples = nResamples;
        this.seed = seed;
        this.level = level;
        this.nClusters = nClusters;
        this.nSamples = nSamples;
        this.aucResampled = aucResampled;
        this.rejectedDraws = rejectedDraws;
    }

    /** All intervals, by metric name, in the metrics class's order. */
    public Map<String, Interval> intervals() {
        return intervals;
    }

    /** Metric names in order. */
    public List<String> metricNames() {
        return new ArrayList<>(intervals.keySet());
    }

    /** The interval of one metric; throws naming the available metrics when unknown. */
    public Interval get(String metric) {
        Interval iv = intervals.get(metric);
        if (iv == null) {
            throw new IllegalArgumentException("BootstrapResult: no metric '" + metric + "'; available: "
                    + intervals.keySet());
        }
        return iv;
    }

    /** Copy of the resampled values of one metric, in resample order (NaN where undefined). */
    public double[] samples(String metric) {
        get(metric);
        return samples.get(metric).clone();
    }

    public int nResamples() {
        return nResamples;
    }

    public long seed() {
        return seed;
    }

    /** Confidence level, e.g. 0.95. */
    public double level() {
        return level;
    }

    /** Whether whole clusters (records) were resampled. */
    public boolean clustered() {
        return nClusters > 0;
    }

    /** Number of clusters (0 for a sample-level bootstrap). */
    public int nClusters() {
        return nClusters;
    }

    /** Number of samples (beats / records) in the data. */
    public int nSamples() {
        return nSamples;
    }

    /** Whether AUC metrics were resampled (otherwise their intervals are NaN with nValid 0). */
    public boolean aucResampled() {
        return aucResampled;
    }

    /**
     * Draws discarded and redrawn by a validity rule (the multi-label rule "every label has a
     * positive"); 0 for the multi-class bootstrap.
     */
    public long rejectedDraws() {
        return rejectedDraws;
    }

    /** Markdown table: metric, point (lower–upper), valid resamples. */
    public String toMarkdown(int decimals) {
        MarkdownTable t = new MarkdownTable().header("metric",
                        "value (" + TableFormat.number(level * 100, 0) + "% CI)", "valid resamples")
                .align(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT);
        for (Interval iv : intervals.values()) {
            t.row(iv.metric(), iv.format(decimals), iv.nValid() + "/" + iv.nResamples());
        }
        return t.toString();
    }
}
