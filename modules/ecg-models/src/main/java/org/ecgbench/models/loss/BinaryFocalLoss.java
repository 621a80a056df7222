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
 * Alpha-balanced binary focal loss for multi-label outputs (one independent sigmoid per class):
 * per example and class
 * {@code L_c = -w_c * [ a_c * y * (1-p)^gamma * log(p) + (1-a_c) * (1-y) * p^gamma * log(1-p) ]},
 * summed over classes. {@code alpha} ({@code a_c} in [0,1], one per class) balances positives
 * against negatives; {@code null} means no balancing (both terms weigh 1, i.e. binary
 * cross-entropy when gamma = 0). {@code weights} ({@code w_c} >= 0, one per class, e.g. class
 * weights; {@code null} = 1) scale each class's term. Probabilities are clipped to
 * {@code [clipEps, 1-clipEps]}. Per-example or per-output masks multiply the per-class terms.
 */
public final class BinaryFocalLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_CLIP_EPS = 1e-7;

    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("alpha")
    private final double[] alpha;
    @JsonProperty("weights")
    private final double[] weights;
    @JsonProperty("clipEps")
    private final double clipEps;

    @JsonCreator
    public BinaryFocalLoss(@JsonProperty("gamma") double gamma, @JsonProperty("alpha") double[] alpha,
                           @JsonProperty("weights") double[] weights, @JsonProperty("clipEps") double clipEps) {
        FocalSupport.checkGamma(gamma);
        FocalSupport.checkEps(clipEps);
        this.alpha = FocalSupport.checkNonNegative("alpha", alpha);
        if (this.alpha != null) {
            for (int i = 0; i < this.alpha.length; i++) {
                if (this.alpha[i] > 1) throw new IllegalArgumentException("binary focal loss: alpha[" + i + "] must be in [0, 1], got " + this.alpha[i]);
            }
        }
        this.gamma = gamma;
        this.weights = FocalSupport.checkNonNegative("weights", weights);
        this.clipEps = clipEps;
    }

    public BinaryFocalLoss(double gamma, double[] alpha, double[] weights) {
        this(gamma, alpha, weights, DEFAULT_CLIP_EPS);
    }

    public double gamma() { return gamma; }

    public double[] alpha() { return alpha == null ? null : alpha.clone(); }

    public double[] weights() { return weights == null ? null : weights.clone(); }

    private INDArray posWeight(INDArray like) {
        return alpha == null ? null : FocalSupport.row(alpha, like);
    }

    private INDArray negWeight(INDArray like) {
        if (alpha == null) return null;
        double[] n = new double[alpha.length];
        for (int i = 0; i < n.length; i++) n[i] = 1.0 - alpha[i];
        return FocalSupport.row(n, like);
    }

    private INDArray perClass(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
        FocalSupport.checkShapes(name(), labels, preOutput, alpha, weights);
        INDArray p = FocalSupport.probabilities(preOutput, act, clipEps);
        INDArray y = labels.castTo(p.dataType());
        INDArray oneMinusP = p.rsub(1.0);
        INDArray pos = FocalSupport.pow(oneMinusP, gamma).muli(Transforms.log(p, true)).muli(y);
        INDArray neg = FocalSupport.pow(p, gamma).muli(Transforms.log(oneMinusP, true)).muli(y.rsub(1.0));
        if (alpha != null) {
            pos.muliRowVector(posWeight(pos));
            neg.muliRowVector(negWeight(neg));
        }
        INDArray terms = pos.addi(neg).negi();
        if (weights != null) terms.muliRowVector(FocalSupport.row(weights, terms));
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
        FocalSupport.checkShapes(name(), labels, preOutput, alpha, weights);
        INDArray p = FocalSupport.probabilities(preOutput, activationFn, clipEps);
        INDArray y = labels.castTo(p.dataType());
        INDArray oneMinusP = p.rsub(1.0);
        // d/dp [ y (1-p)^g log p ] = y [ (1-p)^g / p - g (1-p)^(g-1) log p ]
        INDArray dPos = FocalSupport.pow(oneMinusP, gamma).divi(p);
        // d/dp [ (1-y) p^g log(1-p) ] = (1-y) [ g p^(g-1) log(1-p) - p^g / (1-p) ]
        INDArray dNeg = FocalSupport.pow(p, gamma).divi(oneMinusP).negi();
        if (gamma != 0.0) {
            dPos.subi(FocalSupport.pow(oneMinusP, gamma - 1.0).muli(Transforms.log(p, true)).muli(gamma));
            dNeg.addi(FocalSupport.pow(p, gamma - 1.0).muli(Transforms.log(oneMinusP, true)).muli(gamma));
        }
        dPos.muli(y);
        dNeg.muli(y.rsub(1.0));
        if (alpha != null) {
            dPos.muliRowVector(posWeight(dPos));
            dNeg.muliRowVector(negWeight(dNeg));
        }
        INDArray dLdp = dPos.addi(dNeg).negi();
        if (weights != null) dLdp.muliRowVector(FocalSupport.row(weights, dLdp));
        return FocalSupport.maskAndBackprop(preOutput, dLdp, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() { return "BinaryFocalLoss"; }

    @Override
    public String toString() {
        return "BinaryFocalLoss(gamma=" + gamma + ", alpha=" + Arrays.toString(alpha) + ", weights=" + Arrays.toString(weights) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryFocalLoss f && f.gamma == gamma && f.clipEps == clipEps
                && Arrays.equals(f.alpha, alpha) && Arrays.equals(f.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(gamma) + 17 * Arrays.hashCode(alpha) + Arrays.hashCode(weights) + 7 * Double.hashCode(clipEps);
    }
}
