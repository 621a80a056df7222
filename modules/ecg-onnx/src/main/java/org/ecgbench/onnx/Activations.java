package org.ecgbench.onnx;

import static org.ecgbench.onnx.OnnxGraph.attr;

import java.util.List;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * DL4J activation functions as ONNX opset-13 nodes. GELU has no opset-13 operator: DL4J's default
 * (non-precise) GELU is {@code x·σ(1.702x)} and becomes Mul(x, Sigmoid(Mul(x, 1.702))); the precise
 * variant becomes the tanh form {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}.
 */
public final class Activations {
    private Activations() {}

    /**
     * Applies {@code act} to tensor {@code x}; {@code softmaxAxis} is the class axis for softmax
     * (1 for [batch, classes]). Returns {@code x} itself for the identity.
     */
    public static String apply(OnnxGraph g, String hint, IActivation act, String x, long softmaxAxis) {
        if (act == null || act instanceof ActivationIdentity) return x;
        if (act instanceof ActivationReLU r) {
            boolean plain = (r.getMax() == null || r.getMax() == 0) && (r.getThreshold() == null || r.getThreshold() == 0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
            if (!plain) throw unsupported(hint, act, "ReLU with max/threshold/negative slope");
            return g.op("Relu", hint, List.of(x));
        }
        if (act instanceof ActivationSigmoid) return g.op("Sigmoid", hint, List.of(x));
        if (act instanceof ActivationTanH) return g.op("Tanh", hint, List.of(x));
        if (act instanceof ActivationELU e) return g.op("Elu", hint, List.of(x), attr("alpha", (float) e.getAlpha()));
        if (act instanceof ActivationLReLU l) return g.op("LeakyRelu", hint, List.of(x), attr("alpha", (float) l.getAlpha()));
        if (act instanceof ActivationSoftPlus) return g.op("Softplus", hint, List.of(x));
        if (act instanceof ActivationHardSigmoid) {
            // DL4J/libnd4j hard sigmoid: clip(0.2x + 0.5, 0, 1), the ONNX defaults
            return g.op("HardSigmoid", hint, List.of(x), attr("alpha", 0.2f), attr("beta", 0.5f));
        }
        if (act instanceof ActivationSoftmax) return g.op("Softmax", hint, List.of(x), attr("axis", softmaxAxis));
        if (act instanceof ActivationGELU ge) return gelu(g, hint, x, ge.isPrecise());
        throw unsupported(hint, act, act.getClass().getName());
    }

    /** GELU as DL4J computes it (see class comment). */
    public static String gelu(OnnxGraph g, String hint, String x, boolean precise) {
        if (!precise) {
            String k = g.scalar(hint + "_gelu_k", 1.702f);
            String s = g.op("Sigmoid", hint + "_gelu_sig", List.of(g.op("Mul", hint + "_gelu_kx", List.of(x, k))));
            return g.op("Mul", hint, List.of(x, s));
        }
        String x3 = g.op("Mul", hint + "_gelu_x3", List.of(g.op("Mul", hint + "_gelu_x2", List.of(x, x)), x));
        String inner = g.op("Add", hint + "_gelu_in", List.of(x, g.op("Mul", hint + "_gelu_c", List.of(x3, g.scalar(hint + "_gelu_a", 0.044715f)))));
        String t = g.op("Tanh", hint + "_gelu_tanh",
                List.of(g.op("Mul", hint + "_gelu_s", List.of(inner, g.scalar(hint + "_gelu_b", (float) Math.sqrt(2 / Math.PI))))));
        String onePlus = g.op("Add", hint + "_gelu_1p", List.of(t, g.scalar(hint + "_gelu_one", 1f)));
        return g.op("Mul", hint, List.of(g.op("Mul", hint + "_gelu_hx", List.of(x, g.scalar(hint + "_gelu_half", 0.5f))), onePlus));
    }

    private static UnsupportedOperationException unsupported(String where, IActivation act, String what) {
        return new UnsupportedOperationException("ONNX export: activation " + act + " (" + what + ") in '" + where + "' has no converter");
    }
}
