package org.ecgbench.models;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared helpers for gradient checks (double precision, as DL4J requires). */
public final class GradCheck {
    private GradCheck() {}

    public static void useDouble() {
        Backend.init();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    public static void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * Batch-norm running statistics ("mean", "var"/"log10stdev") are not trained by gradients: DL4J
     * stores their update in the gradient slot, so they are excluded, as in DL4J's own checks.
     */
    public static boolean check(ComputationGraph net, INDArray x, INDArray y) {
        java.util.Set<String> exclude = new java.util.HashSet<>();
        for (String k : net.paramTable().keySet()) {
            if (k.endsWith("_mean") || k.endsWith("_var") || k.endsWith("_log10stdev")) exclude.add(k);
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).excludeParams(exclude).inputs(new INDArray[] {x})
                .labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    /** Gradient checks need plain gradients: replace every layer's updater by NoOp (inside wrappers too). */
    public static void noUpdater(org.deeplearning4j.nn.conf.ComputationGraphConfiguration c) {
        for (var v : c.getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) setNoOp(lv.getLayerConf().getLayer());
        }
    }

    private static void setNoOp(org.deeplearning4j.nn.conf.layers.Layer l) {
        if (l instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b) {
            setNoOp(b.getFwd());
            setNoOp(b.getBwd());
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) {
            bl.setIUpdater(new org.nd4j.linalg.learning.config.NoOp());
            bl.setBiasUpdater(null);
        }
    }

    public static INDArray oneHot(int n, int k, long seed) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, k);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) y.putScalar(i, r.nextInt(k), 1.0);
        return y;
    }
}
