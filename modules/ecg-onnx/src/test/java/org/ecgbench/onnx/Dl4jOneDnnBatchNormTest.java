package org.ecgbench.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.ecgbench.models.Backend;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Pins the DL4J M2.1 defect that makes {@code ecgencode_m2} special in {@link OnnxRoundTripTest}: with
 * oneDNN helpers enabled (ecgbench's default, see Backend), BatchNormalization on a 2-D input in
 * 'f' order (what a MergeVertex produces) does not compute y = γ(x − μ)/√(σ² + ε) + β; the same
 * input in 'c' order, or with helpers disabled, does. Fails (telling to drop the special case) once fixed.
 */
class Dl4jOneDnnBatchNormTest {

    @Test
    void oneDnnBatchNormMisreadsFOrder2dInput() {
        Backend.init();
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(8))
                .addLayer("bn", new BatchNormalization.Builder().eps(1e-3).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out").build());
        net.init();
        Nd4j.getRandom().setSeed(1);
        var bn = net.getLayer("bn");
        bn.setParam("mean", Nd4j.rand(DataType.FLOAT, 1, 8).subi(0.5));
        bn.setParam("gamma", Nd4j.rand(DataType.FLOAT, 1, 8).addi(0.5));
        bn.setParam("beta", Nd4j.rand(DataType.FLOAT, 1, 8).subi(0.5));
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 8).muli(3);
        bn.setParam("log10stdev", Nd4j.rand(DataType.FLOAT, 1, 8).subi(0.5).muli(0.4));
        double[] sd = new double[8];
        for (int i = 0; i < 8; i++) sd[i] = Math.sqrt(Math.pow(Math.pow(10, bn.getParam("log10stdev").getDouble(i)), 2) + 1e-3);
        INDArray std = Nd4j.create(sd, new long[] {1, 8}, 'c').castTo(DataType.FLOAT);
        INDArray expected = x.subRowVector(bn.getParam("mean")).divRowVector(std).mulRowVector(bn.getParam("gamma")).addRowVector(bn.getParam("beta"));
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        double cErr = RoundTrip.maxAbs(bn.activate(x.dup('c'), false, mgr).sub(expected));
        double fErr = RoundTrip.maxAbs(bn.activate(x.dup('f'), false, mgr).sub(expected));
        var plain = RoundTrip.withoutHelpers(net).getLayer("bn");
        double fPlainErr = RoundTrip.maxAbs(plain.activate(x.dup('f'), false, mgr).sub(expected));
        System.out.printf("DL4J BN 2-D inference error: 'c' order %.2e, 'f' order %.2e (oneDNN helper), 'f' order without helpers %.2e%n",
                cErr, fErr, fPlainErr);
        assertTrue(cErr < 1e-5 && fPlainErr < 1e-5, "BN formula not met in 'c' order or without helpers");
        assertTrue(fErr > 1e-2, "DL4J's oneDNN BN now handles 'f'-order 2-D input: remove ecgencode_m2 from OnnxRoundTripTest.DL4J_ONEDNN_BN_BUG");
    }
}
