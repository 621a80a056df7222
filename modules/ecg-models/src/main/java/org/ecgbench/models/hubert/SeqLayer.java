package org.ecgbench.models.hubert;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime base of the HuBERT-ECG sequence layers. The input {@code [batch, C, T]} is turned into rows
 * {@code [batch*T, C]} (one row per frame, frames of a sample consecutive); subclasses compute the
 * output rows and, in the explicit backward pass, the input-row gradient and the parameter gradients
 * (written into the gradient views). Masks are not supported (every input has the same length).
 */
public abstract class SeqLayer<C extends SeqLayerConf> extends BaseLayer<C> {

    protected SeqLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Output rows [batch*T, nOut] for input rows [batch*T, nIn]; {@code t} = frames per sample. */
    protected abstract INDArray forwardRows(INDArray x, long batch, long t, boolean training, LayerWorkspaceMgr mgr);

    /**
     * Input-row gradient for output-row gradient {@code dy}; fills {@code grads} (the layer's gradient
     * views, by parameter name).
     */
    protected abstract INDArray backwardRows(INDArray x, INDArray dy, long batch, long t, Map<String, INDArray> grads,
                                             LayerWorkspaceMgr mgr);

    static INDArray toRows(INDArray seq) {
        long b = seq.size(0), c = seq.size(1), t = seq.size(2);
        return seq.permute(0, 2, 1).dup('c').reshape('c', b * t, c);
    }

    static INDArray fromRows(INDArray rows, long b, long t) {
        return rows.reshape('c', b, t, rows.size(1)).permute(0, 2, 1);
    }

    private INDArray rowsIn(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException(getClass().getSimpleName() + " expects [batch, features, time], got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (maskArray != null) throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support masks");
        applyDropOutIfNecessary(training, mgr);
        return toRows(input);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        INDArray x = rowsIn(training, mgr);
        long b = input.size(0), t = input.size(2);
        INDArray y = forwardRows(x, b, t, training, mgr);
        return mgr.dup(ArrayType.ACTIVATIONS, fromRows(y, b, t), 'c');
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray eps, LayerWorkspaceMgr mgr) {
        INDArray x = rowsIn(true, mgr);
        long b = input.size(0), t = input.size(2);
        INDArray dy = toRows(eps);
        INDArray dx = backwardRows(x, dy, b, t, gradientViews, mgr);
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String k : layerConf().paramSpecs().stream().map(SeqLayerConf.ParamSpec::name).toList()) {
            g.gradientForVariable().put(k, gradientViews.get(k));
        }
        INDArray epsOut = mgr.dup(ArrayType.ACTIVATION_GRAD, fromRows(dx, b, t), 'c');
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(g, epsOut);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return !layerConf().paramSpecs().stream().filter(SeqLayerConf.ParamSpec::bias).toList().isEmpty();
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }
}
