package org.ecgbench.models.hubert;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer applied to every frame of a sequence (a 1×1 convolution): {@code y_t = act(W^T x_t + b)},
 * input {@code [batch, nIn, T]}, output {@code [batch, nOut, T]}. Parameters {@code W [nIn, nOut]}
 * and {@code b [1, nOut]} (named like DL4J's dense layers, so the quantizer treats W as a weight).
 */
public class TimeDense extends SeqLayerConf {

    protected TimeDense(Builder b) {
        super(b);
    }

    /** For Jackson. */
    protected TimeDense() {
        super();
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(new ParamSpec("W", new long[] {nIn, nOut}, true, false), new ParamSpec("b", new long[] {1, nOut}, false, true));
    }

    @Override
    protected long nOutFor(long in) {
        return nOut;
    }

    @Override
    protected void initParams(Map<String, INDArray> p) {
        getWeightInitFn().init(nIn, nOut, new long[] {nIn, nOut}, 'f', p.get("W"));
        p.get("b").assign(getBiasInit());
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public long flopsPerStep() {
        return 2L * nIn * nOut;
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public TimeDense build() {
            return new TimeDense(this);
        }
    }

    /** Runtime layer with explicit backward pass. */
    public static class Impl extends SeqLayer<TimeDense> {
        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private INDArray pre(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
            INDArray w = getParamWithNoise("W", training, mgr);
            INDArray b = getParamWithNoise("b", training, mgr);
            return x.mmul(w).addiRowVector(b);
        }

        @Override
        protected INDArray forwardRows(INDArray x, long batch, long t, boolean training, LayerWorkspaceMgr mgr) {
            return layerConf().getActivationFn().getActivation(pre(x, training, mgr), training);
        }

        @Override
        protected INDArray backwardRows(INDArray x, INDArray dy, long batch, long t, Map<String, INDArray> grads, LayerWorkspaceMgr mgr) {
            INDArray z = pre(x, true, mgr);
            INDArray dz = layerConf().getActivationFn().backprop(z, dy.dup()).getFirst();
            Nd4j.gemm(x, dz, grads.get("W"), true, false, 1.0, 0.0);
            grads.get("b").assign(dz.sum(true, 0));
            return dz.mmul(getParamWithNoise("W", true, mgr).transpose());
        }
    }
}
