package org.ecgbench.models.hubert;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Layer normalisation over the feature axis of every frame (PyTorch {@code nn.LayerNorm(C)} on
 * {@code [batch, T, C]}): {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, biased variance.
 * Parameters {@code gamma [1, C]} (initialised to 1) and {@code beta [1, C]} (0); neither is a
 * weight, so quantization leaves them in float32 like batch-norm parameters.
 */
public class SeqLayerNorm extends SeqLayerConf {

    @JsonProperty("eps")
    private double eps = 1e-5;

    protected SeqLayerNorm(Builder b) {
        super(b);
        this.eps = b.eps;
    }

    /** For Jackson. */
    protected SeqLayerNorm() {
        super();
    }

    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        this.eps = eps;
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(new ParamSpec("gamma", new long[] {1, nIn}, false, false), new ParamSpec("beta", new long[] {1, nIn}, false, false));
    }

    @Override
    protected void initParams(Map<String, INDArray> p) {
        p.get("gamma").assign(1.0);
        p.get("beta").assign(0.0);
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public long flopsPerStep() {
        return 8L * nIn;
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private double eps = 1e-5;

        public Builder eps(double e) {
            this.eps = e;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SeqLayerNorm build() {
            return new SeqLayerNorm(this);
        }
    }

    /** Runtime layer with explicit backward pass. */
    public static class Impl extends SeqLayer<SeqLayerNorm> {
        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** xhat and 1/sqrt(var+eps) (column [rows, 1]). */
        private INDArray[] normalise(INDArray x) {
            INDArray mu = x.mean(true, 1);
            INDArray xc = x.subColumnVector(mu);
            INDArray var = xc.mul(xc).mean(true, 1);
            INDArray inv = Transforms.pow(var.addi(layerConf().getEps()), -0.5, false);
            return new INDArray[] {xc.muliColumnVector(inv), inv};
        }

        @Override
        protected INDArray forwardRows(INDArray x, long batch, long t, boolean training, LayerWorkspaceMgr mgr) {
            INDArray xhat = normalise(x)[0];
            return xhat.muliRowVector(getParamWithNoise("gamma", training, mgr)).addiRowVector(getParamWithNoise("beta", training, mgr));
        }

        @Override
        protected INDArray backwardRows(INDArray x, INDArray dy, long batch, long t, Map<String, INDArray> grads, LayerWorkspaceMgr mgr) {
            INDArray[] n = normalise(x);
            INDArray xhat = n[0], inv = n[1];
            long c = x.size(1);
            grads.get("gamma").assign(dy.mul(xhat).sum(true, 0));
            grads.get("beta").assign(dy.sum(true, 0));
            INDArray dxhat = dy.mulRowVector(getParamWithNoise("gamma", true, mgr));
            // dx = inv/C * (C*dxhat - sum(dxhat) - xhat*sum(dxhat*xhat))
            INDArray s1 = dxhat.sum(true, 1);
            INDArray s2 = dxhat.mul(xhat).sum(true, 1);
            INDArray dx = dxhat.mul(c).subiColumnVector(s1).subi(xhat.mulColumnVector(s2));
            return dx.muliColumnVector(inv.div(c));
        }
    }
}
