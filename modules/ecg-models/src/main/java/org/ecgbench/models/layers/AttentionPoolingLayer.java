package org.ecgbench.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Runtime implementation of {@link AttentionPooling} with an explicit backward pass. */
public class AttentionPoolingLayer extends BaseLayer<AttentionPooling> {

    public AttentionPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private record Fwd(INDArray hTf, INDArray score, INDArray alpha, INDArray out) {}

    /** hTf: input as [batch*T, F] rows (time-major within a sample); score, alpha: [batch, T]. */
    private Fwd forward(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (input.rank() != 3) throw new IllegalStateException("AttentionPooling expects [batch, features, time], got rank " + input.rank());
        if (maskArray != null) throw new UnsupportedOperationException("AttentionPooling does not support masks");
        applyDropOutIfNecessary(training, mgr);
        long mb = input.size(0), f = input.size(1), t = input.size(2);
        INDArray w = getParamWithNoise(AttentionPooling.Init.W, training, mgr);
        INDArray b = getParamWithNoise(AttentionPooling.Init.B, training, mgr);
        INDArray hTf = input.permute(0, 2, 1).dup('c').reshape('c', mb * t, f);
        INDArray pre = hTf.mmul(w).addi(b.getDouble(0)).reshape('c', mb, t);
        INDArray score = Transforms.tanh(pre, true);
        INDArray alpha = Transforms.softmax(score, true);
        // out[b, f] = sum_t alpha[b,t] * h[b,f,t]
        INDArray weighted = input.mul(alpha.reshape(mb, 1, t));
        INDArray out = mgr.dup(ArrayType.ACTIVATIONS, weighted.sum(2));
        return new Fwd(hTf, score, alpha, out);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return forward(training, mgr).out();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray eps, LayerWorkspaceMgr mgr) {
        Fwd fw = forward(true, mgr);
        long mb = input.size(0), f = input.size(1), t = input.size(2);
        INDArray w = getParamWithNoise(AttentionPooling.Init.W, true, mgr);
        INDArray alpha = fw.alpha();
        // direct path: dL/dh[b,f,t] = alpha[b,t] * eps[b,f]
        INDArray dh = eps.reshape(mb, f, 1).mul(alpha.reshape(mb, 1, t));
        // dL/dalpha[b,t] = sum_f eps[b,f] h[b,f,t]
        INDArray dAlpha = input.mul(eps.reshape(mb, f, 1)).sum(1);
        // softmax backward: ds = alpha * (dAlpha - sum_t alpha*dAlpha)
        INDArray dot = alpha.mul(dAlpha).sum(true, 1);
        INDArray ds = alpha.mul(dAlpha.subColumnVector(dot));
        INDArray dPre = ds.mul(fw.score().mul(fw.score()).rsubi(1.0)); // [mb, T]
        INDArray dPreCol = dPre.reshape('c', mb * t, 1);
        INDArray gW = gradientViews.get(AttentionPooling.Init.W);
        INDArray gB = gradientViews.get(AttentionPooling.Init.B);
        Nd4j.gemm(fw.hTf(), dPreCol, gW, true, false, 1.0, 0.0);
        gB.assign(dPre.sumNumber());
        // score path into h: dL/dh[b,f,t] += dPre[b,t] * w[f]
        INDArray dhScore = dPreCol.mmul(w.transpose()).reshape('c', mb, t, f).permute(0, 2, 1);
        dh.addi(dhScore);
        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(AttentionPooling.Init.W, gW);
        g.gradientForVariable().put(AttentionPooling.Init.B, gB);
        INDArray epsOut = mgr.dup(ArrayType.ACTIVATION_GRAD, dh, 'c');
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(g, epsOut);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }
}
