package org.ecgbench.onnx;

import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link LayerConverter} sees of one layer: its graph name, configuration, parameters
 * (DL4J parameter table, float32 after dequantization), the ONNX name of its input tensor (after any
 * preprocessor), the DL4J activation types of that input and of the layer's output, and a sink for the pre-activation output of
 * an output layer (exported as the {@code logits} graph output).
 */
public record LayerNode(String name, Layer conf, Map<String, INDArray> params, String input, InputType inputType,
                        InputType outputType, Consumer<String> logitsSink) {

    /** The parameter {@code key}, or a clear error naming the layer. */
    public INDArray param(String key) {
        INDArray p = params.get(key);
        if (p == null) {
            throw new IllegalStateException("ONNX export: layer '" + name + "' (" + conf.getClass().getSimpleName() + ") has no parameter '"
                    + key + "'; it has " + params.keySet());
        }
        return p;
    }

    public boolean hasParam(String key) {
        return params.containsKey(key);
    }
}
