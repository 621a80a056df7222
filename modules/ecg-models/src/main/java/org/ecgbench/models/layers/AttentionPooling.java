package org.ecgbench.models.layers;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Additive attention pooling over time (seed 002's custom Keras attention): for a sequence
 * {@code h [batch, F, T]}, score_t = tanh(w·h_t + b), α = softmax_t(score), output
 * {@code c = Σ_t α_t h_t} of shape {@code [batch, F]}. Parameters: {@code W} [F, 1] and {@code b} [1, 1]
 * (F + 1 in all). Input is a recurrent type; output is feed-forward.
 */
public class AttentionPooling extends FeedForwardLayer implements org.ecgbench.models.flops.FlopsAware {

    protected AttentionPooling(Builder b) {
        super(b);
    }

    /** For Jackson. */
    protected AttentionPooling() {
        super();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int idx,
                                                       INDArray view, boolean initialize, DataType dataType) {
        AttentionPoolingLayer l = new AttentionPoolingLayer(conf, dataType);
        l.setListeners(listeners);
        l.setIndex(idx);
        l.setParamsViewArray(view);
        l.setParamTable(initializer().init(conf, view, initialize));
        l.setConf(conf);
        return l;
    }

    @Override
    public ParamInitializer initializer() {
        return Init.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        if (in.getType() != InputType.Type.RNN) {
            throw new IllegalStateException("AttentionPooling '" + getLayerName() + "' needs a recurrent input [batch, features, time], got " + in);
        }
        return InputType.feedForward(((InputType.InputTypeRecurrent) in).getSize());
    }

    @Override
    public void setNIn(InputType in, boolean override) {
        if (in.getType() != InputType.Type.RNN) {
            throw new IllegalStateException("AttentionPooling '" + getLayerName() + "' needs a recurrent input, got " + in);
        }
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeRecurrent) in).getSize();
            nOut = nIn;
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType in) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String p) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType in) {
        long n = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), AttentionPooling.class, in, getOutputType(-1, in))
                .standardMemory(n, n).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** Forward FLOPs per sample: scores 2·T·F, softmax ~5T, weighted sum 2·T·F. */
    public long flops(long timeSteps) {
        return 4L * timeSteps * getNIn() + 5L * timeSteps;
    }

    @Override
    public long flops(InputType in) {
        long t = in instanceof InputType.InputTypeRecurrent r ? Math.max(1, r.getTimeSeriesLength()) : 1;
        return flops(t);
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public AttentionPooling build() {
            return new AttentionPooling(this);
        }
    }

    /** W [F, 1], b [1, 1]. */
    public static final class Init implements ParamInitializer {
        public static final Init INSTANCE = new Init();
        public static final String W = "W";
        public static final String B = "b";

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer l) {
            return ((AttentionPooling) l).getNIn() + 1;
        }

        @Override
        public List<String> paramKeys(Layer l) {
            return Arrays.asList(W, B);
        }

        @Override
        public List<String> weightKeys(Layer l) {
            return Collections.singletonList(W);
        }

        @Override
        public List<String> biasKeys(Layer l) {
            return Collections.singletonList(B);
        }

        @Override
        public boolean isWeightParam(Layer l, String k) {
            return W.equals(k);
        }

        @Override
        public boolean isBiasParam(Layer l, String k) {
            return B.equals(k);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
            AttentionPooling a = (AttentionPooling) conf.getLayer();
            Map<String, INDArray> m = subsets(view, a.getNIn());
            if (initialize) {
                a.getWeightInitFn().init(a.getNIn(), 1, new long[] {a.getNIn(), 1}, 'f', m.get(W));
                m.get(B).assign(a.getBiasInit());
            }
            conf.addVariable(W);
            conf.addVariable(B);
            return m;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
            return subsets(view, ((AttentionPooling) conf.getLayer()).getNIn());
        }

        private static Map<String, INDArray> subsets(INDArray view, long f) {
            INDArray flat = view.reshape(view.length());
            Map<String, INDArray> m = new LinkedHashMap<>();
            m.put(W, flat.get(NDArrayIndex.interval(0, f)).reshape('f', f, 1));
            m.put(B, flat.get(NDArrayIndex.interval(f, f + 1)).reshape(1, 1));
            return m;
        }
    }
}
