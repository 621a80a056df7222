package org.ecgbench.experiments.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;

/**
 * The spec's model from the registry, configured in one place: {@link #config} turns the spec's training section into
 * builder parameters (learning rate for Adam, training-set class weights for the loss, weight decay), which every
 * builder applies while it configures the graph ({@code Graphs.output} / {@code OutputLosses}, {@code WeightDecay}).
 */
public final class ModelFactory {
    private ModelFactory() {}

    /** Keys the runner itself passes to builders (never rejected as unknown). */
    static final Set<String> RUNNER_KEYS = Set.of("learning_rate", "class_weights", org.ecgbench.models.WeightDecay.VALUE,
            org.ecgbench.models.WeightDecay.MODE);

    public static ModelBuilder builder(ExperimentSpec spec) {
        try {
            return ModelRegistry.DEFAULT.get(spec.model.name);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, spec.model.line, 1, e.getMessage());
        }
    }

    /** Refuses {@code model.params} keys the builder does not know (at the params line), before any data is read. */
    public static void checkParams(ExperimentSpec spec, ModelBuilder b) {
        for (String k : spec.model.params.keySet()) {
            if (!b.parameterKeys().contains(k) && !RUNNER_KEYS.contains(k)) {
                throw new SpecException(spec.file, spec.model.paramsLine, 1, "unknown parameter '" + k + "' for model '"
                        + b.name() + "'; its parameters are: " + String.join(", ", new java.util.TreeSet<>(b.parameterKeys())));
            }
        }
    }

    public static ModelConfig config(ExperimentSpec spec, ModelBuilder b, int leads, int samples, int numClasses,
                                     double[] classWeights) {
        return config(spec, b, leads, samples, numClasses, classWeights, false);
    }

    /** As above; {@code multiLabel} selects a sigmoid output with a binary loss (BCE, or binary focal via model.params.loss). */
    public static ModelConfig config(ExperimentSpec spec, ModelBuilder b, int leads, int samples, int numClasses,
                                     double[] classWeights, boolean multiLabel) {
        checkParams(spec, b);
        Map<String, Object> params = new LinkedHashMap<>(spec.model.params);
        params.put("learning_rate", spec.training.learningRate);
        if (spec.training.weightDecay > 0 && !spec.task.equals("pretrain")) {
            params.put(org.ecgbench.models.WeightDecay.VALUE, spec.training.weightDecay);
            params.put(org.ecgbench.models.WeightDecay.MODE, spec.training.weightDecayMode);
        }
        if (classWeights != null) {
            java.util.List<Double> w = new java.util.ArrayList<>();
            for (double v : classWeights) w.add(v);
            params.put("class_weights", w);
        }
        return new ModelConfig(leads, samples, numClasses, multiLabel, params, spec.training.seed);
    }
}
