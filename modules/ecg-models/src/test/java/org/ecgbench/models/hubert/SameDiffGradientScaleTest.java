package org.ecgbench.models.hubert;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.ecgbench.models.GradCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Why HuBERT-ECG does not use DL4J's SelfAttentionLayer: measured here, the analytic gradients of a
 * network with that layer (a SameDiffLayer) are twice the numerical ones for the attention layer's
 * own parameters and for the (native) layer below it, while the output layer above is right. The
 * same network with our native {@link MultiHeadAttention} gives ratio 1 everywhere.
 */
class SameDiffGradientScaleTest {

    @BeforeEach
    void dbl() {
        GradCheck.useDouble();
    }

    @AfterEach
    void flt() {
        GradCheck.restoreFloat();
    }

    static ComputationGraph net(boolean sameDiff) {
        var g = new NeuralNetConfiguration.Builder().seed(21).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(4, 5))
                .addLayer("below", new TimeDense.Builder().nOut(4).activation(Activation.TANH).build(), "in");
        if (sameDiff) {
            g.addLayer("att", new SelfAttentionLayer.Builder().nIn(4).nOut(4).nHeads(2).projectInput(true).build(), "below");
        } else {
            g.addLayer("qkv", new TimeDense.Builder().nOut(12).activation(Activation.IDENTITY).build(), "below");
            g.addLayer("att", new MultiHeadAttention.Builder().heads(2).build(), "qkv");
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "att")
                .addLayer("out", new OutputLayer.Builder(new LossMCXENT()).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph n = new ComputationGraph(g.build());
        n.init();
        return n;
    }

    /** Median of analytic / numerical gradient over the parameters of {@code layer} (|numerical| > 1e-7). */
    static double ratio(ComputationGraph n, String layer, DataSet ds) {
        n.setInputs(ds.getFeatures());
        n.setLabels(ds.getLabels());
        n.computeGradientAndScore();
        INDArray grad = n.getLayer(layer).getGradientsViewArray().dup();
        INDArray p = n.getLayer(layer).params(); // a view of the network's parameters
        double eps = 1e-6;
        List<Double> r = new ArrayList<>();
        long step = Math.max(1, p.length() / 12); // about 12 entries per layer are plenty for a median
        for (long i = 0; i < p.length(); i += step) {
            double v = p.getDouble(i);
            p.putScalar(i, v + eps);
            double up = n.score(ds, false);
            p.putScalar(i, v - eps);
            double dn = n.score(ds, false);
            p.putScalar(i, v);
            double num = (up - dn) / (2 * eps);
            // DL4J's raw gradient is summed over the minibatch (the updater divides by its size); the score is the mean
            if (Math.abs(num) > 1e-7) r.add(grad.getDouble(i) / (num * ds.numExamples()));
        }
        r.sort(Double::compare);
        return r.get(r.size() / 2);
    }

    @Test
    void selfAttentionLayerDoublesGradientsNativeAttentionDoesNot() {
        Nd4j.getRandom().setSeed(8);
        DataSet ds = new DataSet(Nd4j.randn(DataType.DOUBLE, 4, 4, 5), GradCheck.oneHot(4, 3, 2));
        ComputationGraph sd = net(true);
        double sdAtt = ratio(sd, "att", ds), sdBelow = ratio(sd, "below", ds), sdOut = ratio(sd, "out", ds);
        ComputationGraph nat = net(false);
        double nAtt = ratio(nat, "att", ds), nQkv = ratio(nat, "qkv", ds), nBelow = ratio(nat, "below", ds), nOut = ratio(nat, "out", ds);
        System.out.printf("analytic/numerical gradient: SelfAttentionLayer net: att %.4f, below %.4f, out %.4f; native net: qkv %.4f, att %.4f, below %.4f, out %.4f%n",
                sdAtt, sdBelow, sdOut, nQkv, nAtt, nBelow, nOut);
        assertEquals(2.0, sdAtt, 1e-3);
        assertEquals(2.0, sdBelow, 1e-3);
        assertEquals(1.0, sdOut, 1e-3);
        for (double v : new double[] {nAtt, nQkv, nBelow, nOut}) assertEquals(1.0, v, 1e-3);
    }
}
