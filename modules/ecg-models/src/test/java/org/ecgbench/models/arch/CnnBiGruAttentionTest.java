package org.ecgbench.models.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.GradCheck;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class CnnBiGruAttentionTest {
    @TempDir File tmp;

    @Test
    void parameterCountOfTheSeedModel() {
        // conv 5*1*32+32=192, 5*32*64+64=10304, 3*64*64+64=12352; BN 4*(32+64+64)=640;
        // BiGRU 2*3*(64*32+32*32+2*32)=18816; attention 64+1=65; dense 64*32+32=2080; output 32*5+5=165
        ComputationGraph n = ModelRegistry.DEFAULT.get("cnn_bigru_attention").build(ModelConfig.of(1, 360, 5));
        assertEquals(192 + 10304 + 12352 + 640 + 18816 + 65 + 2080 + 165, n.numParams());
        assertEquals(44614, n.numParams());
    }

    @Test
    void flopsCountTheConvolutionsAndTheRecurrence() {
        CnnBiGruAttention b = new CnnBiGruAttention();
        ModelConfig cfg = ModelConfig.of(1, 360, 5);
        Map<String, Long> per = org.ecgbench.models.flops.FlopCounter.perLayer(b.configuration(cfg), InputType.recurrent(1, 360));
        assertEquals(2L * 5 * 1 * 32 * 360, per.get("conv1"));
        assertEquals(2L * 5 * 32 * 64 * 180, per.get("conv2"));
        assertEquals(2L * 3 * 64 * 64 * 90, per.get("conv3"));
        // 45 steps, 2 directions: 2*45*(2*3*32*(64+32) + 10*32)
        assertEquals(2L * 45 * (2 * 3 * 32 * (64 + 32) + 10 * 32), per.get("bigru"));
        assertEquals(2L * 64 * 32, per.get("dense"));
        assertTrue(b.flops(cfg) > 7_000_000 && b.flops(cfg) < 8_000_000, "total " + b.flops(cfg));
    }

    @Test
    void trainsAFewStepsAndRestoresWithIdenticalOutputs() throws Exception {
        ComputationGraph n = ModelRegistry.DEFAULT.get("cnn_bigru_attention").build(ModelConfig.of(1, 360, 5).withSeed(1));
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 1, 360);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 5);
        for (int i = 0; i < 16; i++) y.putScalar(i, i % 5, 1f);
        for (int i = 0; i < 3; i++) n.fit(new DataSet(x, y));
        assertTrue(Double.isFinite(n.score()));
        INDArray out = n.outputSingle(false, x);
        assertArrayEquals(new long[] {16, 5}, out.shape());
        File f = new File(tmp, "m.zip");
        ModelSerializer.writeModel(n, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(out, r.outputSingle(false, x));
    }

    @Test
    void wholeNetworkGradientCheckOnATinyVersion() {
        GradCheck.useDouble();
        try {
            ModelConfig cfg = new ModelConfig(2, 16, 3, false, Map.of("conv_filters", java.util.List.of(3, 4), "conv_kernels",
                    java.util.List.of(3, 3), "gru_units", 3, "dense_units", 4, "dropout_conv", 0.0, "dropout_rnn", 0.0,
                    "dropout_dense", 0.0), 5);
            ComputationGraphConfiguration c = new CnnBiGruAttention().configuration(cfg);
            ComputationGraphConfiguration cd = ComputationGraphConfiguration.fromJson(c.toJson().replace("\"FLOAT\"", "\"DOUBLE\""));
            GradCheck.noUpdater(cd);
            ComputationGraph n = new ComputationGraph(cd);
            n.init(null, true);
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 6, 2, 16);
            assertTrue(GradCheck.check(n, x, GradCheck.oneHot(6, 3, 2)));
        } finally {
            GradCheck.restoreFloat();
        }
    }

    /**
     * Keeps the reason for our Conv2D [1,k] workaround visible: in DL4J 1.0.0-M2.1,
     * Convolution1DLayer followed by BatchNormalization fails unless batch size equals channels.
     * If a DL4J upgrade fixes it, this test fails and the workaround can be reconsidered.
     */
    @Test
    void convolution1dFollowedByBatchNormIsBrokenInM21() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(1, 20))
                .addLayer("c", new Convolution1DLayer.Builder().kernelSize(3).nOut(4).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c")
                .addLayer("gp", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(new LossMCXENT()).nOut(2).activation(Activation.SOFTMAX).build(), "gp")
                .setOutputs("out").build();
        ComputationGraph n = new ComputationGraph(conf);
        n.init();
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 1, 20); // batch 3 != 4 channels
        assertThrows(Exception.class, () -> n.outputSingle(false, x));
    }
}
