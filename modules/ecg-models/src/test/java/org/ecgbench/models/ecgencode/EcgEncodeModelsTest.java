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
}
