package org.ecgbench.models.arch;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.ecgbench.models.ModelConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Shared pieces of the architectures: the graph builder with Adam and the seed, the reshape of the
 * model input {@code [batch, leads, samples]} to NCHW {@code [batch, leads, 1, samples]} (1D
 * convolutions are ConvolutionLayer with kernel [1, k]: DL4J M2.1's Convolution1DLayer followed by
 * BatchNormalization normalises the wrong axis), and the output layer (softmax + MCXENT, or sigmoid
 * + binary cross-entropy for multi-label), weighted by {@code class_weights} when given.
 */
public final class Graphs {
    private Graphs() {}

    /**
     * The end of every builder's {@code build}: initialises the backend (oneDNN helpers), applies the training
     * preamble carried by {@code cfg} (weight decay, {@link org.ecgbench.models.WeightDecay}; class weights and the
     * loss are set by {@link #output} / {@code OutputLosses} when the graph is configured) and creates the graph.
     */
    public static org.deeplearning4j.nn.graph.ComputationGraph init(org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf, ModelConfig cfg) {
        org.ecgbench.models.WeightDecay.apply(conf, cfg);
        return init(conf);
    }

    /** Initialises the backend and a graph from a configuration with nothing from the training section. */
    public static org.deeplearning4j.nn.graph.ComputationGraph init(org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf) {
        org.ecgbench.models.Backend.init();
        org.deeplearning4j.nn.graph.ComputationGraph net = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        net.init();
        return net;
    }

    public static GraphBuilder start(ModelConfig cfg) {
        double lr = cfg.doubleParam("learning_rate", 1e-3);
        return new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .updater(new Adam(lr))
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.recurrent(cfg.leads(), cfg.samples()));
    }

    /** Adds vertex {@code name}: input [b, leads, T] → [b, leads, 1, T]. */
    public static void toNchw(GraphBuilder g, String name, ModelConfig cfg) {
        g.addVertex(name, new ReshapeVertex('c', new int[] {-1, cfg.leads(), 1, cfg.samples()}, null), "input");
    }

    /** Adds vertex {@code name}: [b, C, 1, T] → [b, C, T]. */
    public static void toRnn(GraphBuilder g, String name, String from, int channels, int t) {
        g.addVertex(name, new ReshapeVertex('c', new int[] {-1, channels, t}, null), from);
    }

    /**
     * Adds a dropout layer dropping with probability {@code rate} (Keras convention; DL4J's
     * argument is the retain probability) and returns its name, or returns {@code from} when rate is 0.
     */
    public static String dropout(GraphBuilder g, String name, double rate, String from) {
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        if (rate == 0) return from;
        g.addLayer(name, new org.deeplearning4j.nn.conf.layers.DropoutLayer.Builder(1 - rate).build(), from);
        return name;
    }

    public static double[] classWeights(ModelConfig cfg) {
        Object w = cfg.params().get("class_weights");
        if (w == null) return null;
        if (w instanceof double[] d) return d;
        if (w instanceof List<?> l) return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        throw new IllegalArgumentException("class_weights must be a list of numbers, got " + w);
    }

    public static ILossFunction loss(ModelConfig cfg) {
        double[] w = classWeights(cfg);
        if (w != null && w.length != cfg.numClasses()) {
            throw new IllegalArgumentException("class_weights has " + w.length + " values for " + cfg.numClasses() + " classes");
        }
        if (cfg.multiLabel()) return w == null ? new LossBinaryXENT() : new LossBinaryXENT(Nd4j.create(w).castTo(Nd4j.defaultFloatingPointType()));
        return w == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(w).castTo(Nd4j.defaultFloatingPointType()));
    }

    public static OutputLayer output(ModelConfig cfg) {
        return new OutputLayer.Builder(loss(cfg)).nOut(cfg.numClasses())
                .activation(cfg.multiLabel() ? Activation.SIGMOID : Activation.SOFTMAX).build();
    }

    /** Length after "same" pooling with kernel and stride p (Keras MaxPooling1D(p) with 'valid' floors). */
    public static int pooledValid(int t, int p) {
        return t / p;
    }
}
