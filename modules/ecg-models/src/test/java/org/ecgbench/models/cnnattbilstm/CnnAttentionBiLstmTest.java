package org.ecgbench.models.cnnattbilstm;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CnnAttentionBiLstmTest {
    @BeforeAll
    static void init() { Backend.init(); }

    @Test
    void parameterCountsMatchSource() {
        CnnAttentionBiLstm b = new CnnAttentionBiLstm();
        assertEquals(945_865, b.build(ModelConfig.of(12, 15000, 9)).numParams());
        assertEquals(940_585, b.build(ModelConfig.of(1, 15000, 9)).numParams());
    }

    @Test
    void forwardOnShortInput() {
        ComputationGraph net = new CnnAttentionBiLstm().build(ModelConfig.of(12, 1000, 9));
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 12, 1000));
        assertArrayEquals(new long[] {2, 9}, out.shape());
        assertEquals(2.0, out.sumNumber().doubleValue(), 1e-4);
    }
}
