package org.ecgbench.models.ecgencode;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Graph vertex configuration that permutes the three non-batch axes of NCHW convolutional
 * activations {@code [batch, C, H, W]}. {@code permutation} lists, for output axes 1..3, which
 * input axis (1..3) they take, e.g. {@code {2, 1, 3}} swaps channels and height, turning
 * {@code [b, channels, leads, time]} into {@code [b, leads, channels, time]} so that a standard
 * DL4J {@code BatchNormalization} (which normalises axis 1) normalises per lead. The backward
 * pass applies the inverse permutation. No parameters; Jackson-serialisable.
 */
public final class PermuteVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    @JsonProperty("permutation")
    private final int[] permutation;

    @JsonCreator
    public PermuteVertex(@JsonProperty("permutation") int... permutation) {
        if (permutation == null || permutation.length != 3) {
            throw new IllegalArgumentException("PermuteVertex: permutation must list 3 axes (1..3), got " + Arrays.toString(permutation));
        }
        int[] sorted = permutation.clone();
        Arrays.sort(sorted);
        if (!Arrays.equals(sorted, new int[] {1, 2, 3})) {
            throw new IllegalArgumentException("PermuteVertex: permutation must be a permutation of {1, 2, 3}, got " + Arrays.toString(permutation));
        }
        this.permutation = permutation.clone();
    }

    /** The permutation of axes 1..3 (a copy); read by exporters. Not a bean getter, so Jackson ignores it. */
    public int[] permutation() {
        return permutation.clone();
    }

    /** The full rank-4 permutation including the batch axis. */
    int[] fullPermutation() {
        return new int[] {0, permutation[0], permutation[1], permutation[2]};
    }

    int[] inverseFullPermutation() {
        int[] p = fullPermutation();
        int[] inv = new int[4];
        for (int i = 0; i < 4; i++) inv[p[i]] = i;
        return inv;
    }

    @Override
    public PermuteVertex clone() { return new PermuteVertex(permutation); }

    @Override
    public boolean equals(Object o) { return o instanceof PermuteVertex v && Arrays.equals(v.permutation, permutation); }

    @Override
    public int hashCode() { return Arrays.hashCode(permutation) + 17; }

    @Override
    public long numParams(boolean backprop) { return 0; }

    @Override
    public int minVertexInputs() { return 1; }

    @Override
    public int maxVertexInputs() { return 1; }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new PermuteVertexImpl(graph, name, idx, fullPermutation(), inverseFullPermutation(), networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional c)) {
            throw new InvalidInputTypeException("PermuteVertex needs one convolutional (NCHW) input, got " + Arrays.toString(vertexInputs));
        }
        if (c.getFormat() != CNN2DFormat.NCHW) {
            throw new InvalidInputTypeException("PermuteVertex supports NCHW activations only, got " + c.getFormat());
        }
        long[] dims = {0, c.getChannels(), c.getHeight(), c.getWidth()};
        long ch = dims[permutation[0]], h = dims[permutation[1]], w = dims[permutation[2]];
        return InputType.convolutional(h, w, ch);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, PermuteVertex.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, out.arrayElementsPerExample()).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() { return "PermuteVertex(" + Arrays.toString(permutation) + ")"; }
}
