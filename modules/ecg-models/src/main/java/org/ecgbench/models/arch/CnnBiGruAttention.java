package org.ecgbench.models.arch;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.flops.FlopCounter;
import org.ecgbench.models.layers.AttentionPooling;
import org.ecgbench.models.layers.GRU;
import org.nd4j.linalg.activations.Activation;

/**
 * Seed 002's hybrid CNN-BiGRU-Attention for single beats: three blocks of Conv1D (ReLU) → BatchNorm →
 * MaxPool(2) (32×5, 64×5, 64×3 filters, 'same' padding), Dropout 0.3, a bidirectional GRU (32 units
 * per direction, all time steps), Dropout 0.3, additive attention pooling over time, Dense 32 ReLU,
 * Dropout 0.5 and a softmax layer. Keras' {@code recurrent_dropout=0.1} of the GRU is not reproduced
 * (the seed used it only to avoid a cuDNN kernel; ours has no recurrent dropout).
 *
 * <p>Parameters for 1 lead × 360 samples, 5 classes: conv 192 + 10,304 + 12,352; BN 3 × 4 × C = 640;
 * BiGRU 2 × 3 × (64·32 + 32·32 + 2·32) = 18,816; attention 65; dense 2,080; output 165: 44,614 in all,
 * the same as the Keras model (whose BN also holds 4 values per channel, 2 non-trainable).
 */
public final class CnnBiGruAttention implements ModelBuilder {
    static final Set<String> KEYS = Set.of("conv_filters", "conv_kernels", "pool", "gru_units", "dense_units", "dropout_conv",
            "dropout_rnn", "dropout_dense");

    @Override
    public String name() {
        return "cnn_bigru_attention";
    }

    @Override
    public String description() {
        return "seed 002: 3x(Conv1D+BN+MaxPool) -> BiGRU -> additive attention -> dense (beats)";
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
        int[] filters = cfg.intArrayParam("conv_filters", new int[] {32, 64, 64});
        int[] kernels = cfg.intArrayParam("conv_kernels", new int[] {5, 5, 3});
        if (filters.length != kernels.length) throw new IllegalArgumentException("conv_filters and conv_kernels differ in length");
        int pool = cfg.intParam("pool", 2);
        int gru = cfg.intParam("gru_units", 32);
        int dense = cfg.intParam("dense_units", 32);
        double dConv = cfg.doubleParam("dropout_conv", 0.3);
        double dRnn = cfg.doubleParam("dropout_rnn", 0.3);
        double dDense = cfg.doubleParam("dropout_dense", 0.5);
        GraphBuilder g = Graphs.start(cfg);
        Graphs.toNchw(g, "nchw", cfg);
        String prev = "nchw";
        int t = cfg.samples();
        for (int i = 0; i < filters.length; i++) {
            g.addLayer("conv" + (i + 1), new ConvolutionLayer.Builder(1, kernels[i]).nOut(filters[i])
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), prev);
            g.addLayer("bn" + (i + 1), new BatchNormalization.Builder().build(), "conv" + (i + 1));
            g.addLayer("pool" + (i + 1), new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX, new int[] {1, pool}, new int[] {1, pool})
                    .convolutionMode(ConvolutionMode.Truncate).build(), "bn" + (i + 1));
            prev = "pool" + (i + 1);
            t = Graphs.pooledValid(t, pool);
        }
        prev = Graphs.dropout(g, "drop_conv", dConv, prev);
        Graphs.toRnn(g, "seq", prev, filters[filters.length - 1], t);
        g.addLayer("bigru", new Bidirectional(Bidirectional.Mode.CONCAT, new GRU.Builder().nOut(gru).build()), "seq");
        prev = Graphs.dropout(g, "drop_rnn", dRnn, "bigru");
        g.addLayer("attention", new AttentionPooling.Builder().build(), prev);
        g.addLayer("dense", new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build(), "attention");
        prev = Graphs.dropout(g, "drop_dense", dDense, "dense");
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
