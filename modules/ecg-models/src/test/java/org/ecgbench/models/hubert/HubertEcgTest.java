package org.ecgbench.models.hubert;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.GradCheck;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * HuBERT-ECG layers and model: gradient checks of every custom layer alone and of the whole
 * fine-tuning and pretraining graphs (double precision), JSON round trip, save/restore, parameter
 * counts, FLOPs and the by-name encoder copy.
 */
class HubertEcgTest {
    @TempDir File tmp;

    @BeforeEach
    void dbl() {
        GradCheck.useDouble();
    }

    @AfterEach
    void flt() {
        GradCheck.restoreFloat();
    }

    /** A small sequence net: in [b, 6, 5] → layer under test (+ qkv for attention) → RnnOutputLayer(3). */
    static ComputationGraphConfiguration seqNet(String kind) {
        var g = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(6, 5));
        String last;
        switch (kind) {
            case "dense" -> {
                g.addLayer("d", new TimeDense.Builder().nOut(7).activation(Activation.GELU).build(), "in");
                last = "d";
            }
            case "ln" -> {
                g.addLayer("ln", new SeqLayerNorm.Builder().build(), "in");
                last = "ln";
            }
            case "attn" -> {
                g.addLayer("qkv", new TimeDense.Builder().nOut(12).activation(Activation.IDENTITY).build(), "in");
                g.addLayer("attn", new MultiHeadAttention.Builder().heads(2).build(), "qkv");
                last = "attn";
            }
            default -> throw new IllegalArgumentException(kind);
        }
        g.addLayer("out", new RnnOutputLayer.Builder(new LossMCXENT()).nOut(3).activation(Activation.SOFTMAX).build(), last);
        return g.setOutputs("out").build();
    }

    static INDArray seqLabels(int n, int k, int t) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, k, t);
        for (int i = 0; i < n; i++) for (int s = 0; s < t; s++) y.putScalar(new int[] {i, (i * 7 + s * 3) % k, s}, 1.0);
        return y;
    }

    static INDArray x(long... shape) {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    static void randomise(ComputationGraph n, long seed) {
        // non-trivial LN gains/biases so that every path matters
        Nd4j.getRandom().setSeed(seed);
        for (var l : n.getLayers()) {
            for (var e : l.paramTable().entrySet()) {
                if (e.getKey().equals("gamma")) l.setParam("gamma", Nd4j.rand(DataType.DOUBLE, e.getValue().shape()).addi(0.5));
                if (e.getKey().equals("beta") || e.getKey().equals("b")) l.setParam(e.getKey(), Nd4j.randn(DataType.DOUBLE, e.getValue().shape()).muli(0.1));
            }
        }
    }

    @Test
    void timeDenseGradientCheck() {
        ComputationGraph n = new ComputationGraph(seqNet("dense"));
        n.init();
        randomise(n, 1);
        assertTrue(GradCheck.check(n, x(4, 6, 5), seqLabels(4, 3, 5)));
    }

    @Test
    void layerNormGradientCheck() {
        ComputationGraph n = new ComputationGraph(seqNet("ln"));
        n.init();
        randomise(n, 2);
        assertTrue(GradCheck.check(n, x(4, 6, 5), seqLabels(4, 3, 5)));
    }

    @Test
    void multiHeadAttentionGradientCheck() {
        ComputationGraph n = new ComputationGraph(seqNet("attn"));
        n.init();
        randomise(n, 3);
        assertTrue(GradCheck.check(n, x(4, 6, 5), seqLabels(4, 3, 5)));
    }

    @Test
    void maskEmbeddingGradientCheck() {
        var c = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in", "mask").setInputTypes(InputType.recurrent(4, 6), InputType.recurrent(1, 6))
                .addLayer("d", new TimeDense.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addVertex("merge", new MergeVertex(), "d", "mask")
                .addLayer("memb", new MaskEmbedding.Builder().build(), "merge")
                .addLayer("out", new RnnOutputLayer.Builder(new LossMCXENT()).nOut(3).activation(Activation.SOFTMAX).build(), "memb")
                .setOutputs("out").build();
        ComputationGraph n = new ComputationGraph(c);
        n.init();
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 3, 1, 6);
        m.putScalar(new int[] {0, 0, 1}, 1);
        m.putScalar(new int[] {1, 0, 2}, 1);
        m.putScalar(new int[] {1, 0, 3}, 1);
        m.putScalar(new int[] {2, 0, 5}, 1);
        INDArray xin = x(3, 4, 6);
        // masked frames of the output equal the mask embedding, others the features
        INDArray act = n.feedForward(new INDArray[] {xin, m}, false).get("memb");
        INDArray emb = n.getLayer("memb").getParam(MaskEmbedding.PARAM);
        INDArray d = n.feedForward(new INDArray[] {xin, m}, false).get("d");
        for (int k = 0; k < 5; k++) {
            assertEquals(emb.getDouble(0, k), act.getDouble(0, k, 1), 1e-12);
            assertEquals(d.getDouble(0, k, 0), act.getDouble(0, k, 0), 1e-12);
        }
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(n).inputs(new INDArray[] {xin, m})
                .labels(new INDArray[] {seqLabels(3, 3, 6)}).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    /** A very small HuBERT-ECG (same graph code as every config) for whole-network checks. */
    static ModelConfig mini(int samples) {
        return mini(samples, 2);
    }

    static ModelConfig mini(int samples, int layers) {
        return new ModelConfig(1, samples, 3, false, Map.of("conv_dims", List.of(3, 3), "conv_kernels", List.of(4, 3), "conv_strides", List.of(2, 2),
                "hidden", 4, "layers", layers, "heads", 2, "ffn", 8, "pos_kernel", 3, "dropout", 0.0), 7);
    }

    static ComputationGraph doubleNet(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(conf.toJson().replace("\"FLOAT\"", "\"DOUBLE\""));
        GradCheck.noUpdater(c);
        ComputationGraph n = new ComputationGraph(c);
        n.init(null, true);
        return n;
    }

    @Test
    void wholeFineTuningNetworkGradientCheck() {
        ComputationGraph n = doubleNet(new HubertEcg().configuration(mini(30, 1)));
        randomise(n, 4);
        // one transformer layer keeps this at a few seconds (M2.1's graph check ignores subset/maxPerParam: every parameter is checked)
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(n).inputs(new INDArray[] {x(3, 1, 30)})
                .labels(new INDArray[] {GradCheck.oneHot(3, 3, 5)}).epsilon(1e-6).maxRelError(1e-3)
                .minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @Test
    void wholePretrainingNetworkGradientCheckWithLabelMask() {
        ModelConfig cfg = mini(30, 1);
        int frames = HubertEcgArch.of(cfg).frames(30);
        assertEquals(6, frames);
        ComputationGraph n = doubleNet(new HubertEcg().pretrainingConfiguration(cfg, 4));
        randomise(n, 5);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 3, 1, frames);
        INDArray lm = Nd4j.zeros(DataType.DOUBLE, 3, frames);
        int[][] masked = {{1, 2, 3}, {0}, {4, 5}};
        for (int i = 0; i < 3; i++) for (int t : masked[i]) {
            m.putScalar(new int[] {i, 0, t}, 1);
            lm.putScalar(i, t, 1);
        }
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(n).inputs(new INDArray[] {x(3, 1, 30), m})
                .labels(new INDArray[] {seqLabels(3, 4, frames)}).labelMask(new INDArray[] {lm})
                .epsilon(1e-6).maxRelError(1e-3)
                .minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }

    @Test
    void labelMaskRestrictsTheLossToMaskedFrames() {
        ModelConfig cfg = mini(30);
        ComputationGraph n = doubleNet(new HubertEcg().pretrainingConfiguration(cfg, 4));
        INDArray xin = x(2, 1, 30);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 2, 1, 6);
        m.putScalar(new int[] {0, 0, 2}, 1);
        m.putScalar(new int[] {1, 0, 4}, 1);
        INDArray lm = m.reshape(2, 6);
        INDArray y1 = seqLabels(2, 4, 6);
        INDArray y2 = y1.dup();
        // change the targets of unmasked frames only: the score must not change
        y2.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(Nd4j.create(new double[] {0, 0, 0, 1}));
        var ds1 = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {xin, m}, new INDArray[] {y1}, null, new INDArray[] {lm});
        var ds2 = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {xin, m}, new INDArray[] {y2}, null, new INDArray[] {lm});
        assertEquals(n.score(ds1, false), n.score(ds2, false), 1e-12);
    }

    @Test
    void jsonRoundTripAndSaveRestore() throws Exception {
        ComputationGraphConfiguration c = new HubertEcg().pretrainingConfiguration(mini(30), 4);
        String json = c.toJson();
        for (String cls : List.of("TimeDense", "SeqLayerNorm", "MultiHeadAttention", "MaskEmbedding")) assertTrue(json.contains(cls), cls);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(json, back.toJson());
        MultiHeadAttention att = (MultiHeadAttention) ((LayerVertex) back.getVertices().get("L1_attn")).getLayerConf().getLayer();
        assertEquals(2, att.getHeads());
        SeqLayerNorm ln = (SeqLayerNorm) ((LayerVertex) back.getVertices().get("enc_ln")).getLayerConf().getLayer();
        assertEquals(1e-5, ln.getEps());
        ComputationGraph n = new ComputationGraph(c);
        n.init();
        INDArray xin = x(2, 1, 30);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 2, 1, 6);
        m.putScalar(new int[] {1, 0, 3}, 1);
        INDArray before = n.output(xin, m)[0];
        File f = new File(tmp, "m.zip");
        ModelSerializer.writeModel(n, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(before, r.output(xin, m)[0]);
        assertEquals(n.params(), r.params());
    }

    @Test
    void encoderCopiedByNameHeadFresh() {
        GradCheck.restoreFloat();
        ModelConfig cfg = ModelConfig.of(1, 360, 4);
        HubertEcg h = new HubertEcg();
        ComputationGraph pre = h.buildPretraining(cfg, 16);
        pre.params().addi(0.01); // make it differ from any fresh init
        ComputationGraph fine = h.build(cfg.withSeed(99));
        INDArray outBefore = fine.getLayer("output").params().dup();
        List<String> copied = HubertEcg.copyEncoder(pre, fine);
        assertTrue(copied.contains("fe_conv1") && copied.contains("L2_ffn2") && copied.contains("pos_conv") && copied.contains("enc_ln"));
        assertFalse(copied.contains("output"));
        assertFalse(copied.contains(HubertEcg.CLUSTER_OUTPUT));
        for (String l : copied) assertEquals(pre.getLayer(l).params(), fine.getLayer(l).params(), l);
        assertEquals(outBefore, fine.getLayer("output").params());
        long encoder = 0;
        for (String l : copied) encoder += fine.getLayer(l).numParams();
        assertEquals(fine.numParams() - fine.getLayer("output").numParams(), encoder);
    }

    /** Parameter count from the configuration alone (no weights allocated: works for base). */
    static long countParams(ComputationGraphConfiguration c) {
        long n = 0;
        for (var v : c.getVertices().values()) {
            if (v instanceof LayerVertex lv) n += lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf());
        }
        return n;
    }

    @Test
    void configsParameterCountsAndFlops() {
        GradCheck.restoreFloat();
        HubertEcg h = (HubertEcg) ModelRegistry.DEFAULT.get("hubert_ecg");
        ModelConfig tiny = new ModelConfig(1, 360, 4, false, Map.of("config", "tiny"), 42);
        ComputationGraph net = h.build(tiny);
        // conv 320 + 3072 + 3072; fe_ln 64; proj 32*64+64; pos 7*64+64; enc_ln 128;
        // per layer: qkv 64*192+192, attn 64*64+64, ln 128, ffn 64*256+256, 256*64+64, ln 128; head 64*4+4
        long perLayer = (64 * 192 + 192) + (64 * 64 + 64) + 128 + (64 * 256 + 256) + (256 * 64 + 64) + 128;
        long expected = 320 + 3072 + 3072 + 64 + (32 * 64 + 64) + (7 * 64 + 64) + 128 + 2 * perLayer + 260;
        assertEquals(expected, net.numParams());
        assertEquals(expected, countParams(h.configuration(tiny)));
        long flops = h.flops(tiny);
        // attention, feed-forward and projections are counted (FlopsAware): well above the convolutions alone
        long convOnly = 2L * 10 * 32 * 71 + 2L * 3 * 32 * 32 * 35 + 2L * 3 * 32 * 32 * 17;
        assertTrue(flops > convOnly + 2L * 2 * 2 * 64 * 256 * 17, "flops " + flops);
        ModelConfig small = new ModelConfig(1, 5000, 4, false, Map.of("config", "small"), 42);
        ModelConfig base = new ModelConfig(1, 5000, 4, false, Map.of("config", "base"), 42);
        long ps = countParams(h.configuration(small)), pb = countParams(h.configuration(base));
        System.out.printf("hubert_ecg params: tiny %,d (%.2f MFLOPs @360), small %,d (%.1f MFLOPs @5000), base %,d (%.1f MFLOPs @5000)%n",
                expected, flops / 1e6, ps, h.flops(small) / 1e6, pb, h.flops(base) / 1e6);
        assertTrue(ps > 20_000_000 && ps < 40_000_000, "small " + ps);
        assertTrue(pb > 80_000_000 && pb < 100_000_000, "base " + pb);
        assertEquals(15, HubertEcgArch.of(base).frames(5000));
        assertThrows(IllegalArgumentException.class, () -> h.configuration(new ModelConfig(1, 360, 4, false, Map.of("config", "base"), 1)));
        assertThrows(IllegalArgumentException.class, () -> h.configuration(new ModelConfig(1, 360, 4, false, Map.of("config", "huge"), 1)));
    }

    @Test
    void frameGeometryOfTiny() {
        HubertEcgArch a = HubertEcgArch.of(ModelConfig.of(1, 360, 4));
        assertEquals(17, a.frames(360));
        assertEquals(20, a.frameStride());
        assertEquals(40, a.receptiveField());
    }
}
