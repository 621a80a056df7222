package org.ecgbench.pipeline.windows;

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

    /** {@code a} then {@code b} as one store (a view; each part keeps its storage). */
    static WindowStore concat(WindowStore a, WindowStore b) {
        if (a.size() > 0 && b.size() > 0 && (a.leads() != b.leads() || a.samples() != b.samples())) {
            throw new IllegalArgumentException("cannot concatenate windows of " + a.leads() + " x " + a.samples() + " and " + b.leads() + " x " + b.samples());
        }
        return new Concat(a, b);
    }

    /** Two stores end to end. */
    final class Concat implements WindowStore {
        private final WindowStore a, b;

        Concat(WindowStore a, WindowStore b) {
            this.a = a;
            this.b = b;
        }

        @Override public int size() { return a.size() + b.size(); }
        @Override public int leads() { return a.size() > 0 ? a.leads() : b.leads(); }
        @Override public int samples() { return a.size() > 0 ? a.samples() : b.samples(); }
        @Override public float[][] get(int i) { return i < a.size() ? a.get(i) : b.get(i - a.size()); }
        @Override public boolean onDisk() { return a.onDisk() || b.onDisk(); }

        @Override
        public void copyTo(int i, float[] dst, int offset) {
            if (i < a.size()) a.copyTo(i, dst, offset);
            else b.copyTo(i - a.size(), dst, offset);
        }

        @Override
        public WindowStore subset(int[] idx) {
            return new Indexed(this, idx.clone());
        }

        @Override
        public String describe() {
            return a.describe() + " + " + b.describe();
        }
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

    /** Some windows of a parent store, by position (a view). */
    final class Indexed implements WindowStore {
        private final WindowStore parent;
        private final int[] idx;

        Indexed(WindowStore parent, int[] idx) {
            this.parent = parent;
            this.idx = idx;
        }

        @Override public int size() { return idx.length; }
        @Override public int leads() { return parent.leads(); }
        @Override public int samples() { return parent.samples(); }
        @Override public float[][] get(int i) { return parent.get(idx[i]); }
        @Override public void copyTo(int i, float[] dst, int offset) { parent.copyTo(idx[i], dst, offset); }
        @Override public boolean onDisk() { return parent.onDisk(); }

        @Override
        public WindowStore subset(int[] sub) {
            int[] n = new int[sub.length];
            for (int k = 0; k < sub.length; k++) n[k] = idx[sub[k]];
            return new Indexed(parent, n);
        }

        @Override
        public String describe() {
            return idx.length + " windows of " + parent.describe();
        }
    }
}
