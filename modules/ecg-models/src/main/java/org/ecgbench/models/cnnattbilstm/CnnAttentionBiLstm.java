package org.ecgbench.models.cnnattbilstm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.loss.OutputLosses;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * CNN-Attention-BiLSTM (Thota et al., arXiv 2511.08650; registry {@code cnn_attention_bilstm}),
 * rebuilt from the layer list in paper-notes part A: three conv blocks of two bias-carrying
 * {@code [1,15]} convolutions (32/64/128 filters, first of each block with stride 2) with
 * BN + ReLU, 'same' max-pooling 2/2 and dropout; a sigmoid attention gate (1x1 convolution,
 * element-wise product with its input); max-pool + dropout; BiLSTM(128) and BiLSTM(64) returning
 * sequences; global average pooling; dense 128 ReLU; dense output. L2 1e-3 (Keras convention
 * {@code lambda * sum w^2}, i.e. DL4J coefficient 2e-3) on the six conv kernels and the dense-128
 * kernel. 945,865 parameters for 12 leads (any length), 940,585 for one lead (DL4J, like Keras,
 * counts 4 values per BN channel). Parameters: {@code learning_rate} (1e-3), {@code l2} (1e-3,
 * Keras convention), loss options of {@link OutputLosses} (default weighted cross-entropy).
 */
public final class CnnAttentionBiLstm implements ModelBuilder {
    private static final int KERNEL = 15;
    private static final int[] FILTERS = {32, 32, 64, 64, 128, 128};
    private static final int[] STRIDES = {2, 1, 2, 1, 2, 1};
    /** Dropout RATES after the conv blocks (Keras convention: fraction dropped). */
    private static final double[] BLOCK_DROPOUT = {0.2, 0.3, 0.3};
    private static final Set<String> KEYS;

    static {
        Set<String> s = new HashSet<>(OutputLosses.KEYS);
        s.add("learning_rate");
        s.add("l2");
        KEYS = Set.copyOf(s);
    }

    @Override public String name() { return "cnn_attention_bilstm"; }

    @Override public String description() {
        return "CNN-Attention-BiLSTM (Thota et al. 2025): 3 conv blocks, sigmoid attention gate, 2 BiLSTMs; 945,865 params for 12 leads";
    }

    @Override public Set<String> parameterKeys() { return KEYS; }

    @Override public int[] defaultShape() { return new int[] {12, 15000, 9}; }

    private static void checkKeys(ModelConfig cfg) {
        for (String k : cfg.params().keySet()) {
            if (!KEYS.contains(k)) throw new IllegalArgumentException("model 'cnn_attention_bilstm' has no parameter '" + k + "'; known: " + new java.util.TreeSet<>(KEYS));
        }
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** Time steps after each conv and each pooling stage, in order; last entry = BiLSTM sequence length. */
    static int[] timeSteps(int samples) {
        int t = samples;
        int[] out = new int[10];
        int i = 0;
        for (int b = 0; b < 3; b++) {
            t = ceilDiv(t, 2); out[i++] = t;    // strided conv
            out[i++] = t;                        // stride-1 conv
            t = ceilDiv(t, 2); out[i++] = t;    // pool
        }
        t = ceilDiv(t, 2); out[i] = t;          // pool after attention
        return out;
    }

    @Override
    public ComputationGraph build(ModelConfig cfg) {
        checkKeys(cfg);
        Backend.init();
        double lr = cfg.doubleParam("learning_rate", 1e-3);
        if (!(lr > 0)) throw new IllegalArgumentException("model parameter 'learning_rate' must be > 0, got " + lr);
        double l2 = cfg.doubleParam("l2", 1e-3);
        if (!(l2 >= 0)) throw new IllegalArgumentException("model parameter 'l2' must be >= 0, got " + l2);
        // Keras l2(lambda) adds lambda * sum(w^2); DL4J's L2Regularization adds 0.5 * coeff * sum(w^2)
        List<Regularization> reg = l2 > 0 ? List.of(new L2Regularization(2 * l2)) : List.of();
        int[] t = timeSteps(cfg.samples());

        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(Nd4j.defaultFloatingPointType())
                .updater(new Adam(lr))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.recurrent(cfg.leads(), cfg.samples()));
        g.addVertex("to2d", new ReshapeVertex('c', new int[] {-1, cfg.leads(), 1, cfg.samples()}, null), "input");
        String last = "to2d";
        int nIn = cfg.leads();
        for (int i = 0; i < FILTERS.length; i++) {
            int n = i + 1;
            // he_normal on the first conv of block 1 and 2 in the source, glorot elsewhere
            WeightInit init = (i == 0 || i == 1) ? WeightInit.RELU : WeightInit.XAVIER_UNIFORM;
            g.addLayer("conv" + n, new ConvolutionLayer.Builder().nIn(nIn).nOut(FILTERS[i])
                    .kernelSize(1, KERNEL).stride(1, STRIDES[i]).convolutionMode(ConvolutionMode.Same)
                    .weightInit(init).regularization(reg).activation(Activation.IDENTITY).build(), last);
            g.addLayer("bn" + n, new BatchNormalization.Builder().nOut(FILTERS[i]).eps(1e-3).decay(0.99).build(), "conv" + n);
            g.addLayer("relu" + n, new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn" + n);
            last = "relu" + n;
            if (STRIDES[i] == 1) {
                int b = i / 2;
                g.addLayer("pool" + n, maxPool(), last);
                g.addLayer("drop" + n, new DropoutLayer.Builder(1.0 - BLOCK_DROPOUT[b]).build(), "pool" + n);
                last = "drop" + n;
            }
            nIn = FILTERS[i];
        }
        g.addLayer("att_gate", new ConvolutionLayer.Builder().nIn(128).nOut(128).kernelSize(1, 1).stride(1, 1)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.SIGMOID).build(), last);
        g.addVertex("att_apply", new ElementWiseVertex(ElementWiseVertex.Op.Product), last, "att_gate");
        g.addLayer("att_pool", maxPool(), "att_apply");
        g.addLayer("att_drop", new DropoutLayer.Builder(0.6).build(), "att_pool");
        g.addVertex("to_seq", new ReshapeVertex('c', new int[] {-1, 128, t[9]}, null), "att_drop");
        g.addLayer("bilstm1", new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nIn(128).nOut(128)
                .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build()), "to_seq");
        g.addLayer("bilstm2", new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nIn(256).nOut(64)
                .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build()), "bilstm1");
        g.addLayer("lstm_drop", new DropoutLayer.Builder(0.7).build(), "bilstm2");
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "lstm_drop");
        g.addLayer("dense", new DenseLayer.Builder().nIn(128).nOut(128).activation(Activation.RELU)
                .regularization(reg).dropOut(0.5).build(), "gap");
        g.addLayer("output", new OutputLayer.Builder(OutputLosses.loss(cfg, "xent")).nIn(128).nOut(cfg.numClasses())
                .activation(OutputLosses.activation(cfg)).dropOut(0.6).build(), "dense");
        g.setOutputs("output");
        return org.ecgbench.models.arch.Graphs.init(g.build(), cfg);
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 2).stride(1, 2)
                .convolutionMode(ConvolutionMode.Same).build();
    }

    /**
     * Forward FLOPs per example (multiply + add = 2, bias additions counted once): the seven
     * convolutions, both BiLSTMs (gate pre-activations x W + h R + b per step and direction) and
     * the two dense layers. BN, activations, pooling and the gate product are not counted.
     */
    @Override
    public long flops(ModelConfig cfg) {
        checkKeys(cfg);
        int[] t = timeSteps(cfg.samples());
        int[] convOut = {t[0], t[1], t[3], t[4], t[6], t[7]};
        long f = 0;
        long nIn = cfg.leads();
        for (int i = 0; i < FILTERS.length; i++) {
            f += (2L * KERNEL * nIn + 1) * FILTERS[i] * convOut[i];
            nIn = FILTERS[i];
        }
        f += (2L * 128 + 1) * 128 * t[8];                       // attention 1x1 conv
        long steps = t[9];
        f += 2 * steps * (2L * (128 + 128) * 4 * 128 + 4 * 128);  // BiLSTM 128
        f += 2 * steps * (2L * (256 + 64) * 4 * 64 + 4 * 64);    // BiLSTM 64
        f += (2L * 128 + 1) * 128 + (2L * 128 + 1) * cfg.numClasses();
        return f;
    }
}
