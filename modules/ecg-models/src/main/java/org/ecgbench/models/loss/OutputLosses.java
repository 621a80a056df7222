package org.ecgbench.models.loss;

import java.util.List;
import java.util.Set;
import org.ecgbench.models.ModelConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Chooses the output activation and loss for a model from its {@link ModelConfig}: softmax with a
 * categorical loss for single-label tasks, sigmoid with a binary loss for multi-label tasks.
 *
 * <p>Model parameters read (all optional): {@code loss} = {@code "focal"} or {@code "xent"};
 * {@code focal_gamma} (default 2.0); {@code focal_alpha} (multi-label only: one number in [0,1]
 * for all classes, or a list with one per class, balancing positives against negatives);
 * {@code class_weights} (list of numbers or double[], one per class, applied in the loss).
 */
public final class OutputLosses {
    /** Parameter keys this helper reads; builders add them to their {@code parameterKeys()}. */
    public static final Set<String> KEYS = Set.of("loss", "focal_gamma", "focal_alpha", "class_weights");

    private OutputLosses() {}

    /** Softmax for single-label configs, sigmoid for multi-label ones. */
    public static Activation activation(ModelConfig cfg) {
        return cfg.multiLabel() ? Activation.SIGMOID : Activation.SOFTMAX;
    }

    /** The loss named by param {@code loss} (default {@code defaultLoss}), weighted by {@code class_weights}. */
    public static ILossFunction loss(ModelConfig cfg, String defaultLoss) {
        String kind = cfg.stringParam("loss", defaultLoss).trim().toLowerCase(java.util.Locale.ROOT);
        double[] weights = classWeights(cfg);
        switch (kind) {
            case "focal": {
                double gamma = cfg.doubleParam("focal_gamma", 2.0);
                if (cfg.multiLabel()) {
                    return new BinaryFocalLoss(gamma, perClass(cfg, "focal_alpha"), weights);
                }
                if (cfg.params().containsKey("focal_alpha")) {
                    throw new IllegalArgumentException("model parameter 'focal_alpha' applies to multi-label outputs only; "
                            + "use 'class_weights' for the per-class alpha of the categorical focal loss");
                }
                return new CategoricalFocalLoss(gamma, weights);
            }
            case "xent":
                if (cfg.multiLabel()) {
                    return weights == null ? new LossBinaryXENT() : new LossBinaryXENT(Nd4j.createFromArray(weights).reshape(1, weights.length));
                }
                return weights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.createFromArray(weights).reshape(1, weights.length));
            default:
                throw new IllegalArgumentException("model parameter 'loss' must be 'focal' or 'xent', got '" + kind + "'");
        }
    }

    /** Param {@code class_weights} as one weight per class, or null when absent. */
    public static double[] classWeights(ModelConfig cfg) {
        double[] w = doubles(cfg, "class_weights");
        if (w == null) return null;
        if (w.length != cfg.numClasses()) {
            throw new IllegalArgumentException("model parameter 'class_weights' has " + w.length + " values but the model has "
                    + cfg.numClasses() + " classes");
        }
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("model parameter 'class_weights'[" + i + "] must be a finite number >= 0, got " + w[i]);
            }
        }
        return w;
    }

    private static double[] perClass(ModelConfig cfg, String key) {
        Object v = cfg.params().get(key);
        if (v instanceof Number n) {
            double[] out = new double[cfg.numClasses()];
            java.util.Arrays.fill(out, n.doubleValue());
            return out;
        }
        double[] out = doubles(cfg, key);
        if (out != null && out.length != cfg.numClasses()) {
            throw new IllegalArgumentException("model parameter '" + key + "' has " + out.length + " values but the model has "
                    + cfg.numClasses() + " classes");
        }
        return out;
    }

    private static double[] doubles(ModelConfig cfg, String key) {
        Object v = cfg.params().get(key);
        if (v == null) return null;
        if (v instanceof double[] d) return d.clone();
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("model parameter '" + key + "' must be a list of numbers, got " + v);
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException("model parameter '" + key + "' must be a list of numbers, got " + v);
    }
}
