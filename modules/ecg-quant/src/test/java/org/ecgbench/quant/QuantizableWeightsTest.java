package org.ecgbench.quant;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which tensors are quantized is DL4J's decision ({@code ParamInitializer.isWeightParam}), for every registered model:
 * every conv/dense/recurrent weight key is in, no bias, batch-norm or layer-norm parameter is, and every layer with
 * parameters other than norms and biases has a quantizable tensor (custom layers answer isWeightParam themselves).
 */
class QuantizableWeightsTest {
    /** The keys of DL4J's own conv, dense, recurrent, separable and bidirectional layers. */
    private static final Set<String> DL4J_WEIGHT_KEYS = Set.of("W", "RW", "pW", "dW", "fW", "fRW", "bW", "bRW");

    static Stream<String> models() {
        return ModelRegistry.DEFAULT.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void weightsAreWhatDl4jCallsWeights(String name) {
        ModelBuilder b = ModelRegistry.DEFAULT.get(name);
        int[] d = b.defaultShape();
        ComputationGraph net = b.build(ModelConfig.of(d[0], d[1], d[2]));
        List<String> quantized = new ArrayList<>();
        for (Layer l : net.getLayers()) {
            String layer = l.conf().getLayer().getLayerName();
            boolean isNorm = l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization;
            for (String k : l.paramTable().keySet()) {
                boolean q = FakeQuantizer.isWeight(l, k);
                if (q) quantized.add(layer + "_" + k);
                if (DL4J_WEIGHT_KEYS.contains(k) && !isNorm) assertTrue(q, name + ": " + layer + "." + k + " must be quantized");
                if (isNorm || k.equals("b") || l.getParam(k).rank() < 2) assertFalse(q, name + ": " + layer + "." + k + " must stay float32");
            }
        }
        assertFalse(quantized.isEmpty(), name);
        System.out.println(name + ": " + quantized.size() + " quantizable tensors " + quantized);
    }
}
