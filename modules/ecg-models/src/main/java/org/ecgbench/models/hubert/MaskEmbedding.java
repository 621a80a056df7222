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
 * HuBERT's learned mask embedding: the input is the frame features {@code [batch, H, T]} with the
 * frame mask appended as one more channel ({@code [batch, H+1, T]}, a MergeVertex of the features
 * and the mask input); frames whose mask is 1 are replaced by the learned vector {@code emb [1, H]}:
 * {@code y_t = (1 - m_t) x_t + m_t e}. Used only in the pretraining graph.
 */
public class MaskEmbedding extends SeqLayerConf {

    /** No underscore: DL4J splits "layer_param" keys at the last underscore. */
    public static final String PARAM = "emb";

    protected MaskEmbedding(Builder b) {
        super(b);
    }

    /** For Jackson. */
    protected MaskEmbedding() {
        super();
    }

    @Override
    protected long nOutFor(long in) {
        return in - 1;
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(new ParamSpec(PARAM, new long[] {1, nOut}, false, false));
    }

    @Override
    protected void initParams(Map<String, INDArray> p) {
        // HuBERT initialises the mask embedding uniformly in [0, 1)
        INDArray e = p.get(PARAM);
        e.assign(Nd4j.rand(e.dataType(), e.shape()));
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public long flopsPerStep() {
        return 3L * nOut;
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public MaskEmbedding build() {
            return new MaskEmbedding(this);
        }
    }

    /** Runtime layer with explicit backward pass. */
    public static class Impl extends SeqLayer<MaskEmbedding> {
        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        protected INDArray forwardRows(INDArray x, long batch, long t, boolean training, LayerWorkspaceMgr mgr) {
            long h = x.size(1) - 1;
            INDArray feat = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h));
            INDArray m = x.getColumn(h, true); // [rows, 1]
            INDArray e = getParamWithNoise(PARAM, training, mgr);
            INDArray keep = m.rsub(1.0);
            return feat.mulColumnVector(keep).addi(m.mmul(e));
        }

        @Override
        protected INDArray backwardRows(INDArray x, INDArray dy, long batch, long t, Map<String, INDArray> grads, LayerWorkspaceMgr mgr) {
            long h = x.size(1) - 1;
            INDArray feat = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h));
            INDArray m = x.getColumn(h, true);
            INDArray e = getParamWithNoise(PARAM, true, mgr);
            grads.get(PARAM).assign(m.transpose().mmul(dy));
            INDArray dx = Nd4j.create(x.dataType(), x.rows(), h + 1);
            dx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h))
                    .assign(dy.mulColumnVector(m.rsub(1.0)));
            // d/dm of (1-m) x + m e = e - x
            INDArray dm = dy.mul(feat.neg().addiRowVector(e)).sum(true, 1);
            dx.getColumn(h, true).assign(dm);
            return dx;
        }
    }
}
