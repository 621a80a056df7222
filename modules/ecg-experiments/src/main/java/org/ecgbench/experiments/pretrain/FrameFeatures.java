package org.ecgbench.experiments.pretrain;

/**
 * Simple per-frame features for the k-means targets of HuBERT's first pretraining iteration (HuBERT
 * clusters MFCCs; an ECG frame of tens of samples has no useful mel scale, so we use band energies and
 * amplitude/slope statistics instead). For frame j of a window, with frame stride s and receptive field
 * r of the model's feature encoder, the frame covers samples [j·s, j·s + r); its features, per lead:
 * <ol>
 *   <li>mean amplitude of the frame, its standard deviation, and its net slope (last − first) / r,</li>
 *   <li>log(1 + mean squared first difference) (the local "QRS-ness"),</li>
 *   <li>six log band energies log(1 + E) of a Hann-windowed DFT over an analysis window of
 *       {@code analysisWindow} samples centred on the frame (zero outside the window), in the bands
 *       0–6, 6–12, 12–18, 18–25, 25–35 and 35–50 Hz.</li>
 * </ol>
 * 10 features per lead; the caller standardises them (z-score per feature) before k-means.
 */
public final class FrameFeatures {
    private FrameFeatures() {}

    public static final double[] BAND_EDGES_HZ = {0, 6, 12, 18, 25, 35, 50};
    public static final int PER_LEAD = 4 + BAND_EDGES_HZ.length - 1;

    /**
     * @return features [frames][leads · PER_LEAD] of one window x[lead][sample].
     */
    public static double[][] of(float[][] x, int frames, int stride, int receptiveField, int analysisWindow, double fs) {
        int leads = x.length, n = x[0].length;
        double[][] out = new double[frames][leads * PER_LEAD];
        int aw = analysisWindow;
        double[] hann = new double[aw];
        for (int i = 0; i < aw; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (aw - 1));
        int bins = aw / 2 + 1;
        double[] cos = new double[bins * aw], sin = new double[bins * aw];
        for (int k = 0; k < bins; k++) {
            for (int i = 0; i < aw; i++) {
                cos[k * aw + i] = Math.cos(2 * Math.PI * k * i / aw);
                sin[k * aw + i] = Math.sin(2 * Math.PI * k * i / aw);
            }
        }
        double[] seg = new double[aw];
        for (int l = 0; l < leads; l++) {
            float[] s = x[l];
            for (int j = 0; j < frames; j++) {
                int a = j * stride, b = Math.min(n, a + receptiveField);
                double sum = 0, sq = 0, d2 = 0;
                for (int i = a; i < b; i++) {
                    sum += s[i];
                    sq += (double) s[i] * s[i];
                    if (i > a) d2 += (double) (s[i] - s[i - 1]) * (s[i] - s[i - 1]);
                }
                int len = b - a;
                double mean = sum / len;
                double std = Math.sqrt(Math.max(0, sq / len - mean * mean));
                double slope = (s[b - 1] - s[a]) / (double) len;
                double dEnergy = Math.log1p(d2 / Math.max(1, len - 1));
                int centre = a + receptiveField / 2, start = centre - aw / 2;
                for (int i = 0; i < aw; i++) {
                    int p = start + i;
                    seg[i] = (p >= 0 && p < n ? s[p] : 0.0) * hann[i];
                }
                double[] band = new double[BAND_EDGES_HZ.length - 1];
                for (int k = 0; k < bins; k++) {
                    double f = k * fs / aw;
                    int bi = -1;
                    for (int q = 0; q < band.length; q++) if (f >= BAND_EDGES_HZ[q] && f < BAND_EDGES_HZ[q + 1]) bi = q;
                    if (bi < 0) continue;
                    double re = 0, im = 0;
                    for (int i = 0; i < aw; i++) {
                        re += seg[i] * cos[k * aw + i];
                        im -= seg[i] * sin[k * aw + i];
                    }
                    band[bi] += (re * re + im * im) / aw;
                }
                int o = l * PER_LEAD;
                out[j][o] = mean;
                out[j][o + 1] = std;
                out[j][o + 2] = slope;
                out[j][o + 3] = dEnergy;
                for (int q = 0; q < band.length; q++) out[j][o + 4 + q] = Math.log1p(band[q]);
            }
        }
        return out;
    }
}
