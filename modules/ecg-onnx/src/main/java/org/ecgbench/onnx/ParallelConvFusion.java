package org.ecgbench.onnx;

import static org.ecgbench.onnx.OnnxGraph.attrInts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Export-time fusion of parallel wide strided convolutions merged on the channel axis (ECGencode's
 * temporal block: four bias-free {@code [1, k]} convolutions, k = 16…1024, stride 8, 'same' padding,
 * on the same input, then a MergeVertex). ONNX Runtime runs each of them as a GEMM with only 4 filters;
 * here they become ONE convolution over the polyphase form of the input: with stride s, input sample
 * {@code s·q + p} goes to channel p (s channels per input channel), every ≤{@value #SLICE}-wide kernel
 * slice becomes a stride-1 kernel of {@value #SLICE}/s taps at an integer shift, all slices of all
 * convolutions are the filters of one Conv (a GEMM with many filters), and each original output is the
 * sum of its slices' outputs at their shifts. Same arithmetic up to float summation order (and zero
 * taps where a slice is shorter than {@value #SLICE}).
 *
 * <p>Applies when: the merge (axis 1) reads only exact {@code ConvolutionLayer}s, each read by nothing
 * else, all on the same input vertex without preprocessor, NCHW, kernel height 1, the same W stride
 * s &gt; 1, dilation 1, 'same' mode, no bias, identity activation, and every convolution's offset in the
 * common padded input and {@value #SLICE} are multiples of s. Anything else is exported unfused.
 */
final class ParallelConvFusion {
    /** Kernel slice width (taps of the original stride-s kernel). */
    static final int SLICE = 128;

    private ParallelConvFusion() {}

    /** A fusable merge: its name, the shared input vertex and the convolutions in merge order. */
    record Plan(String merge, String input, List<String> convs) {}

    /** Finds every fusable MergeVertex in {@code conf}. */
    static Map<String, Plan> plan(ComputationGraphConfiguration conf, Map<String, InputType> types) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        Map<String, Integer> readers = new java.util.HashMap<>();
        for (List<String> ins : conf.getVertexInputs().values()) for (String s : ins) readers.merge(s, 1, Integer::sum);
        for (String out : conf.getNetworkOutputs()) readers.merge(out, 1, Integer::sum);
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof MergeVertex mv) || mv.getMergeAxis() != 1) continue;
            List<String> ins = conf.getVertexInputs().get(e.getKey());
            if (ins == null || ins.size() < 2) continue;
            String input = null;
            Integer stride = null;
            boolean ok = true;
            for (String c : ins) {
                GraphVertex v = conf.getVertices().get(c);
                if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null || lv.getLayerConf().getLayer().getClass() != ConvolutionLayer.class
                        || readers.getOrDefault(c, 0) != 1) { ok = false; break; }
                ConvolutionLayer cl = (ConvolutionLayer) lv.getLayerConf().getLayer();
                List<String> cin = conf.getVertexInputs().get(c);
                int[] d = cl.getDilation() == null ? new int[] {1, 1} : cl.getDilation();
                if (cin.size() != 1 || (input != null && !input.equals(cin.get(0))) || cl.getKernelSize()[0] != 1 || cl.getStride()[0] != 1
                        || d[0] != 1 || d[1] != 1 || cl.getConvolutionMode() != ConvolutionMode.Same || cl.hasBias()
                        || !(cl.getActivationFn() instanceof ActivationIdentity) || cl.getCnn2dDataFormat() != CNN2DFormat.NCHW
                        || (stride != null && stride != cl.getStride()[1])) { ok = false; break; }
                input = cin.get(0);
                stride = cl.getStride()[1];
            }
            if (!ok || stride <= 1 || SLICE % stride != 0 || !(types.get(input) instanceof InputType.InputTypeConvolutional in)
                    || in.getFormat() != CNN2DFormat.NCHW) continue;
            // every convolution's offset in the common padded input must be a multiple of the stride
            long w = in.getWidth(), outW = (w + stride - 1) / stride;
            long maxPad = 0;
            long[] padL = new long[ins.size()];
            for (int i = 0; i < ins.size(); i++) {
                int k = ((ConvolutionLayer) ((LayerVertex) conf.getVertices().get(ins.get(i))).getLayerConf().getLayer()).getKernelSize()[1];
                padL[i] = Math.max(0, (outW - 1) * stride + k - w) / 2;
                maxPad = Math.max(maxPad, padL[i]);
            }
            for (long p : padL) if ((maxPad - p) % stride != 0) ok = false;
            if (ok) plans.put(e.getKey(), new Plan(e.getKey(), input, ins));
        }
        return plans;
    }

    /** One kernel slice: which convolution, its filters' weights [F, C, 1, taps], and its start offset in the common padded input. */
    private record Slice(int conv, INDArray w, long offset) {}

    /** Emits the fused computation; returns the merged output tensor [b, ΣF, H, outW]. */
    static String convert(OnnxGraph g, Plan plan, String x, InputType.InputTypeConvolutional in, List<ConvolutionLayer> convs,
                          List<INDArray> weights) {
        String nm = plan.merge();
        int s = convs.get(0).getStride()[1];
        long c = in.getChannels(), h = in.getHeight(), w = in.getWidth(), outW = (w + s - 1) / s;
        long[] padL = new long[convs.size()];
        long p0 = 0;
        for (int i = 0; i < convs.size(); i++) {
            int k = convs.get(i).getKernelSize()[1];
            padL[i] = Math.max(0, (outW - 1) * s + k - w) / 2;
            p0 = Math.max(p0, padL[i]);
        }
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            INDArray wi = weights.get(i); // [F, C, 1, k]
            long k = wi.size(3);
            for (long from = 0; from < k; from += SLICE) {
                long to = Math.min(k, from + SLICE);
                slices.add(new Slice(i, wi.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)),
                        p0 - padL[i] + from));
            }
        }
        int taps = SLICE / s;
        long maxShift = 0;
        for (Slice sl : slices) maxShift = Math.max(maxShift, sl.offset() / s);
        long wq = maxShift + outW + taps - 1;             // polyphase length needed
        long wp = wq * s;                                  // padded input length
        long padR = wp - p0 - w;
        if (padR < 0) throw new IllegalStateException("ONNX export: fusion of '" + nm + "': negative right padding");
        // polyphase input: [b, C, H, Wp] -> [b, C, H, Wq, s] -> [b, C, s, H, Wq] -> [b, C*s, H, Wq]
        String xp = g.op("Pad", nm + "_pad", List.of(x, g.ints(nm + "_pads", 0, 0, 0, p0, 0, 0, 0, padR)));
        String x5 = g.op("Reshape", nm + "_phases", List.of(xp, g.ints(nm + "_phases_shape", 0, c, h, wq, s)));
        String xt = g.op("Transpose", nm + "_phases_t", List.of(x5), attrInts("perm", 0, 1, 4, 2, 3));
        String xpoly = g.op("Reshape", nm + "_poly", List.of(xt, g.ints(nm + "_poly_shape", 0, c * s, h, wq)));
        // fused weights [ΣF, C*s, 1, taps]: tap j = s*q + p of a slice -> channel c*s + p, position q
        long filters = 0;
        for (Slice sl : slices) filters += sl.w().size(0);
        float[] fw = new float[(int) (filters * c * s * taps)];
        long f0 = 0;
        for (Slice sl : slices) {
            INDArray a = sl.w();
            long nf = a.size(0), kk = a.size(3);
            for (long f = 0; f < nf; f++) {
                for (long ci = 0; ci < c; ci++) {
                    for (long j = 0; j < kk; j++) {
                        long q = j / s, p = j % s;
                        fw[(int) ((((f0 + f) * c * s) + ci * s + p) * taps + q)] = a.getFloat(f, ci, 0, j);
                    }
                }
            }
            f0 += nf;
        }
        String y = g.op("Conv", nm + "_fused", List.of(xpoly, g.floats(nm + "_fused_W", fw, filters, c * s, 1, taps)),
                attrInts("kernel_shape", 1, taps), attrInts("strides", 1, 1), attrInts("pads", 0, 0, 0, 0));
        // each convolution = sum of its slices' filter blocks, shifted
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) outs.add(null);
        f0 = 0;
        int idx = 0;
        for (Slice sl : slices) {
            long nf = sl.w().size(0), shift = sl.offset() / s;
            String part = g.op("Slice", nm + "_s" + idx, List.of(y, g.ints(nm + "_s" + idx + "_st", f0, shift), g.ints(nm + "_s" + idx + "_en",
                    f0 + nf, shift + outW), g.ints(nm + "_s" + idx + "_ax", 1, 3)));
            String acc = outs.get(sl.conv());
            outs.set(sl.conv(), acc == null ? part : g.op("Add", nm + "_c" + sl.conv() + "_sum" + idx, List.of(acc, part)));
            f0 += nf;
            idx++;
        }
        return g.op("Concat", nm, outs, OnnxGraph.attr("axis", 1L));
    }
}
