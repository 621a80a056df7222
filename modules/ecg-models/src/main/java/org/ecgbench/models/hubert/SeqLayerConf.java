package org.ecgbench.models.hubert;

import java.util.Collection;
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
import org.ecgbench.models.flops.FlopsAware;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Common configuration of the HuBERT-ECG sequence layers: input and output are recurrent
 * {@code [batch, features, time]} (same length in and out), parameters are a fixed list of named
 * tensors laid out one after the other in the layer's parameter view ({@link ParamSpec}).
 */
public abstract class SeqLayerConf extends FeedForwardLayer implements FlopsAware {

    /** One named parameter tensor: its shape, whether it is a weight (regularised, quantized) or a bias. */
    public record ParamSpec(String name, long[] shape, boolean weight, boolean bias) {
        long length() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }
    }

    protected SeqLayerConf(FeedForwardLayer.Builder<?> b) {
        super(b);
    }

    protected SeqLayerConf() {
        super();
    }

    /** The parameter tensors, in view order. */
    public abstract List<ParamSpec> paramSpecs();

    /** Initial values of the parameters (views already carved out of the flat view). */
    protected abstract void initParams(Map<String, INDArray> params);

    /** The runtime layer. */
    protected abstract org.deeplearning4j.nn.api.Layer createLayer(NeuralNetConfiguration conf, DataType dataType);

    /** nOut from nIn when nOut was not set (e.g. layer norm: the same). */
    protected long nOutFor(long nIn) {
        return nOut > 0 ? nOut : nIn;
    }

    /** FLOPs per time step (multiply+add = 2). */
    public abstract long flopsPerStep();

    /** Extra FLOPs per sample that are not linear in T (e.g. attention's T^2 terms). */
    public long flopsExtra(long timeSteps) {
        return 0;
    }

    @Override
    public long flops(InputType in) {
        long t = in instanceof InputType.InputTypeRecurrent r ? Math.max(1, r.getTimeSeriesLength()) : 1;
        return t * flopsPerStep() + flopsExtra(t);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int idx,
                                                       INDArray view, boolean initialize, DataType dataType) {
        org.deeplearning4j.nn.api.Layer l = createLayer(conf, dataType);
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
            throw new IllegalStateException(getClass().getSimpleName() + " '" + getLayerName() + "' needs a recurrent input [batch, features, time], got " + in);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) in;
        return InputType.recurrent(nOutFor(r.getSize()), r.getTimeSeriesLength());
    }

    @Override
    public void setNIn(InputType in, boolean override) {
        if (in.getType() != InputType.Type.RNN) {
            throw new IllegalStateException(getClass().getSimpleName() + " '" + getLayerName() + "' needs a recurrent input, got " + in);
        }
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeRecurrent) in).getSize();
            nOut = nOutFor(nIn);
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
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), in, getOutputType(-1, in))
                .standardMemory(n, n).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** Carves the named tensors out of a flat parameter (or gradient) view. Weights are 'f' order like DL4J's dense layers. */
    static Map<String, INDArray> carve(SeqLayerConf c, INDArray view) {
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> m = new LinkedHashMap<>();
        long off = 0;
        for (ParamSpec p : c.paramSpecs()) {
            long n = p.length();
            m.put(p.name(), flat.get(NDArrayIndex.interval(off, off + n)).reshape('f', p.shape()));
            off += n;
        }
        return m;
    }

    /** Parameter initializer driven by {@link #paramSpecs()}. */
    public static final class Init implements ParamInitializer {
        public static final Init INSTANCE = new Init();

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer l) {
            long n = 0;
            for (ParamSpec p : ((SeqLayerConf) l).paramSpecs()) n += p.length();
            return n;
        }

        @Override
        public List<String> paramKeys(Layer l) {
            return ((SeqLayerConf) l).paramSpecs().stream().map(ParamSpec::name).toList();
        }

        @Override
        public List<String> weightKeys(Layer l) {
            return ((SeqLayerConf) l).paramSpecs().stream().filter(ParamSpec::weight).map(ParamSpec::name).toList();
        }

        @Override
        public List<String> biasKeys(Layer l) {
            return ((SeqLayerConf) l).paramSpecs().stream().filter(ParamSpec::bias).map(ParamSpec::name).toList();
        }

        @Override
        public boolean isWeightParam(Layer l, String k) {
            return weightKeys(l).contains(k);
        }

        @Override
        public boolean isBiasParam(Layer l, String k) {
            return biasKeys(l).contains(k);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
            SeqLayerConf c = (SeqLayerConf) conf.getLayer();
            Map<String, INDArray> m = carve(c, view);
            if (initialize) c.initParams(m);
            for (String k : m.keySet()) conf.addVariable(k);
            return m;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
            return carve((SeqLayerConf) conf.getLayer(), view);
        }
    }
}
