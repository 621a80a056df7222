package org.ecgbench.onnx;

import static org.ecgbench.onnx.OnnxGraph.attr;
import static org.ecgbench.onnx.OnnxGraph.attrInts;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.ecgbench.models.ecgencode.PermuteVertex;
import org.ecgbench.models.hubert.MultiHeadAttention;
import org.ecgbench.models.hubert.SeqLayerNorm;
import org.ecgbench.models.hubert.TimeDense;
import org.ecgbench.models.layers.AttentionPooling;
import org.ecgbench.models.layers.GRU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Converters for ecgbench's own layers and vertices (module ecg-models): the GRU (Keras
 * {@code reset_after=True} = ONNX GRU with {@code linear_before_reset=1}), additive attention pooling,
 * HuBERT-ECG's per-frame dense layer, layer norm and multi-head self-attention, and ECGencode's
 * permute vertex. The training-only regularisers (spatial Gaussian noise, dropout) are identities at
 * inference and produce no nodes.
 */
public final class EcgbenchConverters {
    private EcgbenchConverters() {}

    static void registerAll(ConverterRegistry r) {
        r.layer(GRU.class, (g, n) -> StandardConverters.recurrent(g, n, n.conf(), ""));
        r.layer(AttentionPooling.class, EcgbenchConverters::attentionPooling);
        r.layer(TimeDense.class, EcgbenchConverters::timeDense);
        r.layer(SeqLayerNorm.class, EcgbenchConverters::layerNorm);
        r.layer(MultiHeadAttention.class, EcgbenchConverters::multiHeadAttention);
        r.vertex(PermuteVertex.class, EcgbenchConverters::permute);
    }

    /** GRU params W [nIn,3H], RW [H,3H] (gate blocks z, r, n = ONNX z, r, h), b [1,6H] = [Wb; Rb]: ONNX's layout transposed. */
    static StandardConverters.RnnWeights gruWeights(LayerNode n, GRU gru, String prefix) {
        // GRULayer hard-codes sigmoid gates and a tanh candidate (its configured activation is not used): ONNX's defaults
        INDArray w = n.param(prefix + "W"), rw = n.param(prefix + "RW"), b = n.param(prefix + "b");
        long h = rw.size(0), nIn = w.size(0);
        return new StandardConverters.RnnWeights(OnnxGraph.toFloats(w.transpose()), OnnxGraph.toFloats(rw.transpose()), OnnxGraph.toFloats(b),
                3, h, nIn);
    }

    private static void requireRnn(LayerNode n) {
        if (!(n.inputType() instanceof InputType.InputTypeRecurrent)) {
            throw StandardConverters.unsupported(n, "input type " + n.inputType() + " (expected recurrent [batch, features, time])");
        }
    }

    /** score_t = tanh(w·h_t + b), α = softmax_t(score), out = Σ_t α_t h_t: [b, F, T] → [b, F]. */
    static String attentionPooling(OnnxGraph g, LayerNode n) {
        requireRnn(n);
        INDArray w = n.param("W");
        long f = w.length();
        String xt = g.op("Transpose", n.name() + "_btf", List.of(n.input()), attrInts("perm", 0, 2, 1));
        String s = g.op("MatMul", n.name() + "_score", List.of(xt, g.floats(n.name() + "_W", w, f, 1)));
        s = g.op("Add", n.name() + "_score_b", List.of(s, g.floats(n.name() + "_b", n.param("b"), 1)));
        s = g.op("Tanh", n.name() + "_tanh", List.of(s));
        String alpha = g.op("Softmax", n.name() + "_alpha", List.of(s), attr("axis", 1L)); // over T in [b, T, 1]
        String ctx = g.op("MatMul", n.name() + "_ctx", List.of(n.input(), alpha));     // [b, F, 1]
        return g.op("Squeeze", n.name(), List.of(ctx, g.ints(n.name() + "_sq", 2)));
    }

    /** Per-frame dense layer = 1-D convolution with kernel 1 over [b, nIn, T]. */
    static String timeDense(OnnxGraph g, LayerNode n) {
        requireRnn(n);
        TimeDense d = (TimeDense) n.conf();
        String y = frameLinear(g, n.name(), n.input(), n.param("W"), n.param("b"));
        return Activations.apply(g, n.name() + "_act", d.getActivationFn(), y, 1);
    }

    /** y[b, o, t] = Σ_i W[i, o] x[b, i, t] + b[o] as Conv1D kernel 1. */
    private static String frameLinear(OnnxGraph g, String name, String x, INDArray w, INDArray b) {
        long nIn = w.size(0), nOut = w.size(1);
        List<String> ins = new ArrayList<>(List.of(x, g.floats(name + "_W", w.transpose(), nOut, nIn, 1)));
        if (b != null) ins.add(g.floats(name + "_B", b, nOut));
        return g.op("Conv", name, ins, attrInts("kernel_shape", 1L));
    }

    /** Layer norm over the feature axis of [b, C, T] (biased variance), opset-13 primitives. */
    static String layerNorm(OnnxGraph g, LayerNode n) {
        requireRnn(n);
        SeqLayerNorm ln = (SeqLayerNorm) n.conf();
        long c = n.param("gamma").length();
        String mean = g.op("ReduceMean", n.name() + "_mean", List.of(n.input()), attrInts("axes", 1L), attr("keepdims", 1L));
        String xc = g.op("Sub", n.name() + "_xc", List.of(n.input(), mean));
        String var = g.op("ReduceMean", n.name() + "_var", List.of(g.op("Mul", n.name() + "_sq", List.of(xc, xc))), attrInts("axes", 1L),
                attr("keepdims", 1L));
        String std = g.op("Sqrt", n.name() + "_std", List.of(g.op("Add", n.name() + "_vareps", List.of(var, g.scalar(n.name() + "_eps",
                (float) ln.getEps())))));
        String xhat = g.op("Div", n.name() + "_xhat", List.of(xc, std));
        String y = g.op("Mul", n.name() + "_scaled", List.of(xhat, g.floats(n.name() + "_gamma", n.param("gamma"), 1, c, 1)));
        return g.op("Add", n.name(), List.of(y, g.floats(n.name() + "_beta", n.param("beta"), 1, c, 1)));
    }

    /**
     * Multi-head self-attention on the [Q; K; V] projection [b, 3H, T]: per head softmax(Q Kᵀ / √d) V,
     * heads concatenated (feature index head·d + k), then the output projection W [H, H] + b.
     */
    static String multiHeadAttention(OnnxGraph g, LayerNode n) {
        requireRnn(n);
        MultiHeadAttention m = (MultiHeadAttention) n.conf();
        long h = n.param("W").size(0);
        long heads = m.getHeads(), d = h / heads;
        String nm = n.name();
        // [b, 3H, T] -> [b, 3, heads, d, T] -> [3, b, heads, T, d]
        String x5 = g.op("Reshape", nm + "_split", List.of(n.input(), g.ints(nm + "_split_shape", 0, 3, heads, d, -1)));
        String xt = g.op("Transpose", nm + "_qkv", List.of(x5), attrInts("perm", 1, 0, 2, 4, 3));
        String q = g.op("Gather", nm + "_q", List.of(xt, g.ints(nm + "_i0", 0)), attr("axis", 0L));
        String k = g.op("Gather", nm + "_k", List.of(xt, g.ints(nm + "_i1", 1)), attr("axis", 0L));
        String v = g.op("Gather", nm + "_v", List.of(xt, g.ints(nm + "_i2", 2)), attr("axis", 0L));
        // each [1, b, heads, T, d]
        q = g.op("Squeeze", nm + "_q0", List.of(q, g.ints(nm + "_a0q", 0)));
        k = g.op("Squeeze", nm + "_k0", List.of(k, g.ints(nm + "_a0k", 0)));
        v = g.op("Squeeze", nm + "_v0", List.of(v, g.ints(nm + "_a0v", 0)));
        String kt = g.op("Transpose", nm + "_kt", List.of(k), attrInts("perm", 0, 1, 3, 2)); // [b, heads, d, T]
        String s = g.op("MatMul", nm + "_scores", List.of(q, kt));                       // [b, heads, T, T]
        s = g.op("Mul", nm + "_scaled", List.of(s, g.scalar(nm + "_scale", (float) (1.0 / Math.sqrt(d)))));
        String p = g.op("Softmax", nm + "_probs", List.of(s), attr("axis", -1L));
        String ctx = g.op("MatMul", nm + "_ctx", List.of(p, v));                          // [b, heads, T, d]
        ctx = g.op("Transpose", nm + "_ctx_t", List.of(ctx), attrInts("perm", 0, 1, 3, 2));   // [b, heads, d, T]
        ctx = g.op("Reshape", nm + "_ctx_seq", List.of(ctx, g.ints(nm + "_ctx_shape", 0, h, -1)));
        return frameLinear(g, nm, ctx, n.param("W"), n.param("b"));
    }

    static String permute(OnnxGraph g, String name, GraphVertex v, List<String> in, List<InputType> types) {
        int[] p = ((PermuteVertex) v).permutation();
        return g.op("Transpose", name, List.of(in.get(0)), attrInts("perm", 0, p[0], p[1], p[2]));
    }
}
