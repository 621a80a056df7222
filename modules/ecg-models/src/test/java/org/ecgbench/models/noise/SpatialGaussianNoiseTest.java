package org.ecgbench.models.noise;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class SpatialGaussianNoiseTest {

    @BeforeAll
    static void init() { Backend.init(); }

    private static INDArray apply(SpatialGaussianNoise n, INDArray x) {
        return n.applyDropout(x, Nd4j.createUninitialized(x.dataType(), x.shape()), 0, 0, LayerWorkspaceMgr.noWorkspaces());
    }

    private static ComputationGraph net(IDropout noise, DataType dt) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(5).dataType(dt).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(3, 3, 2))
                .addLayer("conv", new ConvolutionLayer.Builder().nOut(3).kernelSize(1, 2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("noise", new DropoutLayer.Builder().dropOut(noise).build(), "conv")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "noise")
                .setOutputs("output").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void identityAtInferenceNoisyInTraining() {
        ComputationGraph g = net(new SpatialGaussianNoise(2, 1.0, 1.0, 0.5), DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 3, 3);
        INDArray conv = g.feedForward(x, false).get("conv");
        assertEquals(conv, g.feedForward(x, false).get("noise"));
        assertEquals(g.outputSingle(x), g.outputSingle(x));
        INDArray trainConv = g.feedForward(x, true).get("conv");
        INDArray trainNoise = g.feedForward(x, true).get("noise");
        assertNotEquals(trainConv, trainNoise);
    }

    @Test
    void oneFactorPerSliceAlongAxis() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 5, 7).addi(0.5);
        // lead axis (H, axis 2): the factor depends only on (example, h)
        INDArray ratio = apply(new SpatialGaussianNoise(2, 1.0, 1.0, 0.4), x).div(x);
        for (int b = 0; b < 3; b++) {
            for (int h = 0; h < 5; h++) {
                INDArray slice = ratio.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(h), NDArrayIndex.all());
                assertEquals(0.0, slice.maxNumber().doubleValue() - slice.minNumber().doubleValue(), 1e-5, "slice b=" + b + " h=" + h);
            }
        }
        assertTrue(ratio.stdNumber().doubleValue() > 0.05, "factors must differ between slices");
        // channel axis (axis 1): the factor depends only on (example, channel)
        ratio = apply(new SpatialGaussianNoise(1, 1.0, 1.0, 0.4), x).div(x);
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 4; c++) {
                INDArray slice = ratio.get(NDArrayIndex.point(b), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all());
                assertEquals(0.0, slice.maxNumber().doubleValue() - slice.minNumber().doubleValue(), 1e-5);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> apply(new SpatialGaussianNoise(4, 1.0, 1.0, 0.4), x));
    }

    @Test
    void factorStatistics() {
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.ones(DataType.FLOAT, 2000, 1, 50, 1);
        INDArray f = apply(SpatialGaussianNoise.multiplicative(2, 0.5, 0.3), x);   // 100,000 slice factors
        double mean = f.meanNumber().doubleValue();
        double var = f.varNumber().doubleValue();
        double untouched = f.eq(1.0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(1.0, mean, 0.01);
        assertEquals(0.5 * 0.09, var, 0.003);      // p * sigma^2
        assertEquals(0.5, untouched, 0.01);        // slices left unchanged with probability 1 - p
        INDArray none = apply(SpatialGaussianNoise.multiplicative(2, 0.0, 0.3), x);
        assertEquals(x, none);
    }

    @Test
    void backpropUsesTheForwardFactors() {
        Nd4j.getRandom().setSeed(13);
        SpatialGaussianNoise n = new SpatialGaussianNoise(1, 0.7, 1.0, 0.5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).addi(0.5);
        INDArray out = apply(n, x);
        INDArray factors = out.div(x);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray gin = n.backprop(g, Nd4j.createUninitialized(DataType.DOUBLE, g.shape()), 0, 0);
        assertTrue(gin.equalsWithEps(g.mul(factors), 1e-12));
        assertThrows(IllegalStateException.class, () -> n.backprop(g, g.dup(), 0, 0));
    }

    @Test
    void gradientCheckWithFixedNoise() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = net(new SpatialGaussianNoise(2, 0.8, 1.0, 0.5), DataType.DOUBLE);
            Nd4j.getRandom().setSeed(21);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3);
            INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}});
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    // same seed before every forward pass -> the same noise factors (fixed mask)
                    .callEachIter(net -> Nd4j.getRandom().setSeed(99))));
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void serialisation(@TempDir Path dir) throws Exception {
        SpatialGaussianNoise n = new SpatialGaussianNoise(2, 0.6, 1.1, 0.3);
        ComputationGraph g = net(n, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(n, ((LayerVertex) back.getVertices().get("noise")).getLayerConf().getLayer().getIDropout());
        File f = dir.resolve("n.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(n, ((LayerVertex) r.getConfiguration().getVertices().get("noise")).getLayerConf().getLayer().getIDropout());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 3);
        assertEquals(g.outputSingle(x), r.outputSingle(x));
        assertThrows(IllegalArgumentException.class, () -> new SpatialGaussianNoise(0, 0.5, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new SpatialGaussianNoise(1, 1.5, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new SpatialGaussianNoise(1, 0.5, 1, -0.1));
    }
}
