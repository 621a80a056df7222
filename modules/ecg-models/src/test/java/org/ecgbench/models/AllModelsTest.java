package org.ecgbench.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One test over every registered model at its default input shape: it builds, its configuration survives the JSON
 * round trip, the saved model restores with identical outputs, its parameter count is what {@code ecgbench models}
 * lists (and the sum of its parameter arrays), its FLOPs are positive, and a forward pass gives [batch, classes]
 * probabilities.
 */
class AllModelsTest {
    @TempDir static File dir;

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    static Stream<String> models() {
        return ModelRegistry.DEFAULT.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void buildsRoundTripsCountsAndRuns(String name) throws Exception {
        ModelBuilder b = ModelRegistry.DEFAULT.get(name);
        int[] d = b.defaultShape();
        ModelConfig cfg = ModelConfig.of(d[0], d[1], d[2]);
        ComputationGraph net = b.build(cfg);

        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration().toJson(), back.toJson(), name + ": configuration JSON round trip");

        long sum = net.paramTable().values().stream().mapToLong(INDArray::length).sum();
        assertEquals(sum, net.numParams(), name + ": parameter arrays add up");
        ModelSummary s = ModelSummary.of(b, cfg);
        assertEquals(net.numParams(), s.params(), name + ": the count `ecgbench models` lists");
        assertTrue(s.flops() > 0, name + ": FLOPs");

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, d[0], d[1]).subi(0.5);
        INDArray y = net.outputSingle(false, x);
        assertArrayEquals(new long[] {2, d[2]}, y.shape(), name + ": output shape");
        assertEquals(2.0, y.sumNumber().doubleValue(), 1e-3, name + ": softmax rows sum to 1");

        File f = new File(dir, name + ".zip");
        ModelSerializer.writeModel(net, f, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, false);
        assertTrue(y.equalsWithEps(restored.outputSingle(false, x), 1e-5), name + ": restored model gives the same output");
    }
}
