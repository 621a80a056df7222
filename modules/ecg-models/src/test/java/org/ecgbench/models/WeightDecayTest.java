package org.ecgbench.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * training.weight_decay (builder parameters weight_decay / weight_decay_mode, applied by the builder preamble) really
 * shrinks layer weights during fit, leaves batch-norm
 * parameters alone, covers the custom GRU layer, and survives the JSON round trip that checkpoints use.
 */
class WeightDecayTest {
    static ComputationGraph net(String model) {
        return net(model, 0.0, "decoupled");
    }

    static ComputationGraph net(String model, double decay, String mode) {
        Backend.init();
        ModelBuilder b = ModelRegistry.DEFAULT.get(model);
        return b.build(ModelConfig.of(1, 64, 3).withParams(java.util.Map.of(WeightDecay.VALUE, decay, WeightDecay.MODE, mode)));
    }

    /** Names of the layers whose configuration carries a regularization. */
    static List<String> decayedLayers(ComputationGraph g) {
        List<String> out = new java.util.ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            var c = l.conf().getLayer();
            if (c instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b) c = b.getFwd();
            if (c instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl && bl.getRegularization() != null
                    && !bl.getRegularization().isEmpty() && l.numParams() > 0) out.add(c.getLayerName() != null ? l.conf().getLayer().getLayerName() : "?");
        }
        return out;
    }

    static DataSet batch() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 1, 64);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 3, 1f);
        return new DataSet(x, y);
    }

    @Test
    void decoupledDecayShrinksWeightsButNotBatchNorm() throws Exception {
        ComputationGraph plain = net("resnet1d"), decayed = net("resnet1d", 0.9, "decoupled");
        assertEquals(plain.params(), decayed.params(), "same seed, same start");
        List<String> layers = decayedLayers(decayed);
        assertTrue(layers.contains("stem_conv") && layers.stream().noneMatch(l -> l.contains("bn")), layers.toString());
        assertEquals(1e-3, ((org.nd4j.linalg.learning.config.Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer) decayed.getLayer("stem_conv").conf()
                .getLayer()).getIUpdater()).getLearningRate(), 1e-12, "the expected shrink below assumes lr 1e-3");
        DataSet d = batch();
        for (int i = 0; i < 20; i++) {
            plain.fit(d);
            decayed.fit(d);
        }
        double wPlain = plain.getParam("stem_conv_W").norm2Number().doubleValue();
        double wDecayed = decayed.getParam("stem_conv_W").norm2Number().doubleValue();
        assertTrue(wDecayed < 0.995 * wPlain, "decayed " + wDecayed + " vs plain " + wPlain + " (lr x decay x steps = 1e-3 x 0.9 x 20 = 1.8 %)");
        String bn = plain.paramTable().keySet().stream().filter(k -> k.contains("bn") && k.endsWith("_gamma")).findFirst().orElseThrow();
        assertEquals(plain.getParam(bn).norm2Number().doubleValue(), decayed.getParam(bn).norm2Number().doubleValue(), 0.05,
                "batch-norm gamma is not decayed (only moved by the slightly different gradients)");
        ComputationGraph back = ComputationGraph.load(toFile(decayed), false);
        assertTrue(back.getConfiguration().toJson().contains("WeightDecay"), "the decay is part of the saved configuration");
    }

    @Test
    void l2ModeAndTheCustomGruLayerAreCovered() {
        ComputationGraph plain = net("cnn_bigru_attention"), decayed = net("cnn_bigru_attention", 0.5, "l2");
        List<String> layers = decayedLayers(decayed);
        String gru = layers.stream().filter(l -> l.toLowerCase().contains("gru")).findFirst().orElseThrow(() -> new AssertionError(layers.toString()));
        DataSet d = batch();
        for (int i = 0; i < 3; i++) {
            plain.fit(d);
            decayed.fit(d);
        }
        String w = decayed.paramTable().keySet().stream().filter(k -> k.startsWith(gru + "_") && k.endsWith("fW")).findFirst()
                .orElseThrow(() -> new AssertionError(decayed.paramTable().keySet().toString()));
        assertTrue(decayed.getParam(w).norm2Number().doubleValue() < 0.999 * plain.getParam(w).norm2Number().doubleValue(),
                w + " shrinks under L2");
        assertTrue(decayedLayers(net("resnet1d", 0.0, "l2")).isEmpty(), "0 = off");
    }

    static java.io.File toFile(ComputationGraph g) {
        try {
            java.io.File f = java.io.File.createTempFile("weightdecay", ".zip");
            f.deleteOnExit();
            org.deeplearning4j.util.ModelSerializer.writeModel(g, f, false);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
