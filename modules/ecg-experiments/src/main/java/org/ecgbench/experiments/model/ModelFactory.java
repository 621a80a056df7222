package org.ecgbench.experiments.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Builds the spec's model through the registry and applies the training-set class weights to its loss. */
public final class ModelFactory {
    private ModelFactory() {}

    /** Keys the runner itself passes to builders (never rejected as unknown). */
    static final Set<String> RUNNER_KEYS = Set.of("learning_rate", "class_weights");

    public static ModelBuilder builder(ExperimentSpec spec) {
        try {
            return ModelRegistry.DEFAULT.get(spec.model.name);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, spec.model.line, 1, e.getMessage());
        }
    }

    public static ModelConfig config(ExperimentSpec spec, ModelBuilder b, int leads, int samples, int numClasses,
                                     double[] classWeights) {
        return config(spec, b, leads, samples, numClasses, classWeights, false);
    }

    /** As above; {@code multiLabel} selects a sigmoid output with a binary loss (BCE, or binary focal via model.params.loss). */
    public static ModelConfig config(ExperimentSpec spec, ModelBuilder b, int leads, int samples, int numClasses,
                                     double[] classWeights, boolean multiLabel) {
        Map<String, Object> params = new LinkedHashMap<>(spec.model.params);
        for (String k : params.keySet()) {
            if (!b.parameterKeys().contains(k) && !RUNNER_KEYS.contains(k)) {
                throw new SpecException(spec.file, spec.model.paramsLine, 1, "unknown parameter '" + k + "' for model '"
                        + b.name() + "'; its parameters are: " + String.join(", ", new java.util.TreeSet<>(b.parameterKeys())));
            }
        }
        params.put("learning_rate", spec.training.learningRate);
        if (classWeights != null) {
            java.util.List<Double> w = new java.util.ArrayList<>();
            for (double v : classWeights) w.add(v);
            params.put("class_weights", w);
        }
        return new ModelConfig(leads, samples, numClasses, multiLabel, params, spec.training.seed);
    }

    /**
     * Makes sure the output layer's loss carries the class weights, whatever the builder did with
     * the {@code class_weights} parameter: weighted MCXENT (softmax) or weighted binary XENT (sigmoid).
     * Other losses (e.g. focal loss) are left as the builder configured them.
     */
    public static void applyClassWeights(ComputationGraph net, double[] w) {
        if (w == null) return;
        String out = net.getConfiguration().getNetworkOutputs().get(0);
        Layer conf = net.getLayer(out).conf().getLayer();
        if (!(conf instanceof BaseOutputLayer ol)) {
            throw new IllegalStateException("output '" + out + "' is not an output layer; cannot apply class weights");
        }
        setWeighted(ol, w);
        // the graph configuration (what ModelSerializer saves) may hold its own copy of the layer conf
        var v = net.getConfiguration().getVertices().get(out);
        if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BaseOutputLayer ol2 && ol2 != ol) {
            setWeighted(ol2, w);
        }
    }

    private static void setWeighted(BaseOutputLayer ol, double[] w) {
        ILossFunction lf = ol.getLossFn();
        if (lf instanceof LossMCXENT) {
            ol.setLossFn(new LossMCXENT(Nd4j.create(w).castTo(Nd4j.defaultFloatingPointType())));
        } else if (lf instanceof LossBinaryXENT) {
            ol.setLossFn(new LossBinaryXENT(Nd4j.create(w).castTo(Nd4j.defaultFloatingPointType())));
        }
    }

    /**
     * {@code training.weight_decay} on the weights (not biases, not batch-norm parameters) of every trainable layer:
     * {@code decoupled} = DL4J {@code WeightDecay} applied after the Adam step, scaled by the learning rate (AdamW, as
     * ECGencode trains), or {@code l2} = an L2 term added to the gradient before Adam (PyTorch {@code Adam(weight_decay)},
     * as qHuBERT's 1e-3). Set on both the live layer configurations and the graph configuration that ModelSerializer
     * saves, after the graph is built. Returns the names of the layers it applies to.
     */
    public static java.util.List<String> applyWeightDecay(ComputationGraph net, double value, String mode) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (!(value > 0)) return names;
        java.util.List<org.nd4j.linalg.learning.regularization.Regularization> reg = java.util.List.of(mode.equals("l2")
                ? new org.nd4j.linalg.learning.regularization.L2Regularization(value)
                : new org.nd4j.linalg.learning.regularization.WeightDecay(value, true));
        java.util.Set<Layer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.numParams() > 0 && setDecay(l.conf().getLayer(), reg, seen)) names.add(l.conf().getLayer().getLayerName());
        }
        for (var v : net.getConfiguration().getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) setDecay(lv.getLayerConf().getLayer(), reg, seen);
        }
        return names;
    }

    /** Sets the weight regularization of a layer configuration (both directions of a Bidirectional wrapper); not batch norm. */
    private static boolean setDecay(Layer c, java.util.List<org.nd4j.linalg.learning.regularization.Regularization> reg, java.util.Set<Layer> seen) {
        if (c instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b) {
            boolean f = setDecay(b.getFwd(), reg, seen), r = setDecay(b.getBwd(), reg, seen);
            return f || r;
        }
        if (!(c instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) || c instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) return false;
        if (seen.add(c)) bl.setRegularization(reg);
        return true;
    }
}
