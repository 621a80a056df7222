package org.ecgbench.runner.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.runner.spec.ExperimentSpec;
import org.ecgbench.runner.spec.SpecException;
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
}
