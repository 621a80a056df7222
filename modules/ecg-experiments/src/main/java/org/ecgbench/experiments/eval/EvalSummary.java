package org.ecgbench.experiments.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one split: for each metric name (accuracy, macro_f1, f1_S, recall_V, ...) the point
 * estimate and, where computed, beat-level and record-level bootstrap intervals.
 */
public final class EvalSummary {
    public final String split;
    public final int n;
    public final int records;
    public final Map<String, Double> point = new LinkedHashMap<>();
    public final Map<String, double[]> beatCi = new LinkedHashMap<>();
    public final Map<String, double[]> recordCi = new LinkedHashMap<>();
    public int[][] confusion;
    public String[] classNames;
    public int bootstrapN;
    public double ciLevel;

    public EvalSummary(String split, int n, int records) {
        this.split = split;
        this.n = n;
        this.records = records;
    }

    public double get(String metric) {
        Double v = point.get(metric);
        return v == null ? Double.NaN : v;
    }
}
