package org.ecgbench.models;

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
     * Central-difference gradient check of a whole graph. Batch-norm running statistics ("mean",
     * "var"/"log10stdev") are not trained by gradients (DL4J stores their update in the gradient
     * slot), so they are excluded, as in DL4J's own checks.
     *
     * <p>We do not use DL4J's {@code GradientCheckUtil} for graphs: it maps flat parameter indices
     * to names in {@code paramTable()} order, but the flat vector is laid out in topological order.
     * In a ResNet with a projection shortcut the two orders differ, so it excluded the wrong
     * indices and "checked" batch-norm running statistics as if they were conv weights (numerical
     * gradient 0, analytic = the stored running-stat update). Here every parameter's flat position
     * is read from its view's offset into the flat buffer, which is exact.
     */
    public static boolean check(ComputationGraph net, INDArray x, INDArray y) {
        return check(net, new INDArray[] {x}, y);
    }

    /** As {@link #check(ComputationGraph, INDArray, INDArray)} for a graph with several inputs (in the graph's input order). */
    public static boolean check(ComputationGraph net, INDArray[] xs, INDArray y) {
        INDArray x = xs[0];
        INDArray flat = net.params();
        long n = flat.length();
        boolean[] skip = new boolean[(int) n];
        for (var v : net.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) continue;
            for (var e : v.getLayer().paramTable().entrySet()) {
                String k = e.getKey();
                if (k.equals("mean") || k.equals("var") || k.equals("log10stdev")) {
                    long off = e.getValue().offset() - flat.offset();
                    for (long i = 0; i < e.getValue().length(); i++) skip[(int) (off + i)] = true;
                }
            }
        }
        net.setInputs(xs);
        net.setLabels(y);
        net.computeGradientAndScore();
        // DL4J's gradients are summed over the minibatch (its updater divides by the batch size);
        // the score is the mean, so compare against the per-example mean gradient.
        INDArray analytic = net.gradient().gradient().dup().divi(x.size(0));
        double eps = 1e-6, maxRel = 1e-3, minAbs = 1e-8;
        int failed = 0, checked = 0;
        for (int i = 0; i < n; i++) {
            if (skip[i]) continue;
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + eps);
            net.computeGradientAndScore();
            double plus = net.score();
            flat.putScalar(i, orig - eps);
            net.computeGradientAndScore();
            double minus = net.score();
            flat.putScalar(i, orig);
            double num = (plus - minus) / (2 * eps);
            double an = analytic.getDouble(i);
            double absErr = Math.abs(an - num);
            double rel = (an == 0 && num == 0) ? 0 : absErr / (Math.abs(an) + Math.abs(num));
            checked++;
            if (rel > maxRel && absErr > minAbs) {
                failed++;
                if (failed <= 10) System.out.println("gradient check FAILED at flat index " + i + ": analytic " + an + ", numerical " + num);
            }
        }
        System.out.println("gradient check: " + checked + " parameters checked, " + failed + " failed");
        return failed == 0 && checked > 0;
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
