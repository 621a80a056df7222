package org.ecgbench.models.flops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;

/**
 * Forward FLOPs per sample of a ComputationGraph configuration, multiply and add counted as 2
 * (the convention of ECGencode section 3.3): convolutions 2·k·C_in·C_out·positions (depthwise:
 * 2·k·C_in·multiplier·positions), dense 2·nIn·nOut, LSTM 2·4H·(nIn+H) per step, batch norm 2 per
 * element; layers implementing {@link FlopsAware} report their own. Activations, pooling and
 * element-wise vertices are not counted (they are small next to the products).
 */
public final class FlopCounter {
    private FlopCounter() {}

    /** Per-layer FLOPs (layer name → FLOPs) in topological order. */
    public static Map<String, Long> perLayer(ComputationGraphConfiguration conf, InputType... inputs) {
        Map<String, InputType> outTypes = conf.getLayerActivationTypes(inputs);
        List<String> inNames = conf.getNetworkInputs();
        for (int i = 0; i < inNames.size(); i++) outTypes.put(inNames.get(i), inputs[i]);
        // DL4J's ReshapeVertex reports recurrent types without a length: track time steps ourselves
        Map<String, Long> steps = new java.util.HashMap<>();
        for (int i = 0; i < inNames.size(); i++) steps.put(inNames.get(i), timeSteps(inputs[i]));
        for (String v : topological(conf)) {
            if (steps.containsKey(v)) continue;
            GraphVertex gv = conf.getVertices().get(v);
            List<String> ins = conf.getVertexInputs().get(v);
            long t = ins == null || ins.isEmpty() ? 1 : steps.getOrDefault(ins.get(0), 1L);
            if (gv instanceof ReshapeVertex rv && rv.getNewShape().length == 3) t = rv.getNewShape()[2];
            InputType ot = outTypes.get(v);
            if (ot instanceof InputType.InputTypeRecurrent r && r.getTimeSeriesLength() > 0) t = r.getTimeSeriesLength();
            if (ot instanceof InputType.InputTypeConvolutional c) t = c.getWidth();
            steps.put(v, t);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) continue;
            List<String> ins = conf.getVertexInputs().get(e.getKey());
            if (ins == null || ins.isEmpty()) continue;
            InputType in = outTypes.get(ins.get(0));
            if (in instanceof InputType.InputTypeRecurrent r && r.getTimeSeriesLength() <= 0) {
                in = InputType.recurrent(r.getSize(), steps.getOrDefault(ins.get(0), 1L));
            }
            InputPreProcessor pp = lv.getPreProcessor();
            if (pp != null && in != null) in = pp.getOutputType(in);
            InputType outT = outTypes.get(e.getKey());
            out.put(e.getKey(), layerFlops(lv.getLayerConf().getLayer(), in, outT));
        }
        return out;
    }

    static List<String> topological(ComputationGraphConfiguration conf) {
        List<String> order = new java.util.ArrayList<>(conf.getNetworkInputs());
        java.util.Set<String> done = new java.util.HashSet<>(order);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String v : conf.getVertices().keySet()) {
                if (done.contains(v)) continue;
                List<String> ins = conf.getVertexInputs().get(v);
                if (ins == null || done.containsAll(ins)) {
                    order.add(v);
                    done.add(v);
                    progress = true;
                }
            }
        }
        return order;
    }

    public static long total(ComputationGraphConfiguration conf, InputType... inputs) {
        return perLayer(conf, inputs).values().stream().mapToLong(Long::longValue).sum();
    }

    static long elements(InputType t) {
        if (t == null) return 0;
        long[] s = t.getShape(false);
        long n = 1;
        for (long v : s) n *= Math.max(1, v);
        return n;
    }

    static long timeSteps(InputType t) {
        return t instanceof InputType.InputTypeRecurrent r ? Math.max(1, r.getTimeSeriesLength()) : 1;
    }

    public static long layerFlops(Layer l, InputType in, InputType out) {
        if (l instanceof FlopsAware fa) return fa.flops(in);
        if (l instanceof Bidirectional b) return 2 * layerFlops(b.getFwd(), in, out);
        if (l instanceof SeparableConvolution2D s) {
            long pos = positions(out);
            long k = (long) s.getKernelSize()[0] * s.getKernelSize()[1];
            long cin = s.getNIn(), m = s.getDepthMultiplier();
            return 2 * k * cin * m * pos + 2 * cin * m * s.getNOut() * pos;
        }
        if (l instanceof DepthwiseConvolution2D d) {
            long k = (long) d.getKernelSize()[0] * d.getKernelSize()[1];
            return 2 * k * d.getNIn() * d.getDepthMultiplier() * positions(out);
        }
        if (l instanceof ConvolutionLayer c) {
            long k = (long) c.getKernelSize()[0] * c.getKernelSize()[1];
            return 2 * k * c.getNIn() * c.getNOut() * positions(out);
        }
        if (l instanceof BatchNormalization) return 2 * elements(in);
        if (l instanceof LSTM lstm) {
            long h = lstm.getNOut();
            return timeSteps(in) * (2 * 4 * h * (lstm.getNIn() + h) + 10 * h);
        }
        if (l instanceof BaseRecurrentLayer) return 0;
        if (l instanceof FeedForwardLayer f && (in instanceof InputType.InputTypeFeedForward)) {
            return 2 * f.getNIn() * f.getNOut();
        }
        return 0;
    }

    static long positions(InputType out) {
        if (out instanceof InputType.InputTypeConvolutional c) return c.getHeight() * c.getWidth();
        if (out instanceof InputType.InputTypeRecurrent r) return Math.max(1, r.getTimeSeriesLength());
        return 1;
    }
}
