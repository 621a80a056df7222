package org.ecgbench.models.ecgencode;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EcgEncodeModelsTest {

    @BeforeAll
    static void init() { Backend.init(); }

    static long encoderParams(ComputationGraph net) {
        long n = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().startsWith("enc_")) n += e.getValue().length();
        }
        return n;
    }

    @Test
    void model1MatchesPaperCounts() {
        ModelConfig cfg = ModelConfig.of(12, 5000, 2);
        ComputationGraph net = EcgEncodeModels.model1().build(cfg);
        assertEquals(6960, encoderParams(net));
        assertEquals(8242, net.numParams());
        assertEquals(6960, EcgEncoder.parameterCount(12, EcgEncodeConfig.model1()));
        assertArrayEquals(new int[] {4, 40, 4}, EcgEncodeConfig.model1().latentShape(5000));
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 12, 5000);
        Map<String, INDArray> acts = net.feedForward(x, false);
        assertArrayEquals(new long[] {2, 4, 4, 40}, acts.get("enc_f2_conv").shape());
        assertArrayEquals(new long[] {2, 2}, acts.get("output").shape());
    }

    @Test
    void model2MatchesPaperCounts() {
        ModelConfig cfg = ModelConfig.of(12, 5000, 71).withMultiLabel(true);
        ComputationGraph net = EcgEncodeModels.model2().build(cfg);
        assertEquals(8624, encoderParams(net));
        assertEquals(133495, net.numParams());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 12, 5000);
        Map<String, INDArray> acts = net.feedForward(x, false);
        assertArrayEquals(new long[] {2, 32, 5, 79}, acts.get("enc_f2_conv").shape());
        assertArrayEquals(new long[] {2, 71}, acts.get("output").shape());
    }

    private static org.deeplearning4j.nn.conf.dropout.IDropout dropoutOf(ComputationGraph net, String layer) {
        return ((org.deeplearning4j.nn.conf.graph.LayerVertex) net.getConfiguration().getVertices().get(layer)).getLayerConf().getLayer().getIDropout();
    }

    @Test
    void regularisationIsTrainingOnlyAndOnTheRightAxes() {
        ComputationGraph net = EcgEncodeModels.model1().build(ModelConfig.of(12, 500, 2));
        assertEquals(new org.ecgbench.models.noise.SpatialGaussianNoise(2, 0.5, 1.0, 0.25), dropoutOf(net, "enc_f1_conv"));
        assertEquals(new org.ecgbench.models.noise.SpatialGaussianNoise(1, 0.5, 1.0, 0.25), dropoutOf(net, "enc_f2_conv"));
        assertInstanceOf(org.deeplearning4j.nn.conf.dropout.SpatialDropout.class, dropoutOf(net, "enc_f1_dropout"));
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 12, 500);
        Nd4j.getRandom().setSeed(1);
        INDArray t1 = net.feedForward(x, true).get("enc_f2_conv").dup();
        Nd4j.getRandom().setSeed(2);
        INDArray t2 = net.feedForward(x, true).get("enc_f2_conv").dup();
        assertNotEquals(t1, t2, "training forward passes must be noisy");
        assertEquals(net.outputSingle(x), net.outputSingle(x), "inference must be deterministic");

        ComputationGraph quiet = EcgEncodeModels.model1().build(ModelConfig.of(12, 500, 2)
                .withParams(Map.of("spatial_dropout", 0.0, "noise_probability", 0.0)));
        assertNull(dropoutOf(quiet, "enc_f1_conv"));
        assertFalse(quiet.getConfiguration().getVertices().containsKey("enc_f1_dropout"));
        Nd4j.getRandom().setSeed(1);
        INDArray q1 = quiet.feedForward(x, true).get("enc_f2_conv").dup();
        Nd4j.getRandom().setSeed(2);
        assertEquals(q1, quiet.feedForward(x, true).get("enc_f2_conv"));
    }
}
