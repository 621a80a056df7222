package org.ecgbench.models.layers;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link GRU}: input weights {@code W} [nIn, 3H], recurrent weights {@code RW}
 * [H, 3H] (gate blocks in the order update z, reset r, candidate n, as Keras) and biases {@code b}
 * [1, 6H]: the input bias (3H) followed by the recurrent bias (3H), Keras' {@code reset_after=True}
 * layout, so the parameter count equals Keras': 3·(nIn·H + H·H + 2H).
 */
public final class GRUParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    private static final GRUParamInitializer INSTANCE = new GRUParamInitializer();
    private static final List<String> KEYS = List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);

    public static GRUParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU g = (GRU) layer;
        long nIn = g.getNIn(), h = g.getNOut();
        return 3 * (nIn * h + h * h + 2 * h);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Arrays.asList(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.singletonList(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
        GRU g = (GRU) conf.getLayer();
        long nIn = g.getNIn(), h = g.getNOut();
        Map<String, INDArray> m = subsets(view, nIn, h);
        if (initialize) {
            g.getWeightInitFn().init(nIn, 3 * h, new long[] {nIn, 3 * h}, 'f', m.get(WEIGHT_KEY));
            (g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent() : g.getWeightInitFn())
                    .init(h, 3 * h, new long[] {h, 3 * h}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            m.get(BIAS_KEY).assign(g.getBiasInit());
        }
        conf.addVariable(WEIGHT_KEY);
        conf.addVariable(RECURRENT_WEIGHT_KEY);
        conf.addVariable(BIAS_KEY);
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
        GRU g = (GRU) conf.getLayer();
        return subsets(view, g.getNIn(), g.getNOut());
    }

    private static Map<String, INDArray> subsets(INDArray view, long nIn, long h) {
        INDArray flat = view.reshape(view.length());
        long a = nIn * 3 * h, b = a + h * 3 * h, c = b + 6 * h;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, flat.get(NDArrayIndex.interval(0, a)).reshape('f', nIn, 3 * h));
        m.put(RECURRENT_WEIGHT_KEY, flat.get(NDArrayIndex.interval(a, b)).reshape('f', h, 3 * h));
        m.put(BIAS_KEY, flat.get(NDArrayIndex.interval(b, c)).reshape(1, 6 * h));
        return m;
    }
}
