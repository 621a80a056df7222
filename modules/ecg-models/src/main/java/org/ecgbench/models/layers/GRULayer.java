package org.ecgbench.models.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime implementation of {@link GRU}: explicit forward pass and back-propagation through time.
 * The backward pass re-runs the forward pass keeping the gate activations (as DL4J's own simple
 * RNN does), then walks time backwards. Masks are not supported (fails clearly).
 */
public class GRULayer extends org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer<GRU> {
    static final String STATE_KEY = "prevH";

    /**
     * Reuse the training forward pass of {@link #activate} in the backward pass instead of running it again (the
     * gate activations are kept on the heap between the two; the same input reference is required). Off only to
     * measure the difference (system property {@code ecgbench.gru.reuseForward=false}); results are identical.
     */
    public static volatile boolean reuseForward = !"false".equals(System.getProperty("ecgbench.gru.reuseForward"));
    /**
     * tanh as {@code 1 - 2 / (exp(2x) + 1)}: {@code Math.exp} is a JIT intrinsic, {@code Math.tanh} is not (it calls
     * StrictMath, 1.3 % of training samples in the profile). Differs from Math.tanh by a few ulps of a double, below
     * the float32 activations the layer returns. System property {@code ecgbench.gru.fastTanh=false} turns it off.
     */
    public static volatile boolean fastTanh = !"false".equals(System.getProperty("ecgbench.gru.fastTanh"));

    /** Backward passes that reused the training forward pass (for tests). */
    static final java.util.concurrent.atomic.AtomicLong REUSED = new java.util.concurrent.atomic.AtomicLong();

    private Cache trainCache;
    private INDArray trainCacheInput;

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * State of one forward pass. The recurrence runs in plain Java loops over double arrays: for
     * the small hidden sizes of ECG models, per-time-step ND4J calls cost far more in dispatch than
     * in arithmetic (measured 3.5x slower training). The input projections of all steps, and in the
     * backward pass the input-weight gradients and the gradient to the layer below, are single
     * ND4J matrix products.
     */
    private static final class Cache {
        INDArray out;
        INDArray x2; // input, time-major rows [T*batch, nIn]
        int mb, h, t;
        double[] zr;  // [t][mb][2h]
        double[] n;   // [t][mb][h]
        double[] rh;  // [t][mb][h]  (h_{t-1}·Un + cn)
        double[] hs;  // [(t+1)][mb][h], hs[0] = initial state
    }

    private Cache forward(INDArray prevH, boolean training, boolean keep, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (maskArray != null) throw new UnsupportedOperationException("GRU layer '" + layerConf().getLayerName() + "' does not support masks");
        if (input.rank() != 3) throw new IllegalStateException("GRU expects rank-3 input [batch, features, time], got " + input.rank());
        applyDropOutIfNecessary(training, mgr);
        INDArray in = permuteIfNWC(input);
        int mb = (int) in.size(0), t = (int) in.size(2);
        long nIn = in.size(1);
        int h = (int) layerConf().getNOut();
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray u = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr);
        INDArray b = getParamWithNoise(GRUParamInitializer.BIAS_KEY, training, mgr);
        DataType dt = in.dataType();
        Cache c = new Cache();
        c.mb = mb;
        c.h = h;
        c.t = t;
        c.x2 = in.permute(2, 0, 1).dup('c').reshape('c', (long) t * mb, nIn);
        double[] gx = c.x2.mmul(w).addiRowVector(b.get(all(), interval(0, 3 * h))).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] uu = u.castTo(DataType.DOUBLE).dup('c').data().asDouble(); // [h][3h]
        double[] bh = b.get(all(), interval(3 * h, 6 * h)).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int h3 = 3 * h, h2 = 2 * h;
        c.zr = new double[t * mb * h2];
        c.n = new double[t * mb * h];
        c.rh = new double[t * mb * h];
        c.hs = new double[(t + 1) * mb * h];
        if (prevH != null) {
            double[] p = prevH.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            System.arraycopy(p, 0, c.hs, 0, mb * h);
        }
        double[] gh = new double[h3];
        double[] out = new double[mb * h * t];
        for (int s = 0; s < t; s++) {
            for (int bi = 0; bi < mb; bi++) {
                int hpOff = (s * mb + bi) * h;
                System.arraycopy(bh, 0, gh, 0, h3);
                for (int k = 0; k < h; k++) {
                    double hk = c.hs[hpOff + k];
                    if (hk == 0) continue;
                    int uo = k * h3;
                    for (int j = 0; j < h3; j++) gh[j] += hk * uu[uo + j];
                }
                int gxOff = (s * mb + bi) * h3;
                int zrOff = (s * mb + bi) * h2;
                for (int j = 0; j < h2; j++) c.zr[zrOff + j] = 1.0 / (1.0 + Math.exp(-(gx[gxOff + j] + gh[j])));
                int nOff = (s * mb + bi) * h;
                int hnOff = ((s + 1) * mb + bi) * h;
                for (int k = 0; k < h; k++) {
                    double r = c.zr[zrOff + h + k];
                    double rh = gh[h2 + k];
                    double nn = tanh(gx[gxOff + h2 + k] + r * rh);
                    double z = c.zr[zrOff + k];
                    double hn = nn + z * (c.hs[hpOff + k] - nn);
                    c.rh[nOff + k] = rh;
                    c.n[nOff + k] = nn;
                    c.hs[hnOff + k] = hn;
                    out[(bi * h + k) * t + s] = hn;
                }
            }
        }
        INDArray o = Nd4j.create(out, new long[] {mb, h, t}, 'c').castTo(dt);
        c.out = mgr.dup(ArrayType.ACTIVATIONS, o, 'f');
        if (layerConf().getRnnDataFormat() == RNNFormat.NWC) c.out = c.out.permute(0, 2, 1);
        return c;
    }

    static double tanh(double x) {
        if (!fastTanh) return Math.tanh(x);
        if (x > 20) return 1.0;   // exp(40) ~ 2e17: 2 / (e + 1) below half an ulp of 1
        if (x < -20) return -1.0;
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        Cache c = forward(null, training, false, mgr);
        if (training && reuseForward) {
            trainCache = c;
            trainCacheInput = input;
            c.x2 = null; // lives in a workspace that may be closed before the backward pass; recomputed there
        } else {
            trainCache = null;
            trainCacheInput = null;
        }
        return c.out;
    }

    @Override
    public void clear() {
        super.clear();
        trainCache = null;
        trainCacheInput = null;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        return tbpttBackpropGradient(epsilon, -1, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Cache c;
        if (reuseForward && trainCache != null && trainCacheInput == input) {
            c = trainCache;
            REUSED.incrementAndGet();
            INDArray in = permuteIfNWC(input);
            c.x2 = in.permute(2, 0, 1).dup('c').reshape('c', (long) c.t * c.mb, in.size(1));
        } else {
            c = forward(null, true, true, mgr);
        }
        trainCache = null;
        trainCacheInput = null;
        int mb = c.mb, h = c.h, t = c.t, h2 = 2 * h, h3 = 3 * h;
        long nIn = layerConf().getNIn();
        double[] eps = permuteIfNWC(epsilon).castTo(DataType.DOUBLE).dup('c').data().asDouble(); // [mb][h][t]
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray u = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, true, mgr);
        double[] uu = u.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        INDArray gW = gradientViews.get(GRUParamInitializer.WEIGHT_KEY);
        INDArray gU = gradientViews.get(GRUParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(GRUParamInitializer.BIAS_KEY);
        gradientsFlattened.assign(0);
        DataType dt = c.x2.dataType();
        double[] ax = new double[t * mb * h3];
        double[] gu = new double[h * h3];
        double[] gbh = new double[h3];
        double[] dhNext = new double[mb * h];
        double[] dh = new double[h];
        double[] ah = new double[h3];
        int end = tbpttBackLength > 0 ? Math.max(0, t - tbpttBackLength) : 0;
        for (int s = t - 1; s >= end; s--) {
            for (int bi = 0; bi < mb; bi++) {
                int hpOff = (s * mb + bi) * h, zrOff = (s * mb + bi) * h2, nOff = (s * mb + bi) * h, axOff = (s * mb + bi) * h3;
                for (int k = 0; k < h; k++) dh[k] = eps[(bi * h + k) * t + s] + dhNext[bi * h + k];
                for (int k = 0; k < h; k++) {
                    double z = c.zr[zrOff + k], r = c.zr[zrOff + h + k], n = c.n[nOff + k], hp = c.hs[hpOff + k];
                    double dnPre = dh[k] * (1 - z) * (1 - n * n);
                    double dzPre = dh[k] * (hp - n) * z * (1 - z);
                    double drPre = dnPre * c.rh[nOff + k] * r * (1 - r);
                    ax[axOff + k] = dzPre;
                    ax[axOff + h + k] = drPre;
                    ax[axOff + h2 + k] = dnPre;
                    ah[k] = dzPre;
                    ah[h + k] = drPre;
                    ah[h2 + k] = dnPre * r;
                }
                for (int j = 0; j < h3; j++) gbh[j] += ah[j];
                for (int k = 0; k < h; k++) {
                    double hp = c.hs[hpOff + k];
                    int uo = k * h3;
                    double acc = dh[k] * c.zr[zrOff + k];
                    for (int j = 0; j < h3; j++) {
                        gu[uo + j] += hp * ah[j];
                        acc += ah[j] * uu[uo + j];
                    }
                    dhNext[bi * h + k] = acc;
                }
            }
        }
        INDArray axArr = Nd4j.create(ax, new long[] {(long) t * mb, h3}, 'c').castTo(dt);
        Nd4j.gemm(c.x2, axArr, gW, true, false, 1.0, 0.0);
        gU.assign(Nd4j.create(gu, new long[] {h, h3}, 'c'));
        gb.get(all(), interval(0, h3)).assign(axArr.sum(true, 0));
        gb.get(all(), interval(h3, 2 * h3)).assign(Nd4j.create(gbh, new long[] {1, h3}, 'c'));
        INDArray dx2 = axArr.mmul(w.transpose()); // [T*mb, nIn]
        INDArray epsOut = mgr.create(ArrayType.ACTIVATION_GRAD, dt, new long[] {mb, nIn, t}, 'f');
        epsOut.assign(dx2.reshape('c', t, mb, nIn).permute(1, 2, 0));
        weightNoiseParams.clear();
        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(GRUParamInitializer.WEIGHT_KEY, gW);
        g.gradientForVariable().put(GRUParamInitializer.RECURRENT_WEIGHT_KEY, gU);
        g.gradientForVariable().put(GRUParamInitializer.BIAS_KEY, gb);
        if (layerConf().getRnnDataFormat() == RNNFormat.NWC) epsOut = epsOut.permute(0, 2, 1);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(g, epsOut);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(stateMap.get(STATE_KEY), false, false, mgr).out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray o = permuteIfNWC(out);
            stateMap.put(STATE_KEY, o.get(all(), all(), point(o.size(2) - 1)).dup());
        }
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        INDArray out = forward(tBpttStateMap.get(STATE_KEY), training, false, mgr).out;
        if (storeLastForTBPTT) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray o = permuteIfNWC(out);
                tBpttStateMap.put(STATE_KEY, o.get(all(), all(), point(o.size(2) - 1)).dup());
            }
        }
        return out;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasLayerNorm() {
        return false;
    }
}
