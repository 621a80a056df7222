package org.ecgbench.models.ecgencode;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class EcgEncodeTrainingTest {

    @BeforeAll
    static void init() { Backend.init(); }

    /** A tiny ECGencode configuration (3 leads x 32 samples) without training-only noise. */
    static Map<String, Object> tinyParams() {
        Map<String, Object> p = new HashMap<>();
        p.put("temporal_kernels", List.of(4, 8));
        p.put("temporal_filters", 2);
        p.put("temporal_stride", 2);
        p.put("augmented_leads", 2);
        p.put("f1_kernel", 3);
        p.put("f1_stride", 2);
        p.put("f1_depth_multiplier", 1);
        p.put("f1_filters", 3);
        p.put("f2_kernel", 2);
        p.put("f2_stride", 2);
        p.put("f2_depth_multiplier", 2);
        p.put("f2_filters", 2);
        p.put("spatial_dropout", 0.0);
        p.put("noise_probability", 0.0);
        p.put("lstm_units", 3);
        return p;
    }

    private static INDArray oneHot(int n, int classes, long seed) {
        java.util.Random r = new java.util.Random(seed);
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, classes);
        for (int i = 0; i < n; i++) y.putScalar(i, r.nextInt(classes), 1.0);
        return y;
    }

    private static INDArray multiHot(int n, int classes, long seed) {
        java.util.Random r = new java.util.Random(seed);
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, classes);
        for (int i = 0; i < n; i++) for (int c = 0; c < classes; c++) if (r.nextBoolean()) y.putScalar(i, c, 1.0);
        return y;
    }

    /** Gradient checks need plain gradients: replace every layer's updater (wrapped layers too) by NoOp. */
    static ComputationGraph noOpUpdaters(ComputationGraph net) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer c = l.conf().getLayer();
            while (c instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer w) c = w.getUnderlying();
            if (c instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b) b.setIUpdater(new org.nd4j.linalg.learning.config.NoOp());
        }
        return net;
    }

    /** BN running mean / log10(stdev) are updated statistics, not trained parameters: no gradient to check. */
    static java.util.Set<String> runningStats(ComputationGraph net) {
        java.util.Set<String> s = new java.util.HashSet<>();
        for (String k : net.paramTable().keySet()) if (k.endsWith("_mean") || k.endsWith("_log10stdev") || k.endsWith("_var")) s.add(k);
        assertFalse(s.isEmpty());
        return s;
    }

    @Test
    void gradientCheckTinyEncoderBothHeads() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Map<String, Object> p = tinyParams();
            Map<String, Object> p1 = new HashMap<>(p);
            p1.remove("lstm_units");
            ModelConfig c1 = new ModelConfig(3, 32, 3, false, p1, 1);
            ComputationGraph m1 = noOpUpdaters(EcgEncodeModels.model1().build(c1));
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 3, 32);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(m1)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {oneHot(4, 3, 2)})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .excludeParams(runningStats(m1)).subset(true).maxPerParam(6)), "model 1 gradient check");

            ModelConfig c2 = new ModelConfig(3, 32, 4, true, p, 1);
            ComputationGraph m2 = noOpUpdaters(EcgEncodeModels.model2().build(c2));
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(m2)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {multiHot(4, 4, 3)})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .excludeParams(runningStats(m2)).subset(true).maxPerParam(4)), "model 2 gradient check");
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    private static void trainSaveRestore(ModelBuilder b, ModelConfig cfg, INDArray y, Path dir) throws Exception {
        ComputationGraph net = b.build(cfg);
        Nd4j.getRandom().setSeed(cfg.seed());
        INDArray x = Nd4j.randn(DataType.FLOAT, y.rows(), cfg.leads(), cfg.samples());
        INDArray before = net.params().dup();
        for (int i = 0; i < 3; i++) {
            net.fit(new MultiDataSet(x, y));
            assertTrue(Double.isFinite(net.score()), b.name() + " score after step " + i + ": " + net.score());
        }
        assertFalse(net.params().isNaN().any(), "NaN parameters in " + b.name());
        assertNotEquals(before, net.params(), "training changed nothing in " + b.name());
        INDArray out = net.outputSingle(x);
        assertArrayEquals(new long[] {y.rows(), cfg.numClasses()}, out.shape());
        assertFalse(out.isNaN().any());
        File f = dir.resolve(b.name() + ".zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(out, r.outputSingle(x), b.name() + ": restored model gives different outputs");
        assertEquals(net.getConfiguration(), r.getConfiguration());
    }

    @Test
    void model1TrainsAndRestores(@TempDir Path dir) throws Exception {
        trainSaveRestore(EcgEncodeModels.model1(), ModelConfig.of(12, 500, 2), oneHot(4, 2, 4), dir);
    }

    @Test
    void model2TrainsAndRestores(@TempDir Path dir) throws Exception {
        trainSaveRestore(EcgEncodeModels.model2(), ModelConfig.of(12, 500, 7).withMultiLabel(true), multiHot(4, 7, 5), dir);
    }

    @Test
    void singleLeadBeatAdaptationBuildsAndTrains(@TempDir Path dir) throws Exception {
        // MIT-BIH beats: 1 lead, 360 samples, 5 classes; paper defaults (kernels up to 1024 > 360 still work with 'same' padding)
        ModelConfig cfg = ModelConfig.of(1, 360, 5).withParams(Map.of("class_weights", List.of(1.0, 2.0, 2.0, 3.0, 5.0)));
        assertArrayEquals(new int[] {4, 3, 4}, EcgEncodeConfig.model1().latentShape(360));
        ComputationGraph net = EcgEncodeModels.model1().build(cfg);
        assertEquals(6212, EcgEncodeModelsTest.encoderParams(net));
        assertEquals(6212 + 4 * 3 * 4 * 5 + 5, net.numParams());
        trainSaveRestore(EcgEncodeModels.model1(), cfg, oneHot(6, 5, 6), dir);
    }

    @Test
    void flopsFollowThePaperFormulas() {
        // temporal 2*(16+64+256+1024)*12*625*4 = 81,600,000; spatial 2*12*625*16*4 = 960,000;
        // f1 2*32*4*79*16 + 2*16*4*79*4 = 364,032; f2 2*8*4*40*4 + 2*4*4*40*4 = 15,360; dense 2*640*2 + 2 = 2,562
        long m1 = EcgEncodeModels.model1().flops(ModelConfig.of(12, 5000, 2));
        assertEquals(82_941_954L, m1);
        assertEquals(83e6, m1, 0.01 * 83e6);
        assertTrue(EcgEncodeModels.model2().flops(ModelConfig.of(12, 5000, 71).withMultiLabel(true)) > m1);
    }

    @Test
    void leadAxisBatchNormHasOneFeaturePerLead() {
        ComputationGraph net = EcgEncodeModels.model1().build(ModelConfig.of(12, 1000, 2));
        assertEquals(12, net.getParam("enc_lead_bn_gamma").length());
        assertEquals(16, net.getParam("enc_f1_bn_gamma").length());
        assertEquals(4, net.getParam("enc_f2_bn_gamma").length());
        // spatial depthwise conv: one [12 x 1] kernel per (temporal channel, augmented lead), no bias
        assertEquals(12 * 16 * 4, net.getLayer("enc_spatial").numParams());
    }

    @Test
    void registryAndParameterValidation() {
        assertSame(EcgEncodeModels.Model1.class, ModelRegistry.DEFAULT.get("ecgencode_m1").getClass());
        assertSame(EcgEncodeModels.Model2.class, ModelRegistry.DEFAULT.get("ecgencode_m2").getClass());
        ModelBuilder m1 = EcgEncodeModels.model1();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m1.build(ModelConfig.of(12, 1000, 2).withParams(Map.of("lstm_units", 3))));
        assertTrue(e.getMessage().contains("lstm_units"));
        e = assertThrows(IllegalArgumentException.class,
                () -> m1.build(ModelConfig.of(12, 1000, 2).withParams(Map.of("f1_stride", 0))));
        assertTrue(e.getMessage().contains("f1_stride"));
        assertTrue(m1.parameterKeys().containsAll(EcgEncodeConfig.KEYS));
    }
}
