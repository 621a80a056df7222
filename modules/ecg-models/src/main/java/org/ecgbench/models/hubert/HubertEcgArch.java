package org.ecgbench.models.hubert;

import java.util.Arrays;
import org.ecgbench.models.ModelConfig;

/**
 * The sizes of one HuBERT-ECG network: a preset ({@code config: tiny | small | base}) with optional
 * per-key overrides from the spec. small and base are the HuBERT-ECG reference sizes (hidden 512 / 768,
 * 8 / 12 layers, 8 / 12 heads, feed-forward 2048 / 3072) with the HuBERT/wav2vec 2.0 feature encoder
 * (7 convolutions of 512 channels, kernels 10,3,3,3,3,2,2, strides 5,2,2,2,2,2,2: one frame per 320
 * samples) and a positional convolution of width 128. tiny is ours, sized for 360-sample beats on a
 * 2-core CPU: 3 convolutions of 32 channels (kernels 10,3,3, strides 5,2,2: 17 frames of stride 20
 * samples, receptive field 40 samples), hidden 64, 2 layers, 4 heads, feed-forward 256, positional
 * convolution of width 7.
 */
public record HubertEcgArch(String preset, int[] convDims, int[] convKernels, int[] convStrides, int hidden, int layers, int heads,
                            int ffn, int posKernel, double dropout) {

    public static final java.util.Set<String> KEYS = java.util.Set.of("config", "conv_dims", "conv_kernels", "conv_strides", "hidden",
            "layers", "heads", "ffn", "pos_kernel", "dropout");

    public static HubertEcgArch of(ModelConfig cfg) {
        String preset = cfg.stringParam("config", "tiny");
        HubertEcgArch p = switch (preset) {
            case "tiny" -> new HubertEcgArch("tiny", new int[] {32, 32, 32}, new int[] {10, 3, 3}, new int[] {5, 2, 2}, 64, 2, 4, 256, 7, 0.1);
            case "small" -> new HubertEcgArch("small", rep(512, 7), REF_K, REF_S, 512, 8, 8, 2048, 128, 0.1);
            case "base" -> new HubertEcgArch("base", rep(512, 7), REF_K, REF_S, 768, 12, 12, 3072, 128, 0.1);
            default -> throw new IllegalArgumentException("hubert_ecg config must be tiny, small or base, got '" + preset + "'");
        };
        HubertEcgArch a = new HubertEcgArch(preset, cfg.intArrayParam("conv_dims", p.convDims), cfg.intArrayParam("conv_kernels", p.convKernels),
                cfg.intArrayParam("conv_strides", p.convStrides), cfg.intParam("hidden", p.hidden), cfg.intParam("layers", p.layers),
                cfg.intParam("heads", p.heads), cfg.intParam("ffn", p.ffn), cfg.intParam("pos_kernel", p.posKernel),
                cfg.doubleParam("dropout", p.dropout));
        a.validate();
        return a;
    }

    static final int[] REF_K = {10, 3, 3, 3, 3, 2, 2};
    static final int[] REF_S = {5, 2, 2, 2, 2, 2, 2};

    private static int[] rep(int v, int n) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    void validate() {
        if (convDims.length == 0 || convDims.length != convKernels.length || convDims.length != convStrides.length) {
            throw new IllegalArgumentException("conv_dims, conv_kernels and conv_strides must be non-empty and of equal length");
        }
        if (hidden % heads != 0) throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
        if (layers < 1 || ffn < 1 || posKernel < 1) throw new IllegalArgumentException("layers, ffn and pos_kernel must be >= 1");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
    }

    /** Frames the feature encoder makes from {@code samples} input samples ('truncate' convolutions). */
    public int frames(int samples) {
        int t = samples;
        for (int i = 0; i < convKernels.length; i++) {
            if (t < convKernels[i]) {
                throw new IllegalArgumentException("input of " + samples + " samples is too short for the " + preset
                        + " feature encoder (conv " + (i + 1) + " gets " + t + " steps for kernel " + convKernels[i] + ")");
            }
            t = (t - convKernels[i]) / convStrides[i] + 1;
        }
        return t;
    }

    /** Samples between consecutive frames (product of the strides). */
    public int frameStride() {
        int s = 1;
        for (int v : convStrides) s *= v;
        return s;
    }

    /** Input samples seen by one frame: frame j covers samples [j·stride, j·stride + receptiveField). */
    public int receptiveField() {
        int r = convKernels[0], jump = convStrides[0];
        for (int i = 1; i < convKernels.length; i++) {
            r += (convKernels[i] - 1) * jump;
            jump *= convStrides[i];
        }
        return r;
    }
}
