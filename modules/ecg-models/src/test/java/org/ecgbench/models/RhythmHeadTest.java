package org.ecgbench.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generic rhythm head on every registered model: the wrapped graph builds with inputs (input, rhythm), survives the
 * JSON round trip and save/restore, adds exactly {@link RhythmHead#extraParams} parameters, leaves the original
 * configuration untouched, and its output depends on the rhythm input; whole-graph gradient checks of tiny wrapped
 * ResNet1D, CNN-BiGRU-Attention and HuBERT-ECG graphs pass.
 */
class RhythmHeadTest {
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
    void wrapsEveryRegisteredModel(String name) throws Exception {
        ModelBuilder b = ModelRegistry.DEFAULT.get(name);
        int[] d = b.defaultShape();
        ComputationGraph net = b.build(ModelConfig.of(d[0], d[1], d[2]));
        String before = net.getConfiguration().toJson();
        ComputationGraph w = RhythmHead.wrap(net, 9, 16);
        assertEquals(before, net.getConfiguration().toJson(), name + ": the original configuration is not changed");
        assertEquals(List.of("input", RhythmHead.INPUT), w.getConfiguration().getNetworkInputs());
        assertEquals(net.numParams() + RhythmHead.extraParams(9, 16, d[2]), w.numParams(), name + ": added parameters");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(w.getConfiguration().toJson());
        assertEquals(w.getConfiguration().toJson(), back.toJson(), name + ": JSON round trip");

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, d[0], d[1]).subi(0.5);
        INDArray r = Nd4j.randn(DataType.FLOAT, 2, 9);
        INDArray y = w.output(false, x, r)[0].dup();
        assertArrayEquals(new long[] {2, d[2]}, y.shape());
        assertEquals(0, y.isNaN().castTo(DataType.INT).sumNumber().intValue(), name + ": finite output");
        for (var e : w.paramTable().entrySet()) assertEquals(0, e.getValue().isNaN().castTo(DataType.INT).sumNumber().intValue(), e.getKey() + " finite");
        INDArray y2 = w.output(false, x, r.mul(3).addi(1))[0].dup();
        assertFalse(y.equalsWithEps(y2, 1e-6), name + ": the rhythm input changes the output");
        File f = new File(dir, name + "_rr.zip");
        ModelSerializer.writeModel(w, f, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, false);
        assertTrue(y.equalsWithEps(restored.output(false, x, r)[0], 1e-5), name + ": restored wrapped model gives the same output");
    }

    @Test
    void refusesBadArguments() {
        ComputationGraph net = ModelRegistry.DEFAULT.get("resnet1d").build(ModelConfig.of(1, 360, 4));
        assertThrows(IllegalArgumentException.class, () -> RhythmHead.wrap(net, 0, 16));
        ComputationGraph w = RhythmHead.wrap(net, 9, 4);
        assertThrows(IllegalArgumentException.class, () -> RhythmHead.wrap(w, 9, 4), "already wrapped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void morphologyDropoutAndWidePathOnEveryRegisteredModel(String name) throws Exception {
        ModelBuilder b = ModelRegistry.DEFAULT.get(name);
        int[] d = b.defaultShape();
        ComputationGraph net = b.build(ModelConfig.of(d[0], d[1], d[2]));
        RhythmHead.Options o = new RhythmHead.Options(8, 0.5, true);
        ComputationGraph w = RhythmHead.wrap(net, 9, o);
        assertEquals(net.numParams() + RhythmHead.extraParams(9, o, d[2]), w.numParams(), name + ": added parameters (wide path: 9 x classes more)");
        assertEquals(RhythmHead.extraParams(9, 8, d[2]) + 9L * d[2], RhythmHead.extraParams(9, o, d[2]));
        assertEquals(List.of(RhythmHead.MORPH_DROPOUT, RhythmHead.DENSE, RhythmHead.INPUT), w.getConfiguration().getVertexInputs().get(RhythmHead.MERGE));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(w.getConfiguration().toJson());
        assertEquals(w.getConfiguration().toJson(), back.toJson(), name + ": JSON round trip");
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, d[0], d[1]).subi(0.5);
        INDArray r = Nd4j.randn(DataType.FLOAT, 4, 9);
        INDArray y = w.output(false, x, r)[0].dup();
        assertTrue(y.equalsWithEps(w.output(false, x, r)[0], 1e-6), name + ": dropout is the identity at inference");
        File f = new File(dir, name + "_rr_wide.zip");
        ModelSerializer.writeModel(w, f, false);
        assertTrue(y.equalsWithEps(ModelSerializer.restoreComputationGraph(f, false).output(false, x, r)[0], 1e-5), name + ": restored");
    }

    @Test
    void morphologyDropoutDropsInTrainingOnly() {
        ComputationGraph net = ModelRegistry.DEFAULT.get("resnet1d").build(ModelConfig.of(1, 64, 3));
        ComputationGraph w = RhythmHead.wrap(net, 4, new RhythmHead.Options(4, 0.5, false));
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 64);
        INDArray r = Nd4j.randn(DataType.FLOAT, 8, 4);
        String morph = w.getConfiguration().getVertexInputs().get(RhythmHead.MORPH_DROPOUT).get(0);
        var infer = w.feedForward(new INDArray[] {x, r}, false);
        assertTrue(infer.get(RhythmHead.MORPH_DROPOUT).equalsWithEps(infer.get(morph), 1e-7), "identity at inference");
        long zerosBefore = infer.get(morph).eq(0).castTo(DataType.INT).sumNumber().longValue();
        // in training DL4J's dropout works in place on its input, so count against the inference-mode features
        INDArray dropped = w.feedForward(new INDArray[] {x, r}, true).get(RhythmHead.MORPH_DROPOUT);
        long zeros = dropped.eq(0).castTo(DataType.INT).sumNumber().longValue() - zerosBefore;
        assertTrue(zeros > dropped.length() / 4 && zeros < dropped.length() * 3 / 4,
                "about half of the morphology features are dropped in training, got " + zeros + " of " + dropped.length());
        assertThrows(IllegalArgumentException.class, () -> new RhythmHead.Options(4, 1.0, false), "rate 1 drops everything");
        assertThrows(IllegalArgumentException.class, () -> new RhythmHead.Options(0, 0.0, false));
    }

    @Test
    void gradientCheckTinyWrappedResNet1DWithWidePath() {
        GradCheck.useDouble();
        try {
            ComputationGraphConfiguration conf = new org.ecgbench.models.arch.ResNet1D().configuration(new ModelConfig(1, 12, 3, false,
                    Map.of("widths", List.of(3, 4), "kernel", 3, "stem_kernel", 3, "dropout", 0.0), 3));
            // dropout is random, so the gradient check runs with rate 0; the wide path and merge are checked
            gradCheck(conf, 1, 12, 3, 5, new RhythmHead.Options(3, 0.0, true));
        } finally {
            GradCheck.restoreFloat();
        }
    }

    static void gradCheck(ComputationGraphConfiguration conf, int leads, int samples, int classes, long seed) {
        gradCheck(conf, leads, samples, classes, seed, RhythmHead.Options.of(3));
    }

    static void gradCheck(ComputationGraphConfiguration conf, int leads, int samples, int classes, long seed, RhythmHead.Options o) {
        ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(
                RhythmHead.wrap(conf, 5, o).toJson().replace("\"FLOAT\"", "\"DOUBLE\""));
        GradCheck.noUpdater(c);
        ComputationGraph n = new ComputationGraph(c);
        n.init(null, true);
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, leads, samples);
        INDArray r = Nd4j.randn(DataType.DOUBLE, 3, 5);
        assertTrue(GradCheck.check(n, new INDArray[] {x, r}, GradCheck.oneHot(3, classes, seed)));
    }

    @Test
    void gradientCheckTinyWrappedResNet1D() {
        GradCheck.useDouble();
        try {
            gradCheck(new org.ecgbench.models.arch.ResNet1D().configuration(new ModelConfig(1, 12, 3, false,
                    Map.of("widths", List.of(3, 4), "kernel", 3, "stem_kernel", 3, "dropout", 0.0), 3)), 1, 12, 3, 3);
        } finally {
            GradCheck.restoreFloat();
        }
    }

    @Test
    void gradientCheckTinyWrappedCnnBiGruAttention() {
        GradCheck.useDouble();
        try {
            gradCheck(new org.ecgbench.models.arch.CnnBiGruAttention().configuration(new ModelConfig(2, 16, 3, false, Map.of("conv_filters",
                    List.of(3, 4), "conv_kernels", List.of(3, 3), "gru_units", 3, "dense_units", 4, "dropout_conv", 0.0, "dropout_rnn", 0.0,
                    "dropout_dense", 0.0), 5)), 2, 16, 3, 2);
        } finally {
            GradCheck.restoreFloat();
        }
    }

    @Test
    void gradientCheckTinyWrappedHubertEcg() {
        GradCheck.useDouble();
        try {
            gradCheck(new org.ecgbench.models.hubert.HubertEcg().configuration(new ModelConfig(1, 24, 3, false, Map.of("conv_dims", List.of(3, 3),
                    "conv_kernels", List.of(4, 3), "conv_strides", List.of(2, 2), "hidden", 4, "layers", 1, "heads", 2, "ffn", 8, "pos_kernel", 3,
                    "dropout", 0.0), 7)), 1, 24, 3, 4);
        } finally {
            GradCheck.restoreFloat();
        }
    }
}
