package org.ecgbench.models.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Alpha-balanced categorical focal loss (Lin et al.) for single-label, multi-class outputs, normally
 * with a softmax activation: per example {@code L = -sum_c alpha_c * y_c * (1 - p_c)^gamma * log(p_c)}.
 * With {@code gamma = 0} and no alpha it equals multi-class cross-entropy. {@code alpha} is one
 * non-negative weight per class ({@code null} = all 1); probabilities are clipped to
 * {@code [clipEps, 1 - clipEps]} before the logarithm. Masks: per-example column masks
 * {@code [batch, 1]} or per-output masks {@code [batch, classes]} multiply the per-class terms.
 * The gradient is taken with respect to the probabilities and passed through the activation's
 * own backprop, so any activation (softmax in practice) works. Serialisable by DL4J's Jackson.
 */
public final class CategoricalFocalLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_CLIP_EPS = 1e-10;

    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("alpha")
    private final double[] alpha;
    @JsonProperty("clipEps")
    private final double clipEps;

    @JsonCreator
    public CategoricalFocalLoss(@JsonProperty("gamma") double gamma, @JsonProperty("alpha") double[] alpha,
                                @JsonProperty("clipEps") double clipEps) {
        FocalSupport.checkGamma(gamma);
        FocalSupport.checkEps(clipEps);
        this.gamma = gamma;
        this.alpha = FocalSupport.checkNonNegative("alpha", alpha);
        this.clipEps = clipEps;
    }

    public CategoricalFocalLoss(double gamma, double[] alpha) {
        this(gamma, alpha, DEFAULT_CLIP_EPS);
    }

    public double gamma() { return gamma; }

    /** Per-class weights, or null when all classes weigh 1. */
    public double[] alpha() { return alpha == null ? null : alpha.clone(); }

    /** Per-class loss terms [batch, classes], masked. */
    private INDArray perClass(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
        FocalSupport.checkShapes(name(), labels, preOutput, alpha);
        INDArray p = FocalSupport.probabilities(preOutput, act, clipEps);
        INDArray y = labels.castTo(p.dataType());
        INDArray oneMinusP = p.rsub(1.0);
        INDArray terms = FocalSupport.pow(oneMinusP, gamma).muli(Transforms.log(p, true)).muli(y).negi();
        if (alpha != null) terms.muliRowVector(FocalSupport.row(alpha, terms));
        if (mask != null) LossUtil.applyMask(terms, mask);
        return terms;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return FocalSupport.reduce(perClass(labels, preOutput, activationFn, mask), average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return perClass(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        FocalSupport.checkShapes(name(), labels, preOutput, alpha);
        INDArray p = FocalSupport.probabilities(preOutput, activationFn, clipEps);
        INDArray y = labels.castTo(p.dataType());
        INDArray oneMinusP = p.rsub(1.0);
        // dL/dp = -y * [ (1-p)^g / p - g (1-p)^(g-1) log p ]
        INDArray first = FocalSupport.pow(oneMinusP, gamma).divi(p);
        INDArray dLdp;
        if (gamma != 0.0) {
            INDArray second = FocalSupport.pow(oneMinusP, gamma - 1.0).muli(Transforms.log(p, true)).muli(gamma);
            dLdp = first.subi(second);
        } else {
            dLdp = first;
        }
        dLdp.muli(y).negi();
        if (alpha != null) dLdp.muliRowVector(FocalSupport.row(alpha, dLdp));
        return FocalSupport.maskAndBackprop(preOutput, dLdp, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() { return "CategoricalFocalLoss"; }

    @Override
    public String toString() {
        return "CategoricalFocalLoss(gamma=" + gamma + ", alpha=" + Arrays.toString(alpha) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalFocalLoss f && f.gamma == gamma && f.clipEps == clipEps && Arrays.equals(f.alpha, alpha);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(gamma) + Arrays.hashCode(alpha) + 7 * Double.hashCode(clipEps);
    }
}
