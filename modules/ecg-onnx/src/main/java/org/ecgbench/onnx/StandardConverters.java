package org.ecgbench.onnx;

import static org.ecgbench.onnx.OnnxGraph.attr;
import static org.ecgbench.onnx.OnnxGraph.attrInts;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converters for DL4J's built-in layers, vertices and preprocessors. Layouts: convolutional
 * activations are NCHW (ONNX's layout), recurrent activations DL4J's NCW {@code [batch, features, time]};
 * ONNX's LSTM/GRU read and write time-major tensors, so recurrent layers are wrapped in Transposes.
 */
public final class StandardConverters {
    private StandardConverters() {}

    static void registerAll(ConverterRegistry r) {
        r.layer(ConvolutionLayer.class, StandardConverters::conv);
        r.layer(DepthwiseConvolution2D.class, StandardConverters::depthwise);
        r.layer(SeparableConvolution2D.class, StandardConverters::separable);
        r.layer(BatchNormalization.class, StandardConverters::batchNorm);
        r.layer(ActivationLayer.class, (g, n) -> Activations.apply(g, n.name(), ((ActivationLayer) n.conf()).getActivationFn(), n.input(), 1));
        r.layer(DropoutLayer.class, (g, n) -> n.input()); // identity at inference
        r.layer(SubsamplingLayer.class, StandardConverters::pool);
        r.layer(GlobalPoolingLayer.class, StandardConverters::globalPool);
        r.layer(DenseLayer.class, StandardConverters::dense);
        r.layer(OutputLayer.class, StandardConverters::dense);
        r.layer(LSTM.class, (g, n) -> recurrent(g, n, n.conf(), ""));
        r.layer(Bidirectional.class, StandardConverters::bidirectional);
        r.layer(LastTimeStep.class, StandardConverters::lastTimeStep);

        r.vertex(ReshapeVertex.class, StandardConverters::reshape);
        r.vertex(MergeVertex.class, StandardConverters::merge);
        r.vertex(ElementWiseVertex.class, StandardConverters::elementWise);
        r.vertex(ReverseTimeSeriesVertex.class, StandardConverters::reverseTime);

        r.preprocessor(org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor.class, StandardConverters::rnnToFf);
        r.preprocessor(CnnToFeedForwardPreProcessor.class, (g, layer, p, in, type) -> {
            if (((CnnToFeedForwardPreProcessor) p).getFormat() != CNN2DFormat.NCHW) {
                throw new UnsupportedOperationException("ONNX export: layer '" + layer + "': CnnToFeedForwardPreProcessor supports NCHW only");
            }
            // DL4J flattens NCHW activations in 'c' order: [b, C*H*W]
            return g.op("Reshape", layer + "_flatten", List.of(in, g.ints(layer + "_flatten_shape", 0, -1)));
        });
    }

    /** DL4J's RnnToFeedForwardPreProcessor: identity on rank-2 input, else [b, F, T] -> [b*T, F]. */
    static String rnnToFf(OnnxGraph g, String layer, org.deeplearning4j.nn.conf.InputPreProcessor p, String in, InputType type) {
        if (type instanceof InputType.InputTypeFeedForward) return in; // DL4J returns rank-2 input unchanged
        if (type instanceof InputType.InputTypeRecurrent r && r.getFormat() == RNNFormat.NCW) {
            String t = g.op("Transpose", layer + "_rnn2ff_t", List.of(in), attrInts("perm", 0, 2, 1));
            return g.op("Reshape", layer + "_rnn2ff", List.of(t, g.ints(layer + "_rnn2ff_shape", -1, r.getSize())));
        }
        throw new UnsupportedOperationException("ONNX export: layer '" + layer + "': RnnToFeedForwardPreProcessor on input type " + type);
    }

    // ------------------------------------------------------------------ helpers

    static UnsupportedOperationException unsupported(LayerNode n, String what) {
        return new UnsupportedOperationException("ONNX export: layer '" + n.name() + "' (" + n.conf().getClass().getSimpleName() + "): " + what
                + " is not supported");
    }

    private static InputType.InputTypeConvolutional cnnInput(LayerNode n) {
        if (!(n.inputType() instanceof InputType.InputTypeConvolutional c)) {
            throw unsupported(n, "input type " + n.inputType() + " (expected convolutional NCHW)");
        }
        if (c.getFormat() != CNN2DFormat.NCHW) throw unsupported(n, "data format " + c.getFormat());
        return c;
    }

    /** ONNX pads [top, left, bottom, right] for a 2-D window as DL4J computes them. */
    static long[] pads(LayerNode n, ConvolutionMode mode, int[] kernel, int[] stride, int[] dilation, int[] padding,
                       InputType.InputTypeConvolutional in) {
        long[] size = {in.getHeight(), in.getWidth()};
        long[] p = new long[4];
        if (mode == ConvolutionMode.Same) {
            for (int i = 0; i < 2; i++) {
                long eff = kernel[i] + (long) (kernel[i] - 1) * (dilation[i] - 1);
                long out = (size[i] + stride[i] - 1) / stride[i];
                long total = Math.max(0, (out - 1) * stride[i] + eff - size[i]);
                p[i] = total / 2;
                p[i + 2] = total - total / 2;
            }
        } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            int[] pad = padding == null ? new int[] {0, 0} : padding;
            p[0] = pad[0];
            p[1] = pad[1];
            p[2] = pad[0];
            p[3] = pad[1];
        } else {
            throw unsupported(n, "convolution mode " + mode);
        }
        return p;
    }

    private static int[] dil(int[] d) {
        return d == null ? new int[] {1, 1} : d;
    }

    private static long[] l(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    /**
     * Convolutions with a kernel wider than this along W are exported as a sum of convolutions over
     * kernel slices of at most this width (same result up to float summation order). ONNX Runtime 1.24's
     * CPU convolution slows down sharply for very wide kernels: ECGencode's [1, 1024] stride-8 temporal
     * convolution on 12 x 5,000 took 9.7 ms as one Conv and 4 x 0.56 ms as four [1, 256] slices. Whole ECGencode M1, one
     * ECG, ORT profiler on the loaded 2-core machine: 11.2 ms unsplit, 4.1 ms with slices of 256, 3.7 ms of 128, 4.4 ms of 64.
     */
    public static final int MAX_CONV_KERNEL_WIDTH = 128;

    /** Conv node (weights already in ONNX layout [outC, inC/group, kH, kW]). */
    private static String convNode(OnnxGraph g, LayerNode n, String hint, String x, INDArray w, INDArray bias, long group,
                                   ConvolutionLayer c, InputType.InputTypeConvolutional in) {
        int[] k = c.getKernelSize(), s = c.getStride(), d = dil(c.getDilation());
        long[] pads = pads(n, c.getConvolutionMode(), k, s, d, c.getPadding(), in);
        if (k[1] > MAX_CONV_KERNEL_WIDTH && group == 1 && d[1] == 1) return splitConv(g, hint, x, w, bias, k, s, d, pads, in);
        List<String> ins = new ArrayList<>(List.of(x, g.floats(hint + "_W", w)));
        if (bias != null) ins.add(g.floats(hint + "_B", bias, bias.length()));
        return g.op("Conv", hint, ins, attrInts("kernel_shape", l(k)), attrInts("strides", l(s)), attrInts("dilations", l(d)),
                attrInts("pads", pads), attr("group", group));
    }

    /** Wide-kernel convolution as Pad + a sum of Convs over W-slices of the kernel (see {@link #MAX_CONV_KERNEL_WIDTH}). */
    private static String splitConv(OnnxGraph g, String hint, String x, INDArray w, INDArray bias, int[] k, int[] s, int[] d, long[] pads,
                                    InputType.InputTypeConvolutional in) {
        String xp = x;
        if (pads[0] + pads[1] + pads[2] + pads[3] > 0) {
            xp = g.op("Pad", hint + "_pad", List.of(x, g.ints(hint + "_pads", 0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3])));
        }
        long outW = (in.getWidth() + pads[1] + pads[3] - k[1]) / s[1] + 1;
        String acc = null;
        int chunks = (k[1] + MAX_CONV_KERNEL_WIDTH - 1) / MAX_CONV_KERNEL_WIDTH;
        for (int ci = 0; ci < chunks; ci++) {
            long from = (long) ci * MAX_CONV_KERNEL_WIDTH, kc = Math.min(MAX_CONV_KERNEL_WIDTH, k[1] - from);
            INDArray wc = w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + kc));
            String h = hint + "_k" + ci;
            String xs = g.op("Slice", h + "_in", List.of(xp, g.ints(h + "_st", from), g.ints(h + "_en", from + (outW - 1) * s[1] + kc),
                    g.ints(h + "_ax", 3)));
            List<String> ins = new ArrayList<>(List.of(xs, g.floats(h + "_W", wc)));
            if (ci == 0 && bias != null) ins.add(g.floats(hint + "_B", bias, bias.length()));
            String y = g.op("Conv", ci == chunks - 1 && chunks == 1 ? hint : h, ins, attrInts("kernel_shape", k[0], kc), attrInts("strides", l(s)),
                    attrInts("dilations", l(d)), attrInts("pads", 0, 0, 0, 0));
            acc = acc == null ? y : g.op("Add", ci == chunks - 1 ? hint : h + "_sum", List.of(acc, y));
        }
        return acc;
    }

    // ------------------------------------------------------------------ layers

    static String conv(OnnxGraph g, LayerNode n) {
        ConvolutionLayer c = (ConvolutionLayer) n.conf();
        InputType.InputTypeConvolutional in = cnnInput(n);
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) throw unsupported(n, "data format " + c.getCnn2dDataFormat());
        INDArray w = n.param("W"); // [outC, inC, kH, kW], as ONNX
        String y = convNode(g, n, n.name(), n.input(), w, c.hasBias() ? n.param("b") : null, 1, c, in);
        return Activations.apply(g, n.name() + "_act", c.getActivationFn(), y, 1);
    }

    static String depthwise(OnnxGraph g, LayerNode n) {
        DepthwiseConvolution2D c = (DepthwiseConvolution2D) n.conf();
        InputType.InputTypeConvolutional in = cnnInput(n);
        INDArray w = n.param("W"); // DL4J [kH, kW, inC, depthMult]
        long kh = w.size(0), kw = w.size(1), inC = w.size(2), m = w.size(3);
        // output channel c*m + j (libnd4j depthwise order) = ONNX group c, j-th filter of the group
        INDArray wo = w.permute(2, 3, 0, 1).dup('c').reshape('c', inC * m, 1, kh, kw);
        String y = convNode(g, n, n.name(), n.input(), wo, c.hasBias() ? n.param("b") : null, inC, c, in);
        return Activations.apply(g, n.name() + "_act", c.getActivationFn(), y, 1);
    }

    static String separable(OnnxGraph g, LayerNode n) {
        SeparableConvolution2D c = (SeparableConvolution2D) n.conf();
        InputType.InputTypeConvolutional in = cnnInput(n);
        INDArray dw = n.param("W"); // DL4J [depthMult, inC, kH, kW]
        long m = dw.size(0), inC = dw.size(1), kh = dw.size(2), kw = dw.size(3);
        INDArray dwo = dw.permute(1, 0, 2, 3).dup('c').reshape('c', inC * m, 1, kh, kw);
        String depth = convNode(g, n, n.name() + "_depthwise", n.input(), dwo, null, inC, c, in);
        INDArray pw = n.param("pW"); // [outC, inC*m, 1, 1]
        List<String> ins = new ArrayList<>(List.of(depth, g.floats(n.name() + "_pW", pw)));
        if (c.hasBias()) ins.add(g.floats(n.name() + "_B", n.param("b"), n.param("b").length()));
        String y = g.op("Conv", n.name() + "_pointwise", ins, attrInts("kernel_shape", 1, 1));
        return Activations.apply(g, n.name() + "_act", c.getActivationFn(), y, 1);
    }

    static String batchNorm(OnnxGraph g, LayerNode n) {
        BatchNormalization bn = (BatchNormalization) n.conf();
        if (n.inputType() instanceof InputType.InputTypeConvolutional c && c.getFormat() != CNN2DFormat.NCHW) {
            throw unsupported(n, "data format " + c.getFormat());
        }
        if (n.inputType() instanceof InputType.InputTypeRecurrent r && r.getFormat() != RNNFormat.NCW) {
            throw unsupported(n, "recurrent format " + r.getFormat());
        }
        INDArray mean = n.param("mean");
        long ch = mean.length();
        INDArray var;
        if (n.hasParam("log10stdev")) {
            // DL4J stores log10(std) when useLogStd: var = (10^log10std)^2
            INDArray std = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(n.param("log10stdev").shape(), 10.0,
                    n.param("log10stdev").dataType()), n.param("log10stdev"), false);
            var = std.mul(std);
        } else {
            var = n.param("var");
        }
        INDArray gamma, beta;
        if (bn.isLockGammaBeta()) {
            gamma = Nd4j.valueArrayOf(new long[] {ch}, bn.getGamma());
            beta = Nd4j.valueArrayOf(new long[] {ch}, bn.getBeta());
        } else {
            gamma = n.param("gamma");
            beta = n.param("beta");
        }
        String x = n.input();
        return g.op("BatchNormalization", n.name(), List.of(x, g.floats(n.name() + "_gamma", gamma, ch), g.floats(n.name() + "_beta", beta, ch),
                g.floats(n.name() + "_mean", mean, ch), g.floats(n.name() + "_var", var, ch)), attr("epsilon", (float) bn.getEps()));
    }

    static String pool(OnnxGraph g, LayerNode n) {
        SubsamplingLayer s = (SubsamplingLayer) n.conf();
        InputType.InputTypeConvolutional in = cnnInput(n);
        int[] k = s.getKernelSize(), st = s.getStride(), d = dil(s.getDilation());
        long[] pads = pads(n, s.getConvolutionMode(), k, st, d, s.getPadding(), in);
        String t = String.valueOf(s.getPoolingType());
        if (t.equals("MAX")) {
            return g.op("MaxPool", n.name(), List.of(n.input()), attrInts("kernel_shape", l(k)), attrInts("strides", l(st)), attrInts("pads", pads),
                    attrInts("dilations", l(d)));
        }
        if (t.equals("AVG")) {
            if (d[0] != 1 || d[1] != 1) throw unsupported(n, "dilated average pooling");
            return g.op("AveragePool", n.name(), List.of(n.input()), attrInts("kernel_shape", l(k)), attrInts("strides", l(st)), attrInts("pads", pads),
                    attr("count_include_pad", s.isAvgPoolIncludePadInDivisor() ? 1L : 0L));
        }
        throw unsupported(n, "pooling type " + s.getPoolingType());
    }

    static String globalPool(OnnxGraph g, LayerNode n) {
        GlobalPoolingLayer p = (GlobalPoolingLayer) n.conf();
        long[] axes;
        if (p.getPoolingDimensions() != null) {
            axes = l(p.getPoolingDimensions());
        } else if (n.inputType() instanceof InputType.InputTypeConvolutional c) {
            if (c.getFormat() != CNN2DFormat.NCHW) throw unsupported(n, "data format " + c.getFormat());
            axes = new long[] {2, 3};
        } else if (n.inputType() instanceof InputType.InputTypeRecurrent r) {
            if (r.getFormat() != RNNFormat.NCW) throw unsupported(n, "recurrent format " + r.getFormat());
            axes = new long[] {2};
        } else {
            throw unsupported(n, "input type " + n.inputType());
        }
        // DL4J M2.1 declares (and returns) [b, C, 1] for global pooling over a recurrent input; keep that rank
        long keep = p.isCollapseDimensions() && !(n.outputType() instanceof InputType.InputTypeRecurrent) ? 0 : 1;
        return switch (p.getPoolingType()) {
            case AVG -> g.op("ReduceMean", n.name(), List.of(n.input()), attrInts("axes", axes), attr("keepdims", keep));
            case MAX -> g.op("ReduceMax", n.name(), List.of(n.input()), attrInts("axes", axes), attr("keepdims", keep));
            case SUM -> g.op("ReduceSum", n.name(), List.of(n.input(), g.ints(n.name() + "_axes", axes)), attr("keepdims", keep));
            default -> throw unsupported(n, "global pooling type " + p.getPoolingType());
        };
    }

    /** DenseLayer and OutputLayer: Gemm(x, W[nIn, nOut], b) then the activation; output layers report their logits. */
    static String dense(OnnxGraph g, LayerNode n) {
        FeedForwardLayer f = (FeedForwardLayer) n.conf();
        if (!(n.inputType() instanceof InputType.InputTypeFeedForward)) {
            throw unsupported(n, "input type " + n.inputType() + " (expected feed-forward [batch, features])");
        }
        INDArray w = n.param("W");
        boolean bias = n.hasParam("b");
        List<String> ins = new ArrayList<>(List.of(n.input(), g.floats(n.name() + "_W", w)));
        if (bias) ins.add(g.floats(n.name() + "_B", n.param("b"), n.param("b").length()));
        String z = g.op("Gemm", n.name() + (f instanceof OutputLayer ? "_logits" : "_gemm"), ins);
        if (f instanceof OutputLayer) n.logitsSink().accept(z);
        return Activations.apply(g, n.name(), f.getActivationFn(), z, 1);
    }

    // ------------------------------------------------------------------ recurrent

    private static InputType.InputTypeRecurrent rnnInput(LayerNode n) {
        if (!(n.inputType() instanceof InputType.InputTypeRecurrent r)) {
            throw unsupported(n, "input type " + n.inputType() + " (expected recurrent [batch, features, time])");
        }
        if (r.getFormat() != RNNFormat.NCW) throw unsupported(n, "recurrent format " + r.getFormat());
        return r;
    }

    /** ONNX weights of one direction of a recurrent layer: W [G*H, nIn], R [G*H, H], B [2*G*H]. */
    record RnnWeights(float[] w, float[] r, float[] b, long gates, long hidden, long nIn) {}

    /** DL4J LSTM (params W [nIn,4H], RW [H,4H], b [1,4H]; gate blocks [g, f, o, i]) to ONNX order [i, o, f, c]. */
    static RnnWeights lstmWeights(LayerNode n, LSTM lstm, String prefix) {
        checkActivation(n, lstm.getActivationFn(), ActivationTanH.class, "LSTM activation");
        checkActivation(n, lstm.getGateActivationFn(), ActivationSigmoid.class, "LSTM gate activation");
        INDArray w = n.param(prefix + "W"), rw = n.param(prefix + "RW"), b = n.param(prefix + "b");
        long h = rw.size(0), nIn = w.size(0);
        if (rw.size(1) != 4 * h) throw unsupported(n, "LSTM recurrent weights of shape " + java.util.Arrays.toString(rw.shape()) + " (peepholes?)");
        int[] order = {3, 2, 1, 0}; // ONNX i, o, f, c  <-  DL4J blocks i=3, o=2, f=1, g=0
        INDArray wo = Nd4j.create(w.dataType(), nIn, 4 * h), ro = Nd4j.create(w.dataType(), h, 4 * h), bo = Nd4j.create(w.dataType(), 1, 8 * h);
        for (int gi = 0; gi < 4; gi++) {
            var src = org.nd4j.linalg.indexing.NDArrayIndex.interval(order[gi] * h, (order[gi] + 1) * h);
            var dst = org.nd4j.linalg.indexing.NDArrayIndex.interval(gi * h, (gi + 1) * h);
            wo.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), dst).assign(w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), src));
            ro.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), dst).assign(rw.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), src));
            bo.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), dst).assign(b.reshape(1, 4 * h).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), src));
        }
        return new RnnWeights(OnnxGraph.toFloats(wo.transpose()), OnnxGraph.toFloats(ro.transpose()), OnnxGraph.toFloats(bo), 4, h, nIn);
    }

    static void checkActivation(LayerNode n, IActivation a, Class<?> expected, String what) {
        if (a == null || !expected.isInstance(a)) throw unsupported(n, what + " " + a + " (only " + expected.getSimpleName() + ")");
    }

    /** Weights of one direction for any supported recurrent layer configuration. */
    static RnnWeights rnnWeights(LayerNode n, Layer inner, String prefix) {
        if (inner instanceof LSTM lstm && inner.getClass() == LSTM.class) return lstmWeights(n, lstm, prefix);
        if (inner instanceof org.ecgbench.models.layers.GRU gru && inner.getClass() == org.ecgbench.models.layers.GRU.class) {
            return EcgbenchConverters.gruWeights(n, gru, prefix);
        }
        throw unsupported(n, "recurrent layer " + inner.getClass().getName());
    }

    private static String onnxRnnOp(RnnWeights w) {
        return w.gates() == 4 ? "LSTM" : "GRU";
    }

    /**
     * One ONNX LSTM/GRU node over {@code x} ([batch, nIn, T]); returns Y as [batch, dirs, H, T] in DL4J's
     * feature order (dirs = 1 or 2), and Y_h ([dirs, batch, H]) in {@code lastOut[0]} if non-null.
     */
    static String rnnNode(OnnxGraph g, LayerNode n, List<RnnWeights> dirs, String[] lastOut) {
        RnnWeights f = dirs.get(0);
        int nd = dirs.size();
        long gh = f.gates() * f.hidden();
        float[] w = new float[(int) (nd * gh * f.nIn())], r = new float[(int) (nd * gh * f.hidden())], b = new float[(int) (nd * 2 * gh)];
        for (int i = 0; i < nd; i++) {
            System.arraycopy(dirs.get(i).w(), 0, w, (int) (i * gh * f.nIn()), (int) (gh * f.nIn()));
            System.arraycopy(dirs.get(i).r(), 0, r, (int) (i * gh * f.hidden()), (int) (gh * f.hidden()));
            System.arraycopy(dirs.get(i).b(), 0, b, (int) (i * 2 * gh), (int) (2 * gh));
        }
        String xt = g.op("Transpose", n.name() + "_tbf", List.of(n.input()), attrInts("perm", 2, 0, 1)); // [T, b, nIn]
        List<String> ins = List.of(xt, g.floats(n.name() + "_W", w, nd, gh, f.nIn()), g.floats(n.name() + "_R", r, nd, gh, f.hidden()),
                g.floats(n.name() + "_B", b, nd, 2 * gh));
        List<OnnxGraph.Attr> attrs = new ArrayList<>();
        attrs.add(attr("hidden_size", f.hidden()));
        attrs.add(attr("direction", nd == 2 ? "bidirectional" : "forward"));
        if (f.gates() == 3) attrs.add(attr("linear_before_reset", 1L));
        List<String> outs = g.opMulti(onnxRnnOp(f), n.name(), ins, 2, attrs.toArray(new OnnxGraph.Attr[0]));
        if (lastOut != null) lastOut[0] = outs.get(1);
        // Y [T, dirs, b, H] -> [b, dirs, H, T]
        return g.op("Transpose", n.name() + "_bdht", List.of(outs.get(0)), attrInts("perm", 2, 1, 3, 0));
    }

    /** A unidirectional recurrent layer returning all steps [b, H, T]. */
    static String recurrent(OnnxGraph g, LayerNode n, Layer inner, String prefix) {
        rnnInput(n);
        RnnWeights w = rnnWeights(n, inner, prefix);
        String y = rnnNode(g, n, List.of(w), null);
        return g.op("Reshape", n.name() + "_seq", List.of(y, g.ints(n.name() + "_shape", 0, w.hidden(), -1)));
    }

    static String bidirectional(OnnxGraph g, LayerNode n) {
        Bidirectional bi = (Bidirectional) n.conf();
        rnnInput(n);
        if (bi.getRNNDataFormat() != null && bi.getRNNDataFormat() != RNNFormat.NCW) throw unsupported(n, "recurrent format " + bi.getRNNDataFormat());
        RnnWeights fw = rnnWeights(n, bi.getFwd(), "f"), bw = rnnWeights(n, bi.getBwd(), "b");
        String y = rnnNode(g, n, List.of(fw, bw), null); // [b, 2, H, T]
        long h = fw.hidden();
        return switch (bi.getMode()) {
            case CONCAT -> g.op("Reshape", n.name() + "_concat", List.of(y, g.ints(n.name() + "_shape", 0, 2 * h, -1)));
            case ADD -> g.op("ReduceSum", n.name() + "_add", List.of(y, g.ints(n.name() + "_axes", 1)), attr("keepdims", 0L));
            case AVERAGE -> g.op("ReduceMean", n.name() + "_avg", List.of(y), attrInts("axes", 1L), attr("keepdims", 0L));
            case MUL -> g.op("ReduceProd", n.name() + "_mul", List.of(y), attrInts("axes", 1L), attr("keepdims", 0L));
        };
    }

    /** LastTimeStep(recurrent layer): the underlying layer's output at the last time step, [b, H]. */
    static String lastTimeStep(OnnxGraph g, LayerNode n) {
        Layer inner = ((LastTimeStep) n.conf()).getUnderlying();
        rnnInput(n);
        if (inner.getClass() == Bidirectional.class) {
            String seq = bidirectional(g, new LayerNode(n.name(), inner, n.params(), n.input(), n.inputType(), n.outputType(), n.logitsSink()));
            String last = g.op("Gather", n.name() + "_last", List.of(seq, g.ints(n.name() + "_idx", -1)), attr("axis", 2L));
            return g.op("Squeeze", n.name(), List.of(last, g.ints(n.name() + "_sq", 2)));
        }
        RnnWeights w = rnnWeights(n, inner, "");
        String[] yh = new String[1];
        rnnNode(g, n, List.of(w), yh);
        return g.op("Squeeze", n.name(), List.of(yh[0], g.ints(n.name() + "_sq", 0))); // Y_h [1, b, H] -> [b, H]
    }

    // ------------------------------------------------------------------ vertices

    static String reshape(OnnxGraph g, String name, GraphVertex v, List<String> in, List<InputType> types) {
        ReshapeVertex r = (ReshapeVertex) v;
        if (r.getReshapeOrder() != 'c') {
            throw new UnsupportedOperationException("ONNX export: ReshapeVertex '" + name + "' with order '" + r.getReshapeOrder() + "' (only 'c')");
        }
        return g.op("Reshape", name, List.of(in.get(0), g.ints(name + "_shape", l(r.getNewShape()))));
    }

    static String merge(OnnxGraph g, String name, GraphVertex v, List<String> in, List<InputType> types) {
        if (in.size() == 1) return in.get(0);
        return g.op("Concat", name, in, attr("axis", (long) ((MergeVertex) v).getMergeAxis()));
    }

    static String elementWise(OnnxGraph g, String name, GraphVertex v, List<String> in, List<InputType> types) {
        ElementWiseVertex.Op op = ((ElementWiseVertex) v).getOp();
        return switch (op) {
            case Add -> g.op(in.size() == 2 ? "Add" : "Sum", name, in);
            case Subtract -> g.op("Sub", name, in);
            case Product -> {
                String acc = in.get(0);
                for (int i = 1; i < in.size(); i++) acc = g.op("Mul", i == in.size() - 1 ? name : name + "_p" + i, List.of(acc, in.get(i)));
                yield acc;
            }
            case Average -> g.op("Mean", name, in);
            case Max -> g.op("Max", name, in);
        };
    }

    static String reverseTime(OnnxGraph g, String name, GraphVertex v, List<String> in, List<InputType> types) {
        if (((ReverseTimeSeriesVertex) v).getMaskArrayInputName() != null) {
            throw new UnsupportedOperationException("ONNX export: ReverseTimeSeriesVertex '" + name + "' with a mask input");
        }
        return g.op("Slice", name, List.of(in.get(0), g.ints(name + "_starts", -1), g.ints(name + "_ends", Long.MIN_VALUE),
                g.ints(name + "_axes", 2), g.ints(name + "_steps", -1)));
    }
}
