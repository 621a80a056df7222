package org.ecgbench.onnx;

/**
 * Converts one DL4J layer (configuration class {@code org.deeplearning4j.nn.conf.layers.*} or a custom
 * layer) into ONNX nodes. Registered per layer configuration class in {@link ConverterRegistry}.
 */
@FunctionalInterface
public interface LayerConverter {
    /**
     * Adds the nodes computing the layer's inference-mode output from {@code node.input()} and
     * returns the name of the output tensor.
     */
    String convert(OnnxGraph g, LayerNode node);
}
