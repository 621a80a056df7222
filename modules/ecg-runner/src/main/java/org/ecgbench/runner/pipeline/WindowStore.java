package org.ecgbench.runner.pipeline;

/**
 * Model inputs {@code [n][leads][samples]} (float32), held in memory ({@link #of(float[][][])}) or streamed from a
 * disk cache ({@link DiskWindowStore}) when they do not fit the heap (full CODE-15%: ~68 GB). Readers of
 * windows go through {@link #get} or {@link #copyTo}, never through the backing array, so training, prediction
 * and evaluation work the same on both.
 */
public interface WindowStore {
    int size();

    int leads();

    int samples();

    /** Window {@code i} as {@code [leads][samples]}; the memory store returns its own array (do not modify). */
    float[][] get(int i);

    /** Writes window {@code i} row-major ({@code leads * samples} floats) into {@code dst} at {@code offset}. */
    default void copyTo(int i, float[] dst, int offset) {
        float[][] w = get(i);
        int len = samples();
        for (int c = 0; c < w.length; c++) System.arraycopy(w[c], 0, dst, offset + c * len, len);
    }

    /** The windows at these positions, in this order (a view: nothing is copied). */
    WindowStore subset(int[] idx);

    /** True when windows are read from disk on demand. */
    default boolean onDisk() {
        return false;
    }

    /** Short description for logs and reports. */
    String describe();

    static WindowStore of(float[][][] x) {
        return new ArrayStore(x);
    }

    /** In-memory windows. */
    final class ArrayStore implements WindowStore {
        private final float[][][] x;

        ArrayStore(float[][][] x) {
            this.x = x;
        }

        @Override public int size() { return x.length; }
        @Override public int leads() { return x.length == 0 ? 0 : x[0].length; }
        @Override public int samples() { return x.length == 0 || x[0].length == 0 ? 0 : x[0][0].length; }
        @Override public float[][] get(int i) { return x[i]; }

        @Override
        public WindowStore subset(int[] idx) {
            float[][][] nx = new float[idx.length][][];
            for (int i = 0; i < idx.length; i++) nx[i] = x[idx[i]];
            return new ArrayStore(nx);
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "in memory (%,d windows, %.1f MB float32)", size(),
                    (double) size() * leads() * samples() * 4 / 1e6);
        }
    }
}
