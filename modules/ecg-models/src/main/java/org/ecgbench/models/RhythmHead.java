package org.ecgbench.models;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * Rhythm context for any registered model with no per-model code: takes a model's graph (one input {@code input}, one
 * output layer {@code output} fed by one 2-D vertex) and adds a second network input {@value #INPUT} of shape
 * {@code [batch, nFeatures]} (per-beat RR features), a small dense side branch {@value #DENSE} ({@code hidden} ReLU
 * units, He initialisation, the output layer's updater and weight decay) and a {@link MergeVertex} {@value #MERGE}
 * that concatenates the morphology features arriving at the output layer (flattened first by the output layer's own
 * input preprocessor, moved into a vertex {@value #FLATTEN}, where it has one) with the side branch; the output layer's
 * {@code nIn} grows by {@code hidden}. Inputs of the wrapped graph, in order: {@code input}, {@value #INPUT}.
 * Parameters are initialised from the configuration's seed, so the wrapped model is as reproducible as the original.
 */
public final class RhythmHead {
    public static final String INPUT = "rhythm";
    public static final String DENSE = "rhythm_dense";
    public static final String MERGE = "rhythm_merge";
    public static final String FLATTEN = "rhythm_flatten";
    public static final String MORPH_DROPOUT = "morphology_dropout";
    public static final int DEFAULT_HIDDEN = 16;

    /**
     * How the head is shaped: {@code hidden} units of the side branch; {@code morphologyDropout}, a dropout RATE (0 =
     * none) on the morphology features where they enter the merge (training only: at inference DL4J's dropout is the
     * identity), so that the output layer cannot rely on them alone; {@code wide}: the rhythm input itself is merged
     * too, a linear path from the standardised rhythm features to the logits.
     */
    public record Options(int hidden, double morphologyDropout, boolean wide) {
        public Options {
            if (hidden < 1) throw new IllegalArgumentException("rhythm head needs hidden >= 1, got " + hidden);
            if (!(morphologyDropout >= 0 && morphologyDropout < 1)) throw new IllegalArgumentException("morphology dropout rate must be in [0, 1), got " + morphologyDropout);
        }

        /** The original head: {@code hidden} units, no morphology dropout, no wide path. */
        public static Options of(int hidden) {
            return new Options(hidden, 0, false);
        }

        /** Inputs the output layer gains. */
        int extraInputs(int nFeatures) {
            return hidden + (wide ? nFeatures : 0);
        }
    }

    private RhythmHead() {}

    /** The wrapped, initialised network of {@code net}'s configuration (the original's parameter values are not kept). */
    public static ComputationGraph wrap(ComputationGraph net, int nFeatures, int hidden) {
        return wrap(net, nFeatures, Options.of(hidden));
    }

    /** The wrapped, initialised network with the head shaped by {@code o}. */
    public static ComputationGraph wrap(ComputationGraph net, int nFeatures, Options o) {
        ComputationGraph g = new ComputationGraph(wrap(net.getConfiguration(), nFeatures, o));
        g.init();
        return g;
    }

    /** A wrapped copy of {@code conf} ({@code conf} itself is not changed). */
    public static ComputationGraphConfiguration wrap(ComputationGraphConfiguration conf, int nFeatures, int hidden) {
        return wrap(conf, nFeatures, Options.of(hidden));
    }

    /** A wrapped copy of {@code conf} with the head shaped by {@code o} ({@code conf} itself is not changed). */
    public static ComputationGraphConfiguration wrap(ComputationGraphConfiguration conf, int nFeatures, Options o) {
        int hidden = o.hidden();
        if (nFeatures < 1) throw new IllegalArgumentException("rhythm head needs nFeatures >= 1, got " + nFeatures);
        ComputationGraphConfiguration c = conf.clone();
        if (c.getNetworkInputs().contains(INPUT)) throw new IllegalArgumentException("graph already has an input '" + INPUT + "'");
        if (c.getNetworkOutputs().size() != 1) throw new IllegalArgumentException("rhythm head needs one output, graph has " + c.getNetworkOutputs());
        String outName = c.getNetworkOutputs().get(0);
        GraphVertex ov = c.getVertices().get(outName);
        if (!(ov instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof BaseOutputLayer out)) {
            throw new IllegalArgumentException("output vertex '" + outName + "' is not an output layer");
        }
        List<String> outInputs = c.getVertexInputs().get(outName);
        if (outInputs.size() != 1) throw new IllegalArgumentException("output layer '" + outName + "' has " + outInputs.size() + " inputs, expected 1");
        String morph = outInputs.get(0);
        if (lv.getPreProcessor() != null) {
            // e.g. CnnToFeedForward: flatten in its own vertex, so that the merge sees [batch, features]
            c.getVertices().put(FLATTEN, new PreprocessorVertex(lv.getPreProcessor()));
            c.getVertexInputs().put(FLATTEN, new ArrayList<>(List.of(morph)));
            morph = FLATTEN;
            c.getVertices().put(outName, new LayerVertex(lv.getLayerConf(), null));
        }
        DenseLayer dense = (DenseLayer) new DenseLayer.Builder().nIn(nFeatures).nOut(hidden).activation(Activation.RELU).weightInit(WeightInit.RELU).biasInit(0.0)
                .updater(out.getIUpdater()).biasUpdater(out.getBiasUpdater()).regularization(out.getRegularization())
                .regularizationBias(out.getRegularizationBias()).gradientNormalization(out.getGradientNormalization())
                .gradientNormalizationThreshold(out.getGradientNormalizationThreshold()).build();
        dense.setLayerName(DENSE);
        NeuralNetConfiguration nnc = lv.getLayerConf().clone();
        nnc.setLayer(dense);
        c.getVertices().put(DENSE, new LayerVertex(nnc, null));
        c.getVertexInputs().put(DENSE, new ArrayList<>(List.of(INPUT)));
        if (o.morphologyDropout() > 0) {
            // DL4J's Dropout takes the RETAIN probability
            DropoutLayer drop = new DropoutLayer.Builder(1.0 - o.morphologyDropout()).nIn(out.getNIn()).nOut(out.getNIn()).build();
            drop.setLayerName(MORPH_DROPOUT);
            NeuralNetConfiguration dc = lv.getLayerConf().clone();
            dc.clearVariables(); // a dropout layer has no parameters
            dc.setLayer(drop);
            c.getVertices().put(MORPH_DROPOUT, new LayerVertex(dc, null));
            c.getVertexInputs().put(MORPH_DROPOUT, new ArrayList<>(List.of(morph)));
            morph = MORPH_DROPOUT;
        }
        c.getVertices().put(MERGE, new MergeVertex());
        c.getVertexInputs().put(MERGE, new ArrayList<>(o.wide() ? List.of(morph, DENSE, INPUT) : List.of(morph, DENSE)));
        c.getVertexInputs().put(outName, new ArrayList<>(List.of(MERGE)));
        out.setNIn(out.getNIn() + o.extraInputs(nFeatures));
        List<String> inputs = new ArrayList<>(c.getNetworkInputs());
        inputs.add(INPUT);
        c.setNetworkInputs(inputs);
        c.setTopologicalOrder(null);
        c.setTopologicalOrderStr(null);
        c.validate();
        // the flat parameter layout follows the vertex map's order: use the order a saved model is restored with
        return ComputationGraphConfiguration.fromJson(c.toJson());
    }

    /** Parameters the head adds: the side branch's weights and biases and the output layer's extra weights. */
    public static long extraParams(int nFeatures, int hidden, int numClasses) {
        return extraParams(nFeatures, Options.of(hidden), numClasses);
    }

    /** Parameters the head shaped by {@code o} adds (the wide path adds output weights only; dropout has none). */
    public static long extraParams(int nFeatures, Options o, int numClasses) {
        return (long) nFeatures * o.hidden() + o.hidden() + (long) o.extraInputs(nFeatures) * numClasses;
    }

    /** Forward FLOPs the head adds per example (multiply + add = 2): the side branch and the output layer's extra inputs. */
    public static long extraFlops(int nFeatures, int hidden, int numClasses) {
        return extraFlops(nFeatures, Options.of(hidden), numClasses);
    }

    /** Forward FLOPs the head shaped by {@code o} adds per example. */
    public static long extraFlops(int nFeatures, Options o, int numClasses) {
        return 2L * nFeatures * o.hidden() + o.hidden() + 2L * o.extraInputs(nFeatures) * numClasses;
    }
}
