package org.ecgbench.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Weight decay set in the builder preamble, from the model parameters the runner passes in ({@code weight_decay},
 * {@code weight_decay_mode}): on the weights of every trainable layer of a graph configuration (both directions of a
 * Bidirectional wrapper; never biases or batch norm), before the network is created. {@code decoupled} = DL4J's
 * {@code WeightDecay} applied after the Adam step and scaled by the learning rate (AdamW, as ECGencode trains);
 * {@code l2} = an L2 term added to the gradient before Adam (PyTorch {@code Adam(weight_decay)}, qHuBERT's 1e-3).
 */
public final class WeightDecay {
    /** Parameter keys the runner passes to every builder. */
    public static final String VALUE = "weight_decay", MODE = "weight_decay_mode";

    private WeightDecay() {}

    /** Applies {@code cfg}'s weight decay (if any) to {@code conf}; returns the names of the layers it applies to. */
    public static List<String> apply(ComputationGraphConfiguration conf, ModelConfig cfg) {
        double value = cfg.doubleParam(VALUE, 0.0);
        Object mode = cfg.params().getOrDefault(MODE, "decoupled");
        return apply(conf, value, String.valueOf(mode));
    }

    public static List<String> apply(ComputationGraphConfiguration conf, double value, String mode) {
        List<String> names = new ArrayList<>();
        if (!(value > 0)) return names;
        if (!mode.equals("l2") && !mode.equals("decoupled")) throw new IllegalArgumentException("weight_decay_mode must be decoupled or l2, got " + mode);
        List<Regularization> reg = List.of(mode.equals("l2") ? new L2Regularization(value)
                : new org.nd4j.linalg.learning.regularization.WeightDecay(value, true));
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && set(lv.getLayerConf().getLayer(), reg, seen) && hasParams(lv.getLayerConf().getLayer())) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    private static boolean set(Layer c, List<Regularization> reg, Set<Layer> seen) {
        if (c instanceof Bidirectional b) {
            boolean f = set(b.getFwd(), reg, seen), r = set(b.getBwd(), reg, seen);
            return f || r;
        }
        if (!(c instanceof BaseLayer bl) || c instanceof BatchNormalization) return false;
        if (seen.add(c)) bl.setRegularization(reg);
        return true;
    }

    private static boolean hasParams(Layer l) {
        try {
            return l.initializer().numParams(l) > 0;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
