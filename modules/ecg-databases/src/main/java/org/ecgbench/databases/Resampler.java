package org.ecgbench.databases;

/**
 * Band-limited resampling by direct evaluation of a Hann-windowed sinc interpolator (linear phase, no
 * delay). For each output instant t the value is sum_k x[k] h(t*fsIn - k) with cutoff at 0.5 * min(fsIn,
 * fsOut) * {@link #CUTOFF_FRACTION} (anti-aliasing when downsampling) and {@link #HALF_WIDTH_ZEROS} zero
 * crossings per side. Near the ends the missing neighbours are treated as absent and the kernel weights are
 * renormalised, so a constant signal stays constant up to the edges. Output length =
 * round(n * fsOut / fsIn). Intended for modest ratios such as CODE-15% 400 -> 500 Hz; a better resampler may
 * later live in ecg-signal.
 */
public final class Resampler {
    /** Fraction of the lower Nyquist frequency kept as pass band. */
    public static final double CUTOFF_FRACTION = 0.95;
    /** Zero crossings of the (lower-rate) sinc on each side of the kernel centre. */
    public static final int HALF_WIDTH_ZEROS = 16;

    private Resampler() {}

    /** Resamples one signal from {@code fsIn} to {@code fsOut} Hz. */
    public static float[] resample(float[] x, double fsIn, double fsOut) {
        if (!(fsIn > 0) || !(fsOut > 0)) throw new IllegalArgumentException("sampling rates must be positive: " + fsIn + " -> " + fsOut);
        if (fsIn == fsOut) return x.clone();
        int n = x.length;
        int m = (int) Math.round(n * fsOut / fsIn);
        float[] y = new float[m];
        if (n == 0) return y;
        double fc = 0.5 * Math.min(fsIn, fsOut) * CUTOFF_FRACTION / fsIn; // cycles per input sample
        double halfWidth = HALF_WIDTH_ZEROS / (2 * fc);                 // in input samples
        double step = fsIn / fsOut;
        for (int i = 0; i < m; i++) {
            double t = i * step;
            int lo = Math.max(0, (int) Math.ceil(t - halfWidth));
            int hi = Math.min(n - 1, (int) Math.floor(t + halfWidth));
            double acc = 0, wsum = 0;
            for (int k = lo; k <= hi; k++) {
                double d = t - k;
                double w = kernel(d, fc, halfWidth);
                acc += w * x[k];
                wsum += w;
            }
            y[i] = (float) (wsum != 0 ? acc / wsum : 0);
        }
        return y;
    }

    /** Resamples every row of {@code x[lead][sample]}. */
    public static float[][] resample(float[][] x, double fsIn, double fsOut) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) y[i] = resample(x[i], fsIn, fsOut);
        return y;
    }

    private static double kernel(double d, double fc, double halfWidth) {
        double a = Math.abs(d);
        if (a > halfWidth) return 0;
        double sinc = a < 1e-12 ? 2 * fc : Math.sin(2 * Math.PI * fc * d) / (Math.PI * d);
        double win = 0.5 * (1 + Math.cos(Math.PI * d / halfWidth));
        return sinc * win;
    }

    /**
     * Zero-pads (centred, extra sample at the end) or centre-crops every row to {@code n} samples, e.g. to
     * bring 7-s CODE-15% exams resampled to 500 Hz back to the 12 x 5000 shape of PTB-XL.
     */
    public static float[][] padOrCropCentred(float[][] x, int n) {
        float[][] y = new float[x.length][n];
        for (int i = 0; i < x.length; i++) {
            int len = x[i].length;
            if (len >= n) {
                System.arraycopy(x[i], (len - n) / 2, y[i], 0, n);
            } else {
                System.arraycopy(x[i], 0, y[i], (n - len) / 2, len);
            }
        }
        return y;
    }
}
