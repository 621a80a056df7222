package org.ecgbench.models.cnnattbilstm;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class CnnAttentionBiLstmTest {
    @BeforeAll
    static void init() { Backend.init(); }

    @Test
    void parameterCountsMatchSource() {
        CnnAttentionBiLstm b = new CnnAttentionBiLstm();
        // 944,969 trainable + 896 BN moving statistics (Keras and DL4J both count 4 values per BN channel)
        assertEquals(945_865, b.build(ModelConfig.of(12, 15000, 9)).numParams());
        assertEquals(940_585, b.build(ModelConfig.of(1, 15000, 9)).numParams());
        assertSame(CnnAttentionBiLstm.class, ModelRegistry.DEFAULT.get("cnn_attention_bilstm").getClass());
    }

    @Test
    void sequenceLengthsFollowSamePadding() {
        int[] t = CnnAttentionBiLstm.timeSteps(15000);
        assertEquals(7500, t[0]);
        assertEquals(3750, t[2]);
        assertEquals(938, t[5]);
        assertEquals(235, t[8]);
        assertEquals(118, t[9]);
    }

    private static List<Regularization> reg(ComputationGraph net, String layer) {
        return ((BaseLayer) ((LayerVertex) net.getConfiguration().getVertices().get(layer)).getLayerConf().getLayer()).getRegularization();
    }

    @Test
    void l2OnConvKernelsAndDense128Only() {
        ComputationGraph net = new CnnAttentionBiLstm().build(ModelConfig.of(12, 1000, 9));
        for (String l : new String[] {"conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "dense"}) {
            List<Regularization> r = reg(net, l);
            assertEquals(1, r.size(), l);
            // Keras l2(1e-3) adds 1e-3 * sum w^2 = DL4J 0.5 * 2e-3 * sum w^2
            assertEquals(2e-3, ((L2Regularization) r.get(0)).getL2().valueAt(0, 0), 1e-12, l);
        }
        assertTrue(reg(net, "att_gate").isEmpty());
        assertTrue(reg(net, "output").isEmpty());
    }

    @Test
    void trainsThreeStepsAndRestoresOnShortInput(@TempDir Path dir) throws Exception {
        ModelConfig cfg = ModelConfig.of(12, 1000, 9).withParams(Map.of("class_weights", List.of(1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0)));
        ComputationGraph net = new CnnAttentionBiLstm().build(cfg);
        assertInstanceOf(LossMCXENT.class, ((org.deeplearning4j.nn.conf.layers.OutputLayer)
                ((LayerVertex) net.getConfiguration().getVertices().get("output")).getLayerConf().getLayer()).getLossFn());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 12, 1000);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 9);
        for (int i = 0; i < 4; i++) y.putScalar(i, (i * 4) % 9, 1.0);
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(new MultiDataSet(x, y));
            assertTrue(Double.isFinite(net.score()));
        }
        assertFalse(net.params().isNaN().any());
        assertNotEquals(before, net.params());
        INDArray out = net.outputSingle(x);
        assertArrayEquals(new long[] {4, 9}, out.shape());
        for (int i = 0; i < 4; i++) assertEquals(1.0, out.getRow(i).sumNumber().doubleValue(), 1e-4);
        File f = dir.resolve("cab.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        assertEquals(out, ModelSerializer.restoreComputationGraph(f, true).outputSingle(x));
    }

    @Test
    void flopsAreCountedLayerByLayer() {
        CnnAttentionBiLstm b = new CnnAttentionBiLstm();
        long f12 = b.flops(ModelConfig.of(12, 15000, 9));
        // first conv alone: (2*15*12 + 1) * 32 * 7500
        long conv1 = (2L * 15 * 12 + 1) * 32 * 7500;
        long f1 = b.flops(ModelConfig.of(1, 15000, 9));
        assertEquals(conv1 - (2L * 15 * 1 + 1) * 32 * 7500, f12 - f1);
        assertTrue(f12 > 1_000_000_000L && f12 < 2_000_000_000L, "12-lead FLOPs " + f12);
        assertThrows(IllegalArgumentException.class, () -> b.build(ModelConfig.of(12, 1000, 9).withParams(Map.of("units", 3))));
    }
}
