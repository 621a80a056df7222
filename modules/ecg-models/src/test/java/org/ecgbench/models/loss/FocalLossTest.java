package org.ecgbench.models.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

class FocalLossTest {

    @BeforeEach
    void doubles() {
        Backend.init();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void floats() { Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT); }

    private static INDArray logits(double[][] probs) {
        double[][] z = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) {
            z[i] = new double[probs[i].length];
            for (int j = 0; j < z[i].length; j++) z[i][j] = Math.log(probs[i][j]);
        }
        return Nd4j.createFromArray(z);
    }

    private static INDArray sigmoidLogits(double[][] probs) {
        double[][] z = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) {
            z[i] = new double[probs[i].length];
            for (int j = 0; j < z[i].length; j++) z[i][j] = Math.log(probs[i][j] / (1 - probs[i][j]));
        }
        return Nd4j.createFromArray(z);
    }

    @Test
    void categoricalMatchesHandComputedValues() {
        // softmax probabilities [0.8, 0.2] and [0.3, 0.7], both labelled class 0, alpha = [0.25, 0.75], gamma = 2
        // L1 = -0.25 * 0.2^2 * ln 0.8 = 0.0022314355; L2 = -0.25 * 0.7^2 * ln 0.3 = 0.1474866685
        CategoricalFocalLoss loss = new CategoricalFocalLoss(2.0, new double[] {0.25, 0.75});
        INDArray z = logits(new double[][] {{0.8, 0.2}, {0.3, 0.7}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}});
        IActivation sm = Activation.SOFTMAX.getActivationFunction();
        INDArray arr = loss.computeScoreArray(y, z, sm, null);
        assertEquals(0.0022314355131, arr.getDouble(0, 0), 1e-10);
        assertEquals(0.1474866685299, arr.getDouble(1, 0), 1e-10);
        assertEquals(0.0022314355131 + 0.1474866685299, loss.computeScore(y, z, sm, null, false), 1e-10);
        assertEquals((0.0022314355131 + 0.1474866685299) / 2, loss.computeScore(y, z, sm, null, true), 1e-10);
        // per-example mask drops sample 2 (score and gradient)
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0}});
        assertEquals(0.0022314355131, loss.computeScore(y, z, sm, mask, false), 1e-10);
        INDArray g = loss.computeGradient(y, z, sm, mask);
        assertEquals(0.0, g.getRow(1).norm1Number().doubleValue(), 0.0);
        assertTrue(g.getRow(0).norm1Number().doubleValue() > 0);
    }

    @Test
    void categoricalWithGammaZeroIsCrossEntropy() {
        INDArray z = Nd4j.randn(DataType.DOUBLE, 4, 3);
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        IActivation sm = Activation.SOFTMAX.getActivationFunction();
        double focal = new CategoricalFocalLoss(0.0, null).computeScore(y, z, sm, null, true);
        double xent = new org.nd4j.linalg.lossfunctions.impl.LossMCXENT().computeScore(y, z, sm, null, true);
        assertEquals(xent, focal, 1e-9);
    }

    @Test
    void binaryMatchesHandComputedValues() {
        // sigmoid probabilities [0.9, 0.2] (labels [1, 0]) and [0.4, 0.7] (labels [0, 1]);
        // gamma 2, alpha [0.25, 0.6], weights [1, 2]
        // s1 = -0.25*0.1^2*ln0.9 - 2*0.4*0.2^2*ln0.8 = 0.0074039949
        // s2 = -0.75*0.4^2*ln0.6 - 2*0.6*0.3^2*ln0.7 = 0.0998199688
        BinaryFocalLoss loss = new BinaryFocalLoss(2.0, new double[] {0.25, 0.6}, new double[] {1, 2});
        INDArray z = sigmoidLogits(new double[][] {{0.9, 0.2}, {0.4, 0.7}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        IActivation sig = Activation.SIGMOID.getActivationFunction();
        INDArray arr = loss.computeScoreArray(y, z, sig, null);
        assertEquals(0.0074039949312, arr.getDouble(0, 0), 1e-10);
        assertEquals(0.0998199687973, arr.getDouble(1, 0), 1e-10);
        // per-output mask keeps only class 0 of both samples: 0.25*0.01*-ln0.9 + 0.75*0.16*-ln0.6
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}});
        double expected = -0.25 * 0.01 * Math.log(0.9) - 0.75 * 0.16 * Math.log(0.6);
        assertEquals(expected, loss.computeScore(y, z, sig, mask, false), 1e-10);
        INDArray g = loss.computeGradient(y, z, sig, mask);
        assertEquals(0.0, g.getColumn(1).norm1Number().doubleValue(), 0.0);
    }

    @Test
    void binaryWithoutAlphaAndGammaZeroIsBinaryCrossEntropy() {
        INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 3);
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 0, 0}});
        IActivation sig = Activation.SIGMOID.getActivationFunction();
        double focal = new BinaryFocalLoss(0.0, null, null).computeScore(y, z, sig, null, true);
        double bce = new org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT().computeScore(y, z, sig, null, true);
        assertEquals(bce, focal, 1e-6);
    }

    /** Central finite differences of computeScore against computeGradient, directly on the pre-activations. */
    private static void assertGradientMatchesFiniteDifferences(ILossFunction loss, INDArray y, INDArray z, IActivation act, INDArray mask) {
        INDArray g = loss.computeGradient(y, z, act, mask);
        double h = 1e-6;
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.columns(); j++) {
                double orig = z.getDouble(i, j);
                z.putScalar(i, j, orig + h);
                double up = loss.computeScore(y, z, act, mask, false);
                z.putScalar(i, j, orig - h);
                double down = loss.computeScore(y, z, act, mask, false);
                z.putScalar(i, j, orig);
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, g.getDouble(i, j), 1e-6 + 1e-5 * Math.abs(numeric), "d/dz[" + i + "," + j + "] of " + loss);
            }
        }
    }

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        Nd4j.getRandom().setSeed(7);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 3, 4);
        INDArray yCat = Nd4j.createFromArray(new double[][] {{0, 1, 0, 0}, {0, 0, 0, 1}, {1, 0, 0, 0}});
        INDArray yBin = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}, {1, 0, 0, 1}, {1, 0, 1, 0}});
        INDArray exMask = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
        INDArray outMask = Nd4j.createFromArray(new double[][] {{1, 0, 1, 1}, {0, 1, 1, 1}, {1, 1, 0, 1}});
        for (double gamma : new double[] {0.0, 0.5, 2.0}) {
            CategoricalFocalLoss cat = new CategoricalFocalLoss(gamma, new double[] {0.1, 0.4, 0.2, 0.3});
            assertGradientMatchesFiniteDifferences(cat, yCat, z, Activation.SOFTMAX.getActivationFunction(), null);
            assertGradientMatchesFiniteDifferences(cat, yCat, z, Activation.SOFTMAX.getActivationFunction(), exMask);
            BinaryFocalLoss bin = new BinaryFocalLoss(gamma, new double[] {0.25, 0.5, 0.75, 0.9}, new double[] {1, 2, 0.5, 3});
            assertGradientMatchesFiniteDifferences(bin, yBin, z, Activation.SIGMOID.getActivationFunction(), null);
            assertGradientMatchesFiniteDifferences(bin, yBin, z, Activation.SIGMOID.getActivationFunction(), outMask);
        }
    }

    private static ComputationGraph tinyNet(ILossFunction loss, Activation outAct) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(5))
                .addLayer("d", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("output", new OutputLayer.Builder(loss).nOut(3).activation(outAct).build(), "d")
                .setOutputs("output").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void dl4jGradientCheckPasses() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 5);
        INDArray yCat = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        INDArray yBin = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}});
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}});
        ComputationGraph cat = tinyNet(new CategoricalFocalLoss(2.0, new double[] {0.2, 0.5, 0.3}), Activation.SOFTMAX);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(cat)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {yCat}).labelMask(new INDArray[] {mask})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)));
        ComputationGraph bin = tinyNet(new BinaryFocalLoss(2.0, new double[] {0.25, 0.5, 0.8}, new double[] {1, 2, 1}), Activation.SIGMOID);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(bin)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {yBin})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)));
    }

    @Test
    void jsonRoundTripAndModelSerializer(@TempDir Path dir) throws Exception {
        ComputationGraph net = tinyNet(new BinaryFocalLoss(1.5, new double[] {0.25, 0.5, 0.8}, new double[] {1, 2, 3}), Activation.SIGMOID);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration(), back);
        OutputLayer ol = (OutputLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("output"))
                .getLayerConf().getLayer();
        assertEquals(new BinaryFocalLoss(1.5, new double[] {0.25, 0.5, 0.8}, new double[] {1, 2, 3}), ol.getLossFn());

        ComputationGraph cat = tinyNet(new CategoricalFocalLoss(2.0, new double[] {0.2, 0.5, 0.3}), Activation.SOFTMAX);
        File f = dir.resolve("cat.zip").toFile();
        ModelSerializer.writeModel(cat, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        OutputLayer rl = (OutputLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) restored.getConfiguration().getVertices().get("output"))
                .getLayerConf().getLayer();
        assertEquals(new CategoricalFocalLoss(2.0, new double[] {0.2, 0.5, 0.3}), rl.getLossFn());
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 5);
        assertEquals(cat.outputSingle(x), restored.outputSingle(x));
    }

    @Test
    void factoryReadsModelParameters() {
        ModelConfig single = ModelConfig.of(1, 10, 3).withParams(Map.of("loss", "focal", "focal_gamma", 1.0, "class_weights", List.of(1.0, 2.0, 3.0)));
        assertEquals(new CategoricalFocalLoss(1.0, new double[] {1, 2, 3}), OutputLosses.loss(single, "xent"));
        ModelConfig multi = single.withMultiLabel(true).withParams(Map.of("focal_alpha", 0.25, "class_weights", new double[] {1, 2, 3}));
        assertEquals(new BinaryFocalLoss(2.0, new double[] {0.25, 0.25, 0.25}, new double[] {1, 2, 3}), OutputLosses.loss(multi, "focal"));
        assertEquals(Activation.SIGMOID, OutputLosses.activation(multi));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputLosses.loss(single.withParams(Map.of("class_weights", List.of(1.0, 2.0))), "focal"));
        assertTrue(e.getMessage().contains("class_weights"));
        assertThrows(IllegalArgumentException.class, () -> OutputLosses.loss(single.withParams(Map.of("loss", "hinge")), "focal"));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalFocalLoss(-1, null));
        assertThrows(IllegalArgumentException.class, () -> new BinaryFocalLoss(2, new double[] {1.5}, null));
    }
}
