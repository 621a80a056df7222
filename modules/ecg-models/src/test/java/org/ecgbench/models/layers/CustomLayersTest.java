package org.ecgbench.models.layers;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.GradCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** GRU and AttentionPooling: gradient checks (alone and bidirectional), JSON round trip, save/restore, reference values. */
class CustomLayersTest {
    @TempDir File tmp;

    @BeforeEach
    void dbl() {
        GradCheck.useDouble();
    }

    @AfterEach
    void flt() {
        GradCheck.restoreFloat();
    }

    static ComputationGraphConfiguration net(boolean bidirectional, boolean attention) {
        var g = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(3, 6));
        var gru = new GRU.Builder().nOut(4).build();
        g.addLayer("gru", bidirectional ? new Bidirectional(Bidirectional.Mode.CONCAT, gru) : gru, "in");
        if (attention) {
            g.addLayer("att", new AttentionPooling.Builder().build(), "gru");
            g.addLayer("out", new OutputLayer.Builder(new LossMCXENT()).nOut(3).activation(Activation.SOFTMAX).build(), "att");
        } else {
            g.addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(new LossMCXENT()).nOut(3)
                    .activation(Activation.SOFTMAX).build(), "gru");
        }
        return g.setOutputs("out").build();
    }

    static INDArray x(int n) {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.randn(DataType.DOUBLE, n, 3, 6);
    }

    @Test
    void gruGradientCheck() {
        ComputationGraph n = new ComputationGraph(net(false, false));
        n.init();
        // random biases so that every gate path matters
        n.getLayer("gru").getParam("b").assign(Nd4j.randn(DataType.DOUBLE, 1, 24).muli(0.5));
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 3, 6);
        for (int i = 0; i < 4; i++) for (int t = 0; t < 6; t++) y.putScalar(new int[] {i, (i + t) % 3, t}, 1.0);
        assertTrue(GradCheck.check(n, x(4), y));
    }

    @Test
    void bidirectionalGruWithAttentionGradientCheck() {
        ComputationGraph n = new ComputationGraph(net(true, true));
        n.init();
        assertTrue(GradCheck.check(n, x(5), GradCheck.oneHot(5, 3, 1)));
    }

    @Test
    void backwardReusesTheTrainingForwardPassWithIdenticalGradients() {
        ComputationGraph n = new ComputationGraph(net(true, true));
        n.init();
        n.setInputs(x(5));
        n.setLabels(GradCheck.oneHot(5, 3, 1));
        boolean before = GRULayer.reuseForward;
        try {
            GRULayer.reuseForward = false;
            n.computeGradientAndScore();
            INDArray recomputed = n.gradient().gradient().dup();
            long reused = GRULayer.REUSED.get();
            GRULayer.reuseForward = true;
            n.computeGradientAndScore();
            assertEquals(reused + 2, GRULayer.REUSED.get(), "both directions of the bidirectional GRU reuse their forward pass");
            assertEquals(recomputed, n.gradient().gradient(), "identical gradients");
        } finally {
            GRULayer.reuseForward = before;
        }
    }

    @Test
    void fastTanhAgreesWithMathTanh() {
        boolean before = GRULayer.fastTanh;
        try {
            GRULayer.fastTanh = true;
            for (double v = -30; v <= 30; v += 0.001) assertEquals(Math.tanh(v), GRULayer.tanh(v), 4e-16, "x = " + v);
        } finally {
            GRULayer.fastTanh = before;
        }
    }

    @Test
    void parameterCountsMatchKeras() {
        ComputationGraph n = new ComputationGraph(net(true, true));
        n.init();
        // Keras GRU(4, reset_after=True) on 3 features: 3*(3*4 + 4*4 + 2*4) = 108 per direction
        assertEquals(2 * 108, n.getLayer("gru").numParams());
        assertEquals(8 + 1, n.getLayer("att").numParams());
    }

    @Test
    void jsonRoundTripAndSaveRestoreGiveIdenticalOutputs() throws Exception {
        ComputationGraphConfiguration c = net(true, true);
        String json = c.toJson();
        assertTrue(json.contains("org.ecgbench.models.layers.GRU") && json.contains("AttentionPooling"), "custom layers named in JSON");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(c, back);
        ComputationGraph n = new ComputationGraph(c);
        n.init();
        INDArray in = x(3);
        INDArray before = n.outputSingle(in);
        File f = new File(tmp, "m.zip");
        ModelSerializer.writeModel(n, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(before, r.outputSingle(in));
        assertEquals(n.params(), r.params());
    }

    @Test
    void gruMatchesAHandComputedStep() {
        // one step, one unit, one input: h = (1 - z) * n with h0 = 0
        var g = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(1, 1)).addLayer("gru", new GRU.Builder().nOut(1).build(), "in")
                .setOutputs("gru").build();
        ComputationGraph n = new ComputationGraph(g);
        n.init();
        n.getLayer("gru").setParam("W", Nd4j.create(new double[][] {{0.5, -0.3, 0.8}}));
        n.getLayer("gru").setParam("RW", Nd4j.create(new double[][] {{0.1, 0.2, 0.3}}));
        n.getLayer("gru").setParam("b", Nd4j.create(new double[][] {{0.1, 0.0, -0.2, 0.05, 0.0, 0.4}}));
        double x = 2.0;
        double z = 1 / (1 + Math.exp(-(0.5 * x + 0.1 + 0.05)));
        double r = 1 / (1 + Math.exp(-(-0.3 * x)));
        double nn = Math.tanh(0.8 * x - 0.2 + r * 0.4);
        double expected = (1 - z) * nn;
        INDArray out = n.outputSingle(Nd4j.create(new double[] {x}, new long[] {1, 1, 1}));
        assertEquals(expected, out.getDouble(0), 1e-12);
    }
}
