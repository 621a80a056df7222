package org.ecgbench.signal.preprocess;

/** Per-window min-max scaling to [0, 1]; a constant window becomes all zeros. */
public final class MinMax implements WindowStep {
    @Override
    public void apply(float[] w) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : w) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float r = hi - lo;
        for (int i = 0; i < w.length; i++) w[i] = r > 1e-12f ? (w[i] - lo) / r : 0f;
    }

    @Override
    public String describe() {
        return "minmax: per window (x - min) / (max - min)";
    }
}
