package org.ecgbench.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Post-training fake quantization of a DL4J ComputationGraph: selected weight tensors are quantized
 * and dequantized back to float32 in a copy of the network (the original is untouched), and the
 * {@link CompressionReport} accounts for the bits a packed file needs. The weight tensors DL4J's
 * parameter initializers call weights ({@link #isWeight}) are quantized: convolutional, dense,
 * recurrent, separable, bidirectional and attention layers' weights; biases, batch-norm and
 * layer-norm parameters and statistics stay float32.
 */
public final class FakeQuantizer {
    private FakeQuantizer() {}

    /**
     * Whether a parameter is a quantizable weight tensor: DL4J's own answer ({@code ParamInitializer.isWeightParam} of the
     * layer's configuration: conv, dense, recurrent, separable/depthwise, bidirectional and our custom layers' weights),
     * restricted to tensors of rank 2 or more, so biases, batch-norm and layer-norm parameters stay float32.
     */
    public static boolean isWeight(Layer l, String key) {
        org.deeplearning4j.nn.conf.layers.Layer c = l.conf().getLayer();
        INDArray p = l.getParam(key);
        return c.initializer().isWeightParam(c, key) && p != null && p.rank() >= 2;
    }

    public enum Granularity { PER_TENSOR, PER_CHANNEL }

    public record Result(ComputationGraph net, CompressionReport report, Map<String, QuantizedTensor> tensors) {}

    /** Layers (by name) that own at least one quantizable weight tensor, in network order. */
    public static java.util.List<String> quantizableLayers(ComputationGraph net) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Layer l : net.getLayers()) {
            for (String k : l.paramTable().keySet()) {
                if (isWeight(l, k)) {
                    out.add(l.conf().getLayer().getLayerName());
                    break;
                }
            }
        }
        return out;
    }

    /**
     * @param bitsPerLayer bit-width per layer name; layers absent from the map keep float32.
     */
    public static Result apply(ComputationGraph net, Map<String, Integer> bitsPerLayer, QuantizedTensor.Scheme scheme, Granularity g) {
        ComputationGraph copy = net.clone();
        CompressionReport rep = new CompressionReport();
        Map<String, QuantizedTensor> tensors = new LinkedHashMap<>();
        for (Layer l : copy.getLayers()) {
            String layer = l.conf().getLayer().getLayerName();
            Integer bits = bitsPerLayer.get(layer);
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                String key = e.getKey();
                INDArray p = e.getValue();
                long n = p.length();
                if (bits == null || !isWeight(l, key)) {
                    rep.add(new CompressionReport.Row(layer, key, n, 32, 32L * n, false));
                    continue;
                }
                long[] shape = p.shape();
                int axis = g == Granularity.PER_TENSOR ? -1 : channelAxis(l, key, shape);
                float[] w = p.castTo(DataType.FLOAT).dup('c').data().asFloat();
                QuantizedTensor qt = TensorQuantizer.quantize(layer + "_" + key, w, shape, bits, scheme, axis);
                float[] dq = qt.dequantize();
                l.setParam(key, Nd4j.create(dq, shape, 'c').castTo(p.dataType()));
                tensors.put(layer + "_" + key, qt);
                rep.add(new CompressionReport.Row(layer, key, n, bits, qt.storedBits(), true));
            }
        }
        return new Result(copy, rep, tensors);
    }

    /** Output-channel axis of a DL4J weight tensor. */
    static int channelAxis(Layer l, String key, long[] shape) {
        if (shape.length == 4) return l.conf().getLayer() instanceof DepthwiseConvolution2D ? 2 : 0; // conv W [out, in, kh, kw]
        if (shape.length == 2) return 1; // dense/recurrent W [in, out]
        return -1;
    }
}
