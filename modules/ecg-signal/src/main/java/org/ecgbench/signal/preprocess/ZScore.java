package org.ecgbench.signal.preprocess;

/** Per-window z-score: (x − mean) / std (population std); a constant window becomes all zeros, never NaN. */
public final class ZScore implements WindowStep {
    @Override
    public void apply(float[] w) {
        double m = 0;
        for (float v : w) m += v;
        m /= w.length;
        double s = 0;
        for (float v : w) s += (v - m) * (v - m);
        s = Math.sqrt(s / w.length);
        for (int i = 0; i < w.length; i++) w[i] = s > 1e-12 ? (float) ((w[i] - m) / s) : 0f;
    }

    @Override
    public String describe() {
        return "zscore: per window (x - mean) / std; constant windows -> 0";
    }
}
