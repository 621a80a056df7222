package org.ecgbench.models.ecgencode;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime implementation of {@link PermuteVertex}: permute forward, inverse permute backward. */
public final class PermuteVertexImpl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;
    private final int[] perm;
    private final int[] inverse;

    PermuteVertexImpl(ComputationGraph graph, String name, int vertexIndex, int[] perm, int[] inverse, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.perm = perm.clone();
        this.inverse = inverse.clone();
    }

    @Override
    public boolean hasLayer() { return false; }

    @Override
    public Layer getLayer() { return null; }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) throw new IllegalStateException("PermuteVertex " + vertexName + ": inputs not set");
        INDArray in = inputs[0];
        if (in.rank() != 4) {
            throw new IllegalStateException("PermuteVertex " + vertexName + ": expected rank-4 NCHW activations, got shape "
                    + Arrays.toString(in.shape()));
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, in.permute(perm), 'c');
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) throw new IllegalStateException("PermuteVertex " + vertexName + ": epsilon not set");
        INDArray g = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.permute(inverse), 'c');
        return new Pair<>(null, new INDArray[] {g});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) throw new IllegalStateException("PermuteVertex has no parameters");
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        // per-example masks ([batch, 1]) are unaffected by permuting the non-batch axes
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "PermuteVertexImpl(name=" + vertexName + ", perm=" + Arrays.toString(perm) + ")";
    }
}
