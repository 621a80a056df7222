package org.ecgbench.onnx;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;

/** Converts one parameter-free DL4J graph vertex (merge, element-wise, reshape, ...) into ONNX nodes. */
@FunctionalInterface
public interface VertexConverter {
    /**
     * Adds the nodes for vertex {@code name} reading {@code inputs} (ONNX tensor names, in the
     * vertex's input order, with DL4J activation types {@code inputTypes}); returns the output tensor name.
     */
    String convert(OnnxGraph g, String name, GraphVertex vertex, List<String> inputs, List<InputType> inputTypes);
}
