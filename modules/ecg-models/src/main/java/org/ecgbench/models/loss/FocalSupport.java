package org.ecgbench.models.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Shared checks and array helpers for the focal losses (package-private). */
final class FocalSupport {
    private FocalSupport() {}

    static void checkGamma(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("focal loss: gamma must be a finite number >= 0, got " + gamma);
        }
    }

    static void checkEps(double eps) {
        if (!(eps > 0 && eps < 0.5)) {
            throw new IllegalArgumentException("focal loss: clipEps must be in (0, 0.5), got " + eps);
        }
    }

    static double[] checkNonNegative(String what, double[] v) {
        if (v == null) return null;
        if (v.length == 0) throw new IllegalArgumentException("focal loss: " + what + " must not be empty");
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException("focal loss: " + what + "[" + i + "] must be a finite number >= 0, got " + v[i]);
            }
        }
        return v.clone();
    }

    static void checkShapes(String loss, INDArray labels, INDArray preOutput, double[]... perClass) {
        if (labels.rank() != 2 || preOutput.rank() != 2) {
            throw new IllegalArgumentException(loss + ": labels and network outputs must be rank 2 [batch, classes], got labels "
                    + java.util.Arrays.toString(labels.shape()) + ", outputs " + java.util.Arrays.toString(preOutput.shape()));
        }
        if (!java.util.Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException(loss + ": labels shape " + java.util.Arrays.toString(labels.shape())
                    + " differs from outputs shape " + java.util.Arrays.toString(preOutput.shape()));
        }
        for (double[] v : perClass) {
            if (v != null && v.length != preOutput.size(1)) {
                throw new IllegalArgumentException(loss + ": " + v.length + " per-class weights given but the output has "
                        + preOutput.size(1) + " classes");
            }
        }
    }

    /** Row vector [1, n] in the given data type. */
    static INDArray row(double[] v, INDArray like) {
        return Nd4j.createFromArray(v).castTo(like.dataType()).reshape(1, v.length);
    }

    /** Activation output, clipped into [eps, 1-eps]. */
    static INDArray probabilities(INDArray preOutput, IActivation act, double eps) {
        INDArray p = act.getActivation(preOutput.dup(), true);
        return Transforms.min(Transforms.max(p, eps, false), 1.0 - eps, false);
    }

    /** x^e elementwise, with x^0 == 1 (also for x == 0). */
    static INDArray pow(INDArray x, double e) {
        if (e == 0.0) return Nd4j.onesLike(x);
        if (e == 1.0) return x.dup();
        return Transforms.pow(x, e, true);
    }

    static double reduce(INDArray scoreArr, boolean average) {
        double s = scoreArr.sumNumber().doubleValue();
        return average ? s / scoreArr.size(0) : s;
    }

    static INDArray maskAndBackprop(INDArray preOutput, INDArray dLdp, IActivation act, INDArray mask) {
        INDArray grad = act.backprop(preOutput.dup(), dLdp).getFirst();
        if (mask != null) LossUtil.applyMask(grad, mask);
        return grad;
    }
}
