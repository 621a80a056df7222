package org.ecgbench.models.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.GradCheck;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ResNet1DTest {
    @TempDir File tmp;

    @Test
    void defaultParameterCount() {
        // stem 7*16 + BN 64; s1: 2x(5*16*16 + 64); s2: 5*16*32+128 + 5*32*32+128 + proj 16*32+128;
        // s3: 5*32*64+256 + 5*64*64+256 + proj 32*64+256; output 64*4+4
        long expected = (112 + 64) + 2 * (1280 + 64) + (2560 + 128 + 5120 + 128 + 512 + 128) + (10240 + 256 + 20480 + 256 + 2048 + 256) + 260;
        ComputationGraph n = ModelRegistry.DEFAULT.get("resnet1d").build(ModelConfig.of(1, 360, 4));
        assertEquals(expected, n.numParams());
        assertEquals(45236, n.numParams());
    }

    @Test
    void trainsAndRestores() throws Exception {
        ComputationGraph n = ModelRegistry.DEFAULT.get("resnet1d").build(ModelConfig.of(2, 100, 3));
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 2, 100);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 3, 1f);
        for (int i = 0; i < 3; i++) n.fit(new DataSet(x, y));
        assertTrue(Double.isFinite(n.score()));
        File f = new File(tmp, "r.zip");
        ModelSerializer.writeModel(n, f, true);
        assertEquals(n.outputSingle(false, x), ModelSerializer.restoreComputationGraph(f, true).outputSingle(false, x));
    }

    /**
     * Two residual stages: an identity-shortcut block and a strided block with a projection
     * shortcut. (This used to fail under DL4J's GradientCheckUtil, which names flat parameter
     * indices in paramTable order while the graph lays them out topologically, so it checked
     * batch-norm running statistics as if they were conv weights; {@link GradCheck#check} maps
     * indices by view offset and passes. Odd and even lengths exercise Same-mode padding.)
     */
    @Test
    void gradientCheckOfATinyResNet() {
        GradCheck.useDouble();
        try {
            ModelConfig cfg = new ModelConfig(1, 12, 3, false, Map.of("widths", List.of(3, 4), "kernel", 3, "stem_kernel", 3, "dropout", 0.0), 3);
            ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(
                    new ResNet1D().configuration(cfg).toJson().replace("\"FLOAT\"", "\"DOUBLE\""));
            GradCheck.noUpdater(c);
            ComputationGraph n = new ComputationGraph(c);
            n.init(null, true);
            Nd4j.getRandom().setSeed(4);
            assertTrue(GradCheck.check(n, Nd4j.randn(DataType.DOUBLE, 5, 1, 12), GradCheck.oneHot(5, 3, 3)));
        } finally {
            GradCheck.restoreFloat();
        }
    }
}
