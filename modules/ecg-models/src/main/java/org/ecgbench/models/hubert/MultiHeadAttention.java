package org.ecgbench.models.hubert;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Multi-head scaled dot-product self-attention and its output projection. The input is the
 * concatenated query/key/value projection {@code [batch, 3H, T]} (made by a {@link TimeDense} H → 3H,
 * so that each DL4J layer owns one weight tensor {@code W}, which the quantizer and LAQ treat per
 * layer); per head {@code softmax(Q K^T / sqrt(d)) V} with d = H / heads, heads concatenated, then
 * {@code W [H, H]} and {@code b [1, H]}. No attention mask (all inputs have the same length) and no
 * attention dropout.
 *
 * <p>The attention core runs as plain Java loops over double arrays, forward and backward: with
 * tens of frames and head size 16 to 64 the per-head ND4J calls would cost more in dispatch than
 * in arithmetic (the same finding as for the GRU, docs/architecture.md).
 */
public class MultiHeadAttention extends SeqLayerConf {

    @JsonProperty("heads")
    private int heads = 1;

    protected MultiHeadAttention(Builder b) {
        super(b);
        this.heads = b.heads;
    }

    /** For Jackson. */
    protected MultiHeadAttention() {
        super();
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    @Override
    protected long nOutFor(long in) {
        if (in % 3 != 0) throw new IllegalStateException("MultiHeadAttention '" + getLayerName() + "' needs a [Q;K;V] input of size 3H, got " + in);
        long h = in / 3;
        if (h % heads != 0) throw new IllegalStateException("hidden size " + h + " is not divisible by " + heads + " heads");
        return h;
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(new ParamSpec("W", new long[] {nOut, nOut}, true, false), new ParamSpec("b", new long[] {1, nOut}, false, true));
    }

    @Override
    protected void initParams(Map<String, INDArray> p) {
        getWeightInitFn().init(nOut, nOut, new long[] {nOut, nOut}, 'f', p.get("W"));
        p.get("b").assign(getBiasInit());
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public long flopsPerStep() {
        return 2L * nOut * nOut;
    }

    /** Q K^T and P V: 2 · 2 · T² · H, softmax about 5 per score. */
    @Override
    public long flopsExtra(long t) {
        return 4L * t * t * nOut + 5L * heads * t * t;
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int heads = 1;

        public Builder heads(int h) {
            this.heads = h;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MultiHeadAttention build() {
            return new MultiHeadAttention(this);
        }
    }

    /**
     * Attention core. qkv: rows [b*t, 3h] (c order); ctx: rows [b*t, h] (output); probs: [b, heads, t, t] (output).
     */
    static void attend(double[] qkv, int b, int t, int h, int heads, double[] ctx, double[] probs) {
        int d = h / heads, w = 3 * h;
        double scale = 1.0 / Math.sqrt(d);
        double[] s = new double[t];
        for (int n = 0; n < b; n++) {
            for (int hd = 0; hd < heads; hd++) {
                int qo = hd * d, ko = h + hd * d, vo = 2 * h + hd * d;
                for (int i = 0; i < t; i++) {
                    int ri = (n * t + i) * w;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        int rj = (n * t + j) * w;
                        double dot = 0;
                        for (int k = 0; k < d; k++) dot += qkv[ri + qo + k] * qkv[rj + ko + k];
                        s[j] = dot * scale;
                        if (s[j] > max) max = s[j];
                    }
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    int po = ((n * heads + hd) * t + i) * t;
                    int co = (n * t + i) * h + hd * d;
                    for (int k = 0; k < d; k++) ctx[co + k] = 0;
                    for (int j = 0; j < t; j++) {
                        double p = s[j] / sum;
                        probs[po + j] = p;
                        int rj = (n * t + j) * w + vo;
                        for (int k = 0; k < d; k++) ctx[co + k] += p * qkv[rj + k];
                    }
                }
            }
        }
    }

    /** Backward of {@link #attend}: dqkv (rows [b*t, 3h], output, overwritten) from dctx (rows [b*t, h]). */
    static void attendBackward(double[] qkv, double[] probs, double[] dctx, int b, int t, int h, int heads, double[] dqkv) {
        int d = h / heads, w = 3 * h;
        double scale = 1.0 / Math.sqrt(d);
        java.util.Arrays.fill(dqkv, 0.0);
        double[] dp = new double[t];
        for (int n = 0; n < b; n++) {
            for (int hd = 0; hd < heads; hd++) {
                int qo = hd * d, ko = h + hd * d, vo = 2 * h + hd * d;
                for (int i = 0; i < t; i++) {
                    int po = ((n * heads + hd) * t + i) * t;
                    int co = (n * t + i) * h + hd * d;
                    int ri = (n * t + i) * w;
                    double rowdot = 0;
                    for (int j = 0; j < t; j++) {
                        int rj = (n * t + j) * w;
                        double p = probs[po + j];
                        double acc = 0;
                        for (int k = 0; k < d; k++) {
                            double g = dctx[co + k];
                            acc += g * qkv[rj + vo + k];
                            dqkv[rj + vo + k] += p * g; // dV
                        }
                        dp[j] = acc;
                        rowdot += p * acc;
                    }
                    for (int j = 0; j < t; j++) {
                        double ds = probs[po + j] * (dp[j] - rowdot) * scale;
                        if (ds == 0) continue;
                        int rj = (n * t + j) * w;
                        for (int k = 0; k < d; k++) {
                            dqkv[ri + qo + k] += ds * qkv[rj + ko + k]; // dQ
                            dqkv[rj + ko + k] += ds * qkv[ri + qo + k]; // dK
                        }
                    }
                }
            }
        }
    }

    /** Runtime layer with explicit backward pass. */
    public static class Impl extends SeqLayer<MultiHeadAttention> {
        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private record Core(double[] qkv, double[] ctx, double[] probs) {}

        private Core core(INDArray x, long batch, long t) {
            int h = (int) layerConf().getNOut();
            int heads = layerConf().getHeads();
            double[] qkv = x.dup('c').data().asDouble();
            double[] ctx = new double[(int) (batch * t * h)];
            double[] probs = new double[(int) (batch * heads * t * t)];
            attend(qkv, (int) batch, (int) t, h, heads, ctx, probs);
            return new Core(qkv, ctx, probs);
        }

        @Override
        protected INDArray forwardRows(INDArray x, long batch, long t, boolean training, LayerWorkspaceMgr mgr) {
            Core c = core(x, batch, t);
            INDArray ctx = Nd4j.create(c.ctx(), new long[] {batch * t, layerConf().getNOut()}, 'c').castTo(x.dataType());
            return ctx.mmul(getParamWithNoise("W", training, mgr)).addiRowVector(getParamWithNoise("b", training, mgr));
        }

        @Override
        protected INDArray backwardRows(INDArray x, INDArray dy, long batch, long t, Map<String, INDArray> grads, LayerWorkspaceMgr mgr) {
            Core c = core(x, batch, t);
            long h = layerConf().getNOut();
            INDArray ctx = Nd4j.create(c.ctx(), new long[] {batch * t, h}, 'c').castTo(x.dataType());
            Nd4j.gemm(ctx, dy, grads.get("W"), true, false, 1.0, 0.0);
            grads.get("b").assign(dy.sum(true, 0));
            INDArray dctx = dy.mmul(getParamWithNoise("W", true, mgr).transpose());
            double[] dqkv = new double[c.qkv().length];
            attendBackward(c.qkv(), c.probs(), dctx.dup('c').data().asDouble(), (int) batch, (int) t, (int) h, layerConf().getHeads(), dqkv);
            return Nd4j.create(dqkv, new long[] {batch * t, 3 * h}, 'c').castTo(x.dataType());
        }
    }
}
