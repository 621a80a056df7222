package org.ecgbench.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gated recurrent unit layer configuration (DL4J 1.0.0-M2.1 has none). Keras-compatible GRU with
 * {@code reset_after=True} (the Keras/cuDNN default):
 * <pre>
 * z = σ(x·Wz + bz + h·Uz + cz)       update gate
 * r = σ(x·Wr + br + h·Ur + cr)       reset gate
 * n = tanh(x·Wn + bn + r ⊙ (h·Un + cn))
 * h' = z ⊙ h + (1 − z) ⊙ n
 * </pre>
 * Input {@code [batch, nIn, T]} (NCW), output {@code [batch, nOut, T]} (all time steps). Works inside
 * DL4J's {@code Bidirectional} wrapper. Forward and backward passes are explicit (see
 * {@link GRULayer}) and verified by gradient checks. Serialises with the network's JSON.
 */
public class GRU extends BaseRecurrentLayer implements org.ecgbench.models.flops.FlopsAware {

    protected GRU(Builder b) {
        super(b);
    }

    /** For Jackson. */
    protected GRU() {
        super();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray view, boolean initialize, DataType dataType) {
        LayerValidation.assertNInNOutSet("GRU", getLayerName(), layerIndex, getNIn(), getNOut());
        GRULayer l = new GRULayer(conf, dataType);
        l.setListeners(listeners);
        l.setIndex(layerIndex);
        l.setParamsViewArray(view);
        Map<String, INDArray> table = initializer().init(conf, view, initialize);
        l.setParamTable(table);
        l.setConf(conf);
        return l;
    }

    @Override
    public ParamInitializer initializer() {
        return GRUParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long n = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), GRU.class, inputType, getOutputType(-1, inputType))
                .standardMemory(n, n).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** Forward FLOPs per sample for T steps (multiply+add = 2): 2·T·3H·(nIn+H) for the products plus ~10·T·H elementwise. */
    public long flops(long timeSteps) {
        long h = getNOut();
        return timeSteps * (2L * 3 * h * (getNIn() + h) + 10L * h);
    }

    @Override
    public long flops(InputType in) {
        long t = in instanceof InputType.InputTypeRecurrent r ? Math.max(1, r.getTimeSeriesLength()) : 1;
        return flops(t);
    }

    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        public Builder() {
            dataFormat(RNNFormat.NCW);
        }

        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
