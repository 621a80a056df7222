package org.ecgbench.experiments.explain;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A "loss" whose gradient is minus the gradient of the explained score, so that DL4J's ordinary backpropagation
 * delivers {@code ∂f/∂x} (with the sign flipped). The output layer it sits on has its activation replaced by the
 * identity (see {@link ScoreGraph}), so {@code preOutput} holds the logits {@code z}; {@code labels} are one-hot rows
 * selecting the target class {@code t} of each example. The explained score is
 * <ul>
 *   <li>{@link Target#LOGIT}: {@code f = z_t};</li>
 *   <li>{@link Target#PROBABILITY}: {@code f = softmax(z)_t} (softmax models) or {@code f = sigmoid(z_t)} (multi-label
 *       sigmoid models).</li>
 * </ul>
 * The score returned to DL4J is {@code −Σ f} (never used for training).
 */
public final class TargetScoreLoss implements ILossFunction {
    /** What the explanation explains. */
    public enum Target { LOGIT, PROBABILITY }

    private final Target target;
    private final boolean sigmoid;

    /**
     * @param target  the explained score
     * @param sigmoid true when the model's real output activation is a sigmoid (multi-label), false for softmax
     */
    public TargetScoreLoss(Target target, boolean sigmoid) {
        this.target = target;
        this.sigmoid = sigmoid;
    }

    public Target target() { return target; }

    /** The explained score of every row of logits {@code z} for the one-hot {@code labels}: {@code [batch, 1]}. */
    INDArray score(INDArray labels, INDArray z) {
        if (target == Target.LOGIT) return z.mul(labels).sum(true, 1);
        INDArray p = sigmoid ? Transforms.sigmoid(z, true) : Transforms.softmax(z, true);
        return p.muli(labels).sum(true, 1);
    }

    /** {@code −∂f/∂z} for every row. */
    private INDArray grad(INDArray labels, INDArray z) {
        if (target == Target.LOGIT) return labels.neg();
        if (sigmoid) {
            INDArray p = Transforms.sigmoid(z, true);
            return p.mul(p.rsub(1.0)).muli(labels).negi();
        }
        INDArray p = Transforms.softmax(z, true);
        INDArray pt = p.mul(labels).sum(true, 1); // [b, 1]
        // ∂p_t/∂z_j = p_t (δ_tj − p_j)
        return labels.sub(p).muliColumnVector(pt).negi();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double s = -score(labels, preOutput).sumNumber().doubleValue();
        return average ? s / preOutput.size(0) : s;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return score(labels, preOutput).negi();
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return grad(labels.castTo(preOutput.dataType()), preOutput).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average), computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "target_score_" + target.name().toLowerCase(java.util.Locale.ROOT);
    }
}
