package org.ecgbench.models.arch;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.flops.FlopCounter;
import org.nd4j.linalg.activations.Activation;

/**
 * ArrhythmiNet V1/V2 (seed 004): MobileNet-style depthwise-separable 1D CNNs for single-lead beats.
 * The paper's layers are not public; these are our designs within its stated float32 weight
 * footprints (302.18 KB and 157.76 KB, KB = 1024 bytes: 77,358 and 40,387 parameters). Both: a
 * stem Conv(k7, stride 2) + BN + ReLU, then depthwise-separable blocks (depthwise k5 + BN + ReLU,
 * pointwise 1×1 + BN + ReLU; stride 2 in the 2nd and 4th block), global average pooling, dropout
 * and a softmax layer. Convolutions have no bias (BN follows).
 * <ul>
 * <li>V1: stem 16, blocks 48, 96, 96, 192, 192 — 77,557 parameters for 1 × 360, 5 classes (+0.26 %).</li>
 * <li>V2: stem 8, blocks 32, 64, 64, 128, 160 — 40,421 parameters (+0.08 %).</li>
 * </ul>
 * See docs/architectures/arrhythminet.md.
 */
public final class ArrhythmiNet implements ModelBuilder {
    static final Set<String> KEYS = Set.of("stem", "blocks", "kernel", "dropout");
    private final int version;

    public ArrhythmiNet(int version) {
        if (version != 1 && version != 2) throw new IllegalArgumentException("ArrhythmiNet version must be 1 or 2");
        this.version = version;
    }

    @Override
    public String name() {
        return "arrhythminet_v" + version;
    }

    @Override
    public String description() {
        return "ArrhythmiNet V" + version + " (seed 004, our design within " + (version == 1 ? "302.18" : "157.76")
                + " KB): depthwise-separable 1D CNN (beats)";
    }

    @Override
    public Set<String> parameterKeys() {
        return KEYS;
    }

    @Override
    public int[] defaultShape() {
        return new int[] {1, 360, 5};
    }

    public ComputationGraphConfiguration configuration(ModelConfig cfg) {
        int stem = cfg.intParam("stem", version == 1 ? 16 : 8);
        int[] blocks = cfg.intArrayParam("blocks", version == 1 ? new int[] {48, 96, 96, 192, 192} : new int[] {32, 64, 64, 128, 160});
        int k = cfg.intParam("kernel", 5);
        double drop = cfg.doubleParam("dropout", 0.2);
        GraphBuilder g = Graphs.start(cfg);
        Graphs.toNchw(g, "nchw", cfg);
        g.addLayer("stem_conv", new ConvolutionLayer.Builder(1, 7).stride(1, 2).nOut(stem).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), "nchw");
        g.addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem_conv");
        g.addLayer("stem_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "stem_bn");
        String prev = "stem_relu";
        for (int i = 0; i < blocks.length; i++) {
            int stride = (i == 1 || i == 3) ? 2 : 1;
            String n = "ds" + (i + 1);
            g.addLayer(n + "_dw", new DepthwiseConvolution2D.Builder(1, k).stride(1, stride).depthMultiplier(1).hasBias(false)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), prev);
            g.addLayer(n + "_dw_bn", new BatchNormalization.Builder().build(), n + "_dw");
            g.addLayer(n + "_dw_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), n + "_dw_bn");
            g.addLayer(n + "_pw", new ConvolutionLayer.Builder(1, 1).nOut(blocks[i]).hasBias(false).activation(Activation.IDENTITY).build(),
                    n + "_dw_relu");
            g.addLayer(n + "_pw_bn", new BatchNormalization.Builder().build(), n + "_pw");
            g.addLayer(n + "_pw_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), n + "_pw_bn");
            prev = n + "_pw_relu";
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
        prev = Graphs.dropout(g, "drop", drop, "gap");
        g.addLayer("output", Graphs.output(cfg), prev);
        g.setOutputs("output");
        return g.build();
    }

    @Override
    public ComputationGraph build(ModelConfig cfg) {
        return Graphs.init(configuration(cfg), cfg);
    }

    @Override
    public long flops(ModelConfig cfg) {
        return FlopCounter.total(configuration(cfg), InputType.recurrent(cfg.leads(), cfg.samples()));
    }
}
