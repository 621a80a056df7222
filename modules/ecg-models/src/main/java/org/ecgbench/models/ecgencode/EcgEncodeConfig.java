package org.ecgbench.models.ecgencode;

import java.util.Arrays;
import java.util.Set;
import org.ecgbench.models.ModelConfig;

/**
 * Configuration of the ECGencode feature encoder (Bontinck et al., sections 3.1-3.4): temporal
 * convolution (kernel lengths, filters per kernel, stride), spatial convolution (number of
 * augmented leads), two depthwise-separable feature convolutions (kernel length, stride, depth
 * multiplier, pointwise filters each) and the regularisation (spatial dropout rate; spatial
 * Gaussian noise probability, mean and standard deviation). Batch-norm epsilon and momentum
 * follow Keras' defaults (1e-3, 0.99).
 *
 * <p>{@link #model1()} and {@link #model2()} are the paper's two configurations (section 4.2.1
 * and 4.2.2). The regularisation strengths are not given in the paper; the defaults here
 * (dropout 0.1, noise probability 0.5, N(1, 0.25^2)) are our own choice.
 */
public record EcgEncodeConfig(int[] temporalKernels, int temporalFilters, int temporalStride, int augmentedLeads,
                              int f1Kernel, int f1Stride, int f1DepthMultiplier, int f1Filters,
                              int f2Kernel, int f2Stride, int f2DepthMultiplier, int f2Filters,
                              double spatialDropout, double noiseProbability, double noiseMean, double noiseStddev,
                              double bnEps, double bnDecay) {

    /** Model-parameter keys understood by {@link #fromParams}. */
    public static final Set<String> KEYS = Set.of("temporal_kernels", "temporal_filters", "temporal_stride", "augmented_leads",
            "f1_kernel", "f1_stride", "f1_depth_multiplier", "f1_filters",
            "f2_kernel", "f2_stride", "f2_depth_multiplier", "f2_filters",
            "spatial_dropout", "noise_probability", "noise_mean", "noise_stddev");

    public EcgEncodeConfig {
        if (temporalKernels == null || temporalKernels.length == 0) throw new IllegalArgumentException("ECGencode: temporal_kernels must list at least one kernel length");
        temporalKernels = temporalKernels.clone();
        for (int k : temporalKernels) positive("temporal_kernels entry", k);
        positive("temporal_filters", temporalFilters);
        positive("temporal_stride", temporalStride);
        positive("augmented_leads", augmentedLeads);
        positive("f1_kernel", f1Kernel);
        positive("f1_stride", f1Stride);
        positive("f1_depth_multiplier", f1DepthMultiplier);
        positive("f1_filters", f1Filters);
        positive("f2_kernel", f2Kernel);
        positive("f2_stride", f2Stride);
        positive("f2_depth_multiplier", f2DepthMultiplier);
        positive("f2_filters", f2Filters);
        if (!(spatialDropout >= 0 && spatialDropout < 1)) throw new IllegalArgumentException("ECGencode: spatial_dropout must be in [0, 1), got " + spatialDropout);
        if (!(noiseProbability >= 0 && noiseProbability <= 1)) throw new IllegalArgumentException("ECGencode: noise_probability must be in [0, 1], got " + noiseProbability);
        if (!Double.isFinite(noiseMean)) throw new IllegalArgumentException("ECGencode: noise_mean must be finite, got " + noiseMean);
        if (!(noiseStddev >= 0) || Double.isInfinite(noiseStddev)) throw new IllegalArgumentException("ECGencode: noise_stddev must be >= 0, got " + noiseStddev);
    }

    private static void positive(String what, int v) {
        if (v < 1) throw new IllegalArgumentException("ECGencode: " + what + " must be >= 1, got " + v);
    }

    @Override
    public int[] temporalKernels() { return temporalKernels.clone(); }

    /** Channels after the temporal convolution: kernels x filters per kernel. */
    public int temporalChannels() { return temporalKernels.length * temporalFilters; }

    /** ECGencode model 1 (binary AFib classification, 4 x 40 x 4 latent for 12 x 5000 input). */
    public static EcgEncodeConfig model1() {
        return new EcgEncodeConfig(new int[] {16, 64, 256, 1024}, 4, 8, 4,
                32, 8, 1, 4,
                8, 2, 1, 4,
                0.1, 0.5, 1.0, 0.25, 1e-3, 0.99);
    }

    /** ECGencode model 2 (71-label PTB-XL classification, 5 x 79 x 32 latent for 12 x 5000 input). */
    public static EcgEncodeConfig model2() {
        return new EcgEncodeConfig(new int[] {16, 64, 256, 1024}, 4, 8, 5,
                16, 4, 1, 16,
                16, 2, 2, 32,
                0.1, 0.5, 1.0, 0.25, 1e-3, 0.99);
    }

    /** Same configuration without spatial dropout and Gaussian noise (e.g. for gradient checks). */
    public EcgEncodeConfig withoutRegularisation() {
        return new EcgEncodeConfig(temporalKernels, temporalFilters, temporalStride, augmentedLeads,
                f1Kernel, f1Stride, f1DepthMultiplier, f1Filters, f2Kernel, f2Stride, f2DepthMultiplier, f2Filters,
                0.0, 0.0, noiseMean, noiseStddev, bnEps, bnDecay);
    }

    /** Overrides the defaults with the model parameters of {@code cfg} (keys in {@link #KEYS}). */
    public static EcgEncodeConfig fromParams(ModelConfig cfg, EcgEncodeConfig d) {
        return new EcgEncodeConfig(
                cfg.intArrayParam("temporal_kernels", d.temporalKernels),
                cfg.intParam("temporal_filters", d.temporalFilters),
                cfg.intParam("temporal_stride", d.temporalStride),
                cfg.intParam("augmented_leads", d.augmentedLeads),
                cfg.intParam("f1_kernel", d.f1Kernel), cfg.intParam("f1_stride", d.f1Stride),
                cfg.intParam("f1_depth_multiplier", d.f1DepthMultiplier), cfg.intParam("f1_filters", d.f1Filters),
                cfg.intParam("f2_kernel", d.f2Kernel), cfg.intParam("f2_stride", d.f2Stride),
                cfg.intParam("f2_depth_multiplier", d.f2DepthMultiplier), cfg.intParam("f2_filters", d.f2Filters),
                cfg.doubleParam("spatial_dropout", d.spatialDropout),
                cfg.doubleParam("noise_probability", d.noiseProbability),
                cfg.doubleParam("noise_mean", d.noiseMean),
                cfg.doubleParam("noise_stddev", d.noiseStddev),
                d.bnEps, d.bnDecay);
    }

    /** Time points after each strided stage ('same' padding: ceil(n / stride)). */
    public int[] timePoints(int samples) {
        int t1 = ceilDiv(samples, temporalStride);
        int t2 = ceilDiv(t1, f1Stride);
        int t3 = ceilDiv(t2, f2Stride);
        return new int[] {t1, t2, t3};
    }

    /** Latent shape {augmented leads, time points, channels} for an input of {@code samples} samples. */
    public int[] latentShape(int samples) {
        return new int[] {augmentedLeads, timePoints(samples)[2], f2Filters};
    }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcgEncodeConfig c && Arrays.equals(c.temporalKernels, temporalKernels) && c.temporalFilters == temporalFilters
                && c.temporalStride == temporalStride && c.augmentedLeads == augmentedLeads && c.f1Kernel == f1Kernel
                && c.f1Stride == f1Stride && c.f1DepthMultiplier == f1DepthMultiplier && c.f1Filters == f1Filters
                && c.f2Kernel == f2Kernel && c.f2Stride == f2Stride && c.f2DepthMultiplier == f2DepthMultiplier
                && c.f2Filters == f2Filters && c.spatialDropout == spatialDropout && c.noiseProbability == noiseProbability
                && c.noiseMean == noiseMean && c.noiseStddev == noiseStddev && c.bnEps == bnEps && c.bnDecay == bnDecay;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(temporalKernels) * 31 + Arrays.hashCode(new double[] {temporalFilters, temporalStride, augmentedLeads,
                f1Kernel, f1Stride, f1DepthMultiplier, f1Filters, f2Kernel, f2Stride, f2DepthMultiplier, f2Filters,
                spatialDropout, noiseProbability, noiseMean, noiseStddev, bnEps, bnDecay});
    }

    @Override
    public String toString() {
        return "EcgEncodeConfig(temporal=" + Arrays.toString(temporalKernels) + "x" + temporalFilters + "/s" + temporalStride
                + ", augmentedLeads=" + augmentedLeads + ", f1=k" + f1Kernel + "/s" + f1Stride + "/d" + f1DepthMultiplier + "->" + f1Filters
                + ", f2=k" + f2Kernel + "/s" + f2Stride + "/d" + f2DepthMultiplier + "->" + f2Filters
                + ", dropout=" + spatialDropout + ", noise=p" + noiseProbability + " N(" + noiseMean + "," + noiseStddev + "^2))";
    }
}
