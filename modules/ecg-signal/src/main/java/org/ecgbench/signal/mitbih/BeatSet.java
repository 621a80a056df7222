package org.ecgbench.signal.mitbih;

import java.util.Map;

/**
 * Beat windows extracted from MIT-BIH records: {@code x[n][leads][length]}, class labels, the record
 * and R-peak sample of each window, and the beats dropped because their window did not fit the record.
 */
public final class BeatSet {
    public final float[][][] x;
    public final int[] y;
    public final String[] record;
    public final long[] sample;
    public final String[] classNames;
    /** record → windows kept per class. */
    public final Map<String, int[]> countsPerRecord;
    /** per class: beats whose window did not fit inside the record. */
    public final int[] droppedWindowFit;

    public BeatSet(float[][][] x, int[] y, String[] record, long[] sample, String[] classNames, Map<String, int[]> countsPerRecord,
                   int[] droppedWindowFit) {
        this.x = x;
        this.y = y;
        this.record = record;
        this.sample = sample;
        this.classNames = classNames;
        this.countsPerRecord = countsPerRecord;
        this.droppedWindowFit = droppedWindowFit;
    }

    public int size() { return y.length; }

    public int[] classCounts() {
        int[] c = new int[classNames.length];
        for (int v : y) c[v]++;
        return c;
    }
}
