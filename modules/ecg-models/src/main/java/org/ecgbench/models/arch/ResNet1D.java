package org.ecgbench.models.arch;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.flops.FlopCounter;
import org.nd4j.linalg.activations.Activation;

/**
 * ResNet1D (qHuBERT section 2): stem H0 = BN(Conv(X)); residual blocks Z = σ(BN(Conv(H))),
 * Z' = σ(BN(Conv(Z))), H' = Z' + S(H) with S the identity, or a 1×1 strided conv + BN projection
 * when the width or length changes; then a classifier. The paper flattens H_K into the dense
 * softmax layer; with {@code head: gap} (our default) a global average pool is used instead, which
 * keeps the head small for any input length (set {@code head: flatten} for the paper's form).
 * Defaults for 360-sample beats, sized for 2-core CPU training: widths [16, 32, 64], one block per
 * stage, kernel 5 (stem 7), stride 2 at each new stage — 45,236 parameters and about 10 MFLOPs for
 * 1 × 360 input and 4 classes (a 2-blocks × [32, 64, 128] × kernel 7 variant has 0.55 M parameters and
 * 132 MFLOPs and trained at about 24 windows/s here, too slow for the time budget).
 */
public final class ResNet1D implements ModelBuilder {
    static final Set<String> KEYS = Set.of("widths", "blocks", "kernel", "stem_kernel", "head", "dropout");

    @Override
    public String name() {
        return "resnet1d";
    }

    @Override
    public String description() {
        return "qHuBERT ResNet1D: conv+BN stem, residual blocks (2x conv+BN+ReLU, projected shortcut), GAP/flatten + softmax";
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
        int[] widths = cfg.intArrayParam("widths", new int[] {16, 32, 64});
        int blocks = cfg.intParam("blocks", 1);
        int k = cfg.intParam("kernel", 5);
        int stemK = cfg.intParam("stem_kernel", 7);
        String head = cfg.stringParam("head", "gap");
        if (!head.equals("gap") && !head.equals("flatten")) throw new IllegalArgumentException("head must be gap or flatten, got " + head);
        double drop = cfg.doubleParam("dropout", 0.2);
        GraphBuilder g = Graphs.start(cfg);
        Graphs.toNchw(g, "nchw", cfg);
        g.addLayer("stem_conv", conv(widths[0], stemK, 1), "nchw");
        g.addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem_conv");
        g.addLayer("stem_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "stem_bn");
        String prev = "stem_relu";
        int width = widths[0];
        int t = cfg.samples();
        for (int s = 0; s < widths.length; s++) {
            for (int b = 0; b < blocks; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String n = "s" + (s + 1) + "b" + (b + 1);
                g.addLayer(n + "_conv1", conv(widths[s], k, stride), prev);
                g.addLayer(n + "_bn1", new BatchNormalization.Builder().build(), n + "_conv1");
                g.addLayer(n + "_relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), n + "_bn1");
                g.addLayer(n + "_conv2", conv(widths[s], k, 1), n + "_relu1");
                g.addLayer(n + "_bn2", new BatchNormalization.Builder().build(), n + "_conv2");
                g.addLayer(n + "_relu2", new ActivationLayer.Builder().activation(Activation.RELU).build(), n + "_bn2");
                String shortcut = prev;
                if (stride != 1 || width != widths[s]) {
                    g.addLayer(n + "_proj", conv(widths[s], 1, stride), prev);
                    g.addLayer(n + "_proj_bn", new BatchNormalization.Builder().build(), n + "_proj");
                    shortcut = n + "_proj_bn";
                }
                g.addVertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), n + "_relu2", shortcut);
                prev = n + "_add";
                width = widths[s];
                t = (t + stride - 1) / stride;
            }
        }
        if (head.equals("gap")) {
            g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
            prev = "gap";
        }
        prev = Graphs.dropout(g, "drop", drop, prev);
        g.addLayer("output", Graphs.output(cfg), prev);
        g.setOutputs("output");
        return g.build();
    }

    private static ConvolutionLayer conv(int out, int k, int stride) {
        return new ConvolutionLayer.Builder(1, k).stride(1, stride).nOut(out).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).hasBias(false).build();
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
