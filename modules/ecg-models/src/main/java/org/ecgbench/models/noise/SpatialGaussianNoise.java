package org.ecgbench.models.noise;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Spatial Gaussian noise (ECGencode, section 3.2.2) as a DL4J {@link IDropout}: during training,
 * each slice of the input along {@code axis} (for every example separately) is, with probability
 * {@code probability}, multiplied by ONE value drawn from N(mean, stddev^2); other slices are left
 * unchanged (factor 1). With {@code mean = 1} the expected factor is 1, so no rescaling is needed
 * at inference, where DL4J does not call the dropout at all (identity).
 *
 * <p>For convolutional activations {@code [batch, channels, height, width]} (NCHW):
 * {@code axis = 1} gives channel-axis noise and {@code axis = 2} gives noise per row of the H
 * axis (the lead axis in the ECGencode layout {@code [batch, channels, leads, time]}). The axis
 * must be between 1 and rank-1. The factor mask is kept between forward and backward pass;
 * {@link #backprop} multiplies the gradient by the same factors. Jackson-serialisable.
 */
public final class SpatialGaussianNoise implements IDropout {
    private static final long serialVersionUID = 1L;

    @JsonProperty("axis")
    private final int axis;
    @JsonProperty("probability")
    private final double probability;
    @JsonProperty("mean")
    private final double mean;
    @JsonProperty("stddev")
    private final double stddev;

    @JsonIgnore
    private transient INDArray factors;

    @JsonCreator
    public SpatialGaussianNoise(@JsonProperty("axis") int axis, @JsonProperty("probability") double probability,
                                @JsonProperty("mean") double mean, @JsonProperty("stddev") double stddev) {
        if (axis < 1) throw new IllegalArgumentException("spatial Gaussian noise: axis must be >= 1 (axis 0 is the batch), got " + axis);
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("spatial Gaussian noise: probability must be in [0, 1], got " + probability);
        }
        if (!Double.isFinite(mean)) throw new IllegalArgumentException("spatial Gaussian noise: mean must be finite, got " + mean);
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("spatial Gaussian noise: stddev must be a finite number >= 0, got " + stddev);
        }
        this.axis = axis;
        this.probability = probability;
        this.mean = mean;
        this.stddev = stddev;
    }

    /** Noise with mean 1: factor ~ N(1, stddev^2) on a slice with the given probability. */
    public static SpatialGaussianNoise multiplicative(int axis, double probability, double stddev) {
        return new SpatialGaussianNoise(axis, probability, 1.0, stddev);
    }

    public int axis() { return axis; }
    public double probability() { return probability; }
    public double mean() { return mean; }
    public double stddev() { return stddev; }

    /** Shape of the factor array for an input shape: batch and the noise axis kept, all others 1. */
    long[] factorShape(long[] inputShape) {
        if (axis >= inputShape.length) {
            throw new IllegalArgumentException("spatial Gaussian noise: axis " + axis + " does not exist in activations of shape "
                    + Arrays.toString(inputShape));
        }
        long[] s = new long[inputShape.length];
        Arrays.fill(s, 1L);
        s[0] = inputShape[0];
        s[axis] = inputShape[axis];
        return s;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        long[] fs = factorShape(inputActivations.shape());
        INDArray noise = Nd4j.createUninitialized(inputActivations.dataType(), fs);
        Nd4j.getExecutioner().exec(new GaussianDistribution(noise, mean, stddev), Nd4j.getRandom());
        INDArray selected = Nd4j.createUninitialized(inputActivations.dataType(), fs);
        Nd4j.getExecutioner().exec(new BernoulliDistribution(selected, probability), Nd4j.getRandom());
        // factor = selected ? noise : 1  ==  1 + selected * (noise - 1)
        INDArray small = noise.subi(1.0).muli(selected).addi(1.0);
        // keep a full-size factor array in the INPUT workspace (it must live until backprop), like DL4J's Dropout
        factors = workspaceMgr.createUninitialized(ArrayType.INPUT, inputActivations.dataType(), inputActivations.shape(), 'c');
        factors.assign(small.broadcast(inputActivations.shape()));
        Nd4j.getExecutioner().exec(new MulOp(inputActivations, factors, resultArray));
        return resultArray;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (factors == null) {
            throw new IllegalStateException("spatial Gaussian noise: backprop called without a preceding training forward pass");
        }
        Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, factors, gradAtInput));
        factors = null;
        return gradAtInput;
    }

    /** The factors used by the last training forward pass (full input shape), or null; for tests. */
    @JsonIgnore
    public INDArray lastFactors() { return factors; }

    @Override
    public void clear() { factors = null; }

    @Override
    public IDropout clone() { return new SpatialGaussianNoise(axis, probability, mean, stddev); }

    @Override
    public String toString() {
        return "SpatialGaussianNoise(axis=" + axis + ", p=" + probability + ", mean=" + mean + ", stddev=" + stddev + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpatialGaussianNoise s && s.axis == axis && s.probability == probability && s.mean == mean && s.stddev == stddev;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {axis, probability, mean, stddev});
    }
}
