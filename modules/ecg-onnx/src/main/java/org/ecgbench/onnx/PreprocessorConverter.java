package org.ecgbench.onnx;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;

/** Converts a DL4J {@link InputPreProcessor} on a layer's input (e.g. CNN → feed-forward flatten) into ONNX nodes. */
@FunctionalInterface
public interface PreprocessorConverter {
    String convert(OnnxGraph g, String layerName, InputPreProcessor p, String input, InputType inputType);
}
