package org.ecgbench.models.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ArrhythmiNetTest {
    @TempDir File tmp;

    static long params(int stem, int[] blocks, int k, int classes) {
        long p = 7L * stem + 4L * stem;
        int cin = stem;
        for (int c : blocks) {
            p += (long) k * cin + 4L * cin + (long) cin * c + 4L * c;
            cin = c;
        }
        return p + (long) cin * classes + classes;
    }

    @Test
    void footprintsMatchThePaperWithinOnePercent() {
        ComputationGraph v1 = ModelRegistry.DEFAULT.get("arrhythminet_v1").build(ModelConfig.of(1, 360, 5));
        ComputationGraph v2 = ModelRegistry.DEFAULT.get("arrhythminet_v2").build(ModelConfig.of(1, 360, 5));
        assertEquals(params(16, new int[] {48, 96, 96, 192, 192}, 5, 5), v1.numParams());
        assertEquals(params(8, new int[] {32, 64, 64, 128, 160}, 5, 5), v2.numParams());
        assertEquals(77557, v1.numParams());
        assertEquals(40421, v2.numParams());
        double kb1 = v1.numParams() * 4 / 1024.0, kb2 = v2.numParams() * 4 / 1024.0;
        assertEquals(302.18, kb1, 0.01 * 302.18);
        assertEquals(157.76, kb2, 0.01 * 157.76);
    }

    @Test
    void trainsAndRestores() throws Exception {
        for (String name : new String[] {"arrhythminet_v1", "arrhythminet_v2"}) {
            ComputationGraph n = ModelRegistry.DEFAULT.get(name).build(ModelConfig.of(1, 120, 5));
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.randn(DataType.FLOAT, 10, 1, 120);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 10, 5);
            for (int i = 0; i < 10; i++) y.putScalar(i, i % 5, 1f);
            for (int i = 0; i < 3; i++) n.fit(new DataSet(x, y));
            assertTrue(Double.isFinite(n.score()));
            File f = new File(tmp, name + ".zip");
            ModelSerializer.writeModel(n, f, true);
            assertEquals(n.outputSingle(false, x), ModelSerializer.restoreComputationGraph(f, true).outputSingle(false, x));
        }
    }
}
