package org.ecgbench.models.ecgencode;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.ecgbench.models.noise.SpatialGaussianNoise;
import org.nd4j.linalg.activations.Activation;

/**
 * Adds the ECGencode feature encoder to a DL4J graph. Layout: NCHW with leads on the H axis,
 * {@code [batch, channels, leads, time]}.
 *
 * <ol>
 * <li>reshape {@code [b, leads, T]} to {@code [b, 1, leads, T]};</li>
 * <li>temporal convolution: one bias-free {@code [1, k]} convolution (stride {@code [1, s]}, same
 *     padding, {@code temporalFilters} filters) per kernel length, merged on the channel axis;</li>
 * <li>lead-axis batch norm: permute to {@code [b, leads, channels, T]}, BatchNormalization (one
 *     gamma/beta/mean/variance per lead), permute back;</li>
 * <li>spatial convolution: bias-free depthwise {@code [leads, 1]} convolution with depth
 *     multiplier = augmented leads, reshaped so that the augmented leads form the H axis; ELU;</li>
 * <li>feature convolution 1: channel-axis batch norm, spatial dropout, spatial Gaussian noise
 *     per (example, augmented lead), bias-free depthwise-separable {@code [1, k1]} convolution
 *     (stride s1, depth multiplier d1, f1 pointwise filters), ELU;</li>
 * <li>feature convolution 2: the same with noise per (example, channel) and a sigmoid.</li>
 * </ol>
 * The placement of the batch norms (on the input of each feature convolution) is inferred from
 * the paper's parameter counts; see docs/architectures/ecgencode.md.
 */
public final class EcgEncoder {
    private EcgEncoder() {}

    /**
     * Where the encoder's output is in the graph and its shape: vertex {@code vertex} produces
     * {@code [batch, channels, augmentedLeads, timePoints]}.
     */
    public record Latent(String vertex, int augmentedLeads, int timePoints, int channels) {
        public int size() { return augmentedLeads * timePoints * channels; }
    }

    /** Adds the encoder reading graph input/vertex {@code input} ([b, leads, samples]); returns the latent. */
    public static Latent addTo(GraphBuilder g, String input, int leads, int samples, EcgEncodeConfig c) {
        int[] t = c.timePoints(samples);
        int ch = c.temporalChannels();

        g.addVertex("enc_to2d", new ReshapeVertex('c', new int[] {-1, 1, leads, samples}, null), input);
        int[] kernels = c.temporalKernels();
        String[] temporal = new String[kernels.length];
        for (int i = 0; i < kernels.length; i++) {
            temporal[i] = "enc_temporal_k" + kernels[i] + (i > 0 && kernels[i] == kernels[i - 1] ? "_" + i : "");
            g.addLayer(temporal[i], new ConvolutionLayer.Builder()
                    .nIn(1).nOut(c.temporalFilters())
                    .kernelSize(1, kernels[i]).stride(1, c.temporalStride())
                    .convolutionMode(ConvolutionMode.Same).hasBias(false)
                    .activation(Activation.IDENTITY).build(), "enc_to2d");
        }
        String merged = temporal[0];
        if (kernels.length > 1) {
            g.addVertex("enc_temporal", new MergeVertex(), temporal);
            merged = "enc_temporal";
        }

        g.addVertex("enc_to_leads", new PermuteVertex(2, 1, 3), merged);
        g.addLayer("enc_lead_bn", bn(leads, c), "enc_to_leads");
        g.addVertex("enc_from_leads", new PermuteVertex(2, 1, 3), "enc_lead_bn");

        g.addLayer("enc_spatial", new DepthwiseConvolution2D.Builder()
                .nIn(ch).depthMultiplier(c.augmentedLeads())
                .kernelSize(leads, 1).stride(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).hasBias(false)
                .activation(Activation.IDENTITY).build(), "enc_from_leads");
        // depthwise output channel index = channel * augmentedLeads + augmentedLead -> [b, ch, augmentedLeads, T1]
        g.addVertex("enc_spatial_split", new ReshapeVertex('c', new int[] {-1, ch, c.augmentedLeads(), t[0]}, null), "enc_spatial");
        g.addLayer("enc_spatial_elu", new ActivationLayer.Builder().activation(Activation.ELU).build(), "enc_spatial_split");

        String f1 = featureConv(g, "enc_f1", "enc_spatial_elu", ch, c.f1Kernel(), c.f1Stride(), c.f1DepthMultiplier(), c.f1Filters(),
                2, Activation.ELU, c);
        String f2 = featureConv(g, "enc_f2", f1, c.f1Filters(), c.f2Kernel(), c.f2Stride(), c.f2DepthMultiplier(), c.f2Filters(),
                1, Activation.SIGMOID, c);
        return new Latent(f2, c.augmentedLeads(), t[2], c.f2Filters());
    }

    private static String featureConv(GraphBuilder g, String name, String in, int nIn, int kernel, int stride, int depthMult,
                                      int filters, int noiseAxis, Activation act, EcgEncodeConfig c) {
        g.addLayer(name + "_bn", bn(nIn, c), in);
        String last = name + "_bn";
        if (c.spatialDropout() > 0) {
            // DL4J's SpatialDropout takes the RETAIN probability
            g.addLayer(name + "_dropout", new DropoutLayer.Builder().dropOut(new SpatialDropout(1.0 - c.spatialDropout())).build(), last);
            last = name + "_dropout";
        }
        SeparableConvolution2D.Builder conv = new SeparableConvolution2D.Builder()
                .nIn(nIn).nOut(filters).depthMultiplier(depthMult)
                .kernelSize(1, kernel).stride(1, stride)
                .convolutionMode(ConvolutionMode.Same).hasBias(false)
                .activation(act);
        if (c.noiseProbability() > 0 && c.noiseStddev() > 0) {
            conv.dropOut(new SpatialGaussianNoise(noiseAxis, c.noiseProbability(), c.noiseMean(), c.noiseStddev()));
        }
        g.addLayer(name + "_conv", conv.build(), last);
        return name + "_conv";
    }

    private static BatchNormalization bn(int n, EcgEncodeConfig c) {
        return new BatchNormalization.Builder().nIn(n).nOut(n).eps(c.bnEps()).decay(c.bnDecay()).build();
    }

    /**
     * Encoder parameters counted as Keras (and DL4J) count them: convolution weights (no biases)
     * plus 4 values per batch-norm feature (gamma, beta, moving mean, moving variance).
     */
    public static long parameterCount(int leads, EcgEncodeConfig c) {
        long ch = c.temporalChannels();
        long n = 0;
        for (int k : c.temporalKernels()) n += (long) k * c.temporalFilters();
        n += 4L * leads;                                    // lead-axis BN
        n += (long) leads * ch * c.augmentedLeads();        // spatial depthwise
        n += 4L * ch;                                       // f1 BN
        n += (long) c.f1Kernel() * ch * c.f1DepthMultiplier() + ch * c.f1DepthMultiplier() * c.f1Filters();
        n += 4L * c.f1Filters();                            // f2 BN
        n += (long) c.f2Kernel() * c.f1Filters() * c.f2DepthMultiplier() + (long) c.f1Filters() * c.f2DepthMultiplier() * c.f2Filters();
        return n;
    }

    /**
     * Forward FLOPs of the encoder for one example by the paper's equations 1-8 (multiply and add
     * counted as 2, output sizes with 'same' padding, no bias terms since ECGencode has none).
     * Batch norm, activations and the training-only regularisation are not counted.
     */
    public static long flops(int leads, int samples, EcgEncodeConfig c) {
        int[] t = c.timePoints(samples);
        long ch = c.temporalChannels();
        long a = c.augmentedLeads();
        long f = 0;
        for (int k : c.temporalKernels()) f += 2L * k * leads * t[0] * c.temporalFilters();
        f += 2L * leads * t[0] * ch * a;
        long d1 = ch * c.f1DepthMultiplier();
        f += 2L * c.f1Kernel() * a * t[1] * d1 + 2L * d1 * a * t[1] * c.f1Filters();
        long d2 = (long) c.f1Filters() * c.f2DepthMultiplier();
        f += 2L * c.f2Kernel() * a * t[2] * d2 + 2L * d2 * a * t[2] * c.f2Filters();
        return f;
    }
}
