package org.ecgbench.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Clear failures: an unsupported layer class is named with the layer; a missing input type is reported. */
class OnnxExporterErrorsTest {

    private static ComputationGraph conv1d() {
        Backend.init();
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("input")
                .setInputTypes(InputType.recurrent(1, 32))
                .addLayer("c1d", new Convolution1DLayer.Builder(3).nOut(4).build(), "input")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c1d")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("output").build());
        net.init();
        return net;
    }

    @Test
    void unsupportedLayerIsNamed() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new OnnxExporter().export(conv1d(), OnnxExporter.Options.defaults(), InputType.recurrent(1, 32)));
        assertTrue(e.getMessage().contains("'c1d'") && e.getMessage().contains("Convolution1DLayer"), e.getMessage());
    }

    @Test
    void inputTypesAreRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxExporter().export(conv1d(), OnnxExporter.Options.defaults()));
        assertTrue(e.getMessage().contains("input types"), e.getMessage());
    }
}
