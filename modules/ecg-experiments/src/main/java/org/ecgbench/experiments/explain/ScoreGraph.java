package org.ecgbench.experiments.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A trained {@link ComputationGraph} rebuilt so that DL4J's backpropagation yields gradients of one class score with
 * respect to the input and to any vertex's activations, at inference behaviour:
 * <ul>
 *   <li>every {@code BatchNormalization} becomes the affine map it computes at inference,
 *       {@code y = γ (x − μ) / sqrt(σ² + ε) + β}, as a 1×1 depthwise convolution (CNN input) or an element-wise
 *       multiplication layer (feed-forward input) — DL4J's BN backward pass always differentiates through the batch
 *       statistics, which is wrong for an explanation of the trained model;</li>
 *   <li>dropout layers become identities and every layer's dropout / noise ({@code IDropout}) is removed;</li>
 *   <li>the output layer's activation becomes the identity (outputs are logits) and its loss a {@link TargetScoreLoss},
 *       so that the input epsilon after a backward pass is {@code −∂f/∂x};</li>
 *   <li>workspaces are off, so that the epsilons stored on the vertices can be read after the backward pass.</li>
 * </ul>
 * {@link #of} checks that the rebuilt graph reproduces the trained model's inference outputs on the inputs it is given
 * (softmax / sigmoid of the logits within 1e-4 for float32, 1e-9 for float64) and refuses the model otherwise.
 */
public final class ScoreGraph {
    /** Name of the identity vertex inserted after the network input. */
    public static final String PROBE = "explain_input_probe";
    private final ComputationGraph net;
    private final ComputationGraph scorer;
    private final TargetScoreLoss loss;
    private final boolean sigmoid;
    private final DataType dtype;
    private final String inputName;
    private final int leads;
    private final int samples;
    private final int classes;
    private final List<String> foldedBatchNorms;

    private ScoreGraph(ComputationGraph net, ComputationGraph scorer, TargetScoreLoss loss, boolean sigmoid, DataType dtype, String inputName, int leads, int samples,
                       int classes, List<String> folded) {
        this.net = net;
        this.scorer = scorer;
        this.loss = loss;
        this.sigmoid = sigmoid;
        this.dtype = dtype;
        this.inputName = inputName;
        this.leads = leads;
        this.samples = samples;
        this.classes = classes;
        this.foldedBatchNorms = folded;
    }

    /** What one backward pass returns: scores {@code f}, input gradients and, when asked, one vertex's activation and gradient. */
    public record Grads(double[] score, double[][][] input, INDArray layerActivation, INDArray layerGradient) {}

    /**
     * Rebuilds {@code trained} for input {@code [leads, samples]} explaining {@code target}, and checks it against the
     * trained model on {@code check} ({@code [n][leads][samples]}, at least one input).
     */
    public static ScoreGraph of(ComputationGraph trained, int leads, int samples, TargetScoreLoss.Target target, double[][][] check) {
        ComputationGraphConfiguration conf = trained.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("explanations need a graph with one input and one output; this one has inputs "
                    + conf.getNetworkInputs() + " and outputs " + conf.getNetworkOutputs());
        }
        conf.setVertexInputs(deepCopy(conf.getVertexInputs()));
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        DataType dtype = trained.params().dataType();
        INDArray probe = Nd4j.zeros(dtype, 1, leads, samples);
        Map<String, INDArray> acts = trained.feedForward(new INDArray[] {probe}, false);
        String outName = conf.getNetworkOutputs().get(0);
        boolean sigmoid = false;
        List<String> folded = new ArrayList<>();
        TargetScoreLoss loss = null;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) continue;
            String name = e.getKey();
            org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer();
            l.setIDropout(null);
            if (l instanceof BaseLayer bl) bl.setWeightNoise(null);
            if (l instanceof DropoutLayer) {
                lv.getLayerConf().setLayer(named(new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), name, dtype));
            } else if (l instanceof BatchNormalization bn) {
                lv.getLayerConf().setLayer(named(affineFor(bn, acts.get(name).rank()), name, dtype));
                folded.add(name);
            } else if (name.equals(outName)) {
                if (!(l instanceof BaseOutputLayer ol)) {
                    throw new IllegalArgumentException("explanations need a DL4J output layer at '" + outName + "', found " + l.getClass().getSimpleName());
                }
                if (ol.getActivationFn() instanceof ActivationSigmoid) sigmoid = true;
                else if (!(ol.getActivationFn() instanceof ActivationSoftmax)) {
                    throw new IllegalArgumentException("output layer '" + outName + "' has activation " + ol.getActivationFn()
                            + "; explanations support softmax and sigmoid outputs");
                }
                loss = new TargetScoreLoss(target, sigmoid);
                ol.setLossFn(loss);
                ol.setActivationFn(Activation.IDENTITY.getActivationFunction());
            }
        }
        if (loss == null) throw new IllegalArgumentException("no output layer named '" + outName + "' in the graph");
        String in = conf.getNetworkInputs().get(0);
        insertProbe(conf, in);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        copyParams(trained, g, folded);
        // a twin for score-only passes (Kernel SHAP, IG endpoints) with DL4J's inference workspaces on: much faster
        ComputationGraphConfiguration c2 = conf.clone();
        c2.setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        ComputationGraph scorer = new ComputationGraph(c2);
        scorer.init(g.params().dup(), false);
        int classes = (int) trained.outputSingle(false, probe).size(1);
        ScoreGraph sg = new ScoreGraph(g, scorer, loss, sigmoid, dtype, PROBE, leads, samples, classes, List.copyOf(folded));
        sg.check(trained, check);
        return sg;
    }

    /**
     * DL4J stores no epsilon on a network input vertex, so an identity vertex {@link #PROBE} is put between the input
     * and its readers: its epsilon after a backward pass is the gradient with respect to the input.
     */
    private static void insertProbe(ComputationGraphConfiguration conf, String in) {
        if (conf.getVertices().containsKey(PROBE)) throw new IllegalArgumentException("the graph already has a vertex named " + PROBE);
        for (List<String> inputs : conf.getVertexInputs().values()) inputs.replaceAll(v -> v.equals(in) ? PROBE : v);
        Map<String, GraphVertex> vertices = new java.util.LinkedHashMap<>();
        vertices.put(PROBE, new ScaleVertex(1.0));
        vertices.putAll(conf.getVertices());
        conf.setVertices(vertices);
        Map<String, List<String>> vin = new java.util.LinkedHashMap<>();
        vin.put(PROBE, new ArrayList<>(List.of(in)));
        vin.putAll(conf.getVertexInputs());
        conf.setVertexInputs(vin);
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
    }

    private static Map<String, List<String>> deepCopy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : m.entrySet()) out.put(e.getKey(), new ArrayList<>(e.getValue()));
        return out;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer named(org.deeplearning4j.nn.conf.layers.Layer l, String name, DataType dt) {
        l.setLayerName(name);
        l.setDataType(dt);
        return l;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer affineFor(BatchNormalization bn, int rank) {
        long n = bn.getNOut();
        if (rank == 4) {
            return new DepthwiseConvolution2D.Builder(1, 1).nIn(n).depthMultiplier(1).hasBias(true).dataFormat(bn.getCnn2DFormat())
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).weightInit(WeightInit.ZERO).updater(new NoOp())
                    .biasUpdater(new NoOp()).build();
        }
        if (rank == 2) {
            return new ElementWiseMultiplicationLayer.Builder().nIn(n).nOut(n).activation(Activation.IDENTITY).weightInit(WeightInit.ZERO)
                    .updater(new NoOp()).biasUpdater(new NoOp()).build();
        }
        throw new IllegalArgumentException("batch normalization '" + bn.getLayerName() + "' on a rank-" + rank
                + " input: explanations support BN on CNN (rank 4) and feed-forward (rank 2) activations");
    }

    /** Copies every parameter by layer name and key; folded BNs get their inference affine map. */
    private static void copyParams(ComputationGraph from, ComputationGraph to, List<String> folded) {
        for (Layer l : to.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            Layer src = from.getLayer(name);
            if (folded.contains(name)) {
                BatchNormalization bn = (BatchNormalization) src.conf().getLayer();
                Map<String, INDArray> p = src.paramTable();
                INDArray mean = p.get("mean").castTo(DataType.DOUBLE);
                INDArray var;
                if (p.containsKey("var")) {
                    var = p.get("var").castTo(DataType.DOUBLE);
                } else { // useLogStd: DL4J stores log10 of the running std and squares 10^s back into a variance
                    INDArray s = p.get("log10stdev").castTo(DataType.DOUBLE);
                    INDArray std = Transforms.pow(Nd4j.valueArrayOf(s.shape(), 10.0, DataType.DOUBLE), s, false);
                    var = std.mul(std);
                }
                long n = mean.length();
                INDArray gamma = p.containsKey("gamma") ? p.get("gamma").castTo(DataType.DOUBLE) : Nd4j.valueArrayOf(mean.shape(), bn.getGamma(), DataType.DOUBLE);
                INDArray beta = p.containsKey("beta") ? p.get("beta").castTo(DataType.DOUBLE) : Nd4j.valueArrayOf(mean.shape(), bn.getBeta(), DataType.DOUBLE);
                INDArray w = gamma.div(Transforms.sqrt(var.add(bn.getEps()), false));
                INDArray b = beta.sub(mean.mul(w));
                INDArray wTarget = l.getParam("W");
                wTarget.assign(w.reshape(wTarget.shape()).castTo(wTarget.dataType()));
                INDArray bTarget = l.getParam("b");
                bTarget.assign(b.reshape(bTarget.shape()).castTo(bTarget.dataType()));
                if (n != wTarget.length()) throw new IllegalStateException("BN '" + name + "': " + n + " features but " + wTarget.length() + " weights");
                continue;
            }
            for (Map.Entry<String, INDArray> e : src.paramTable().entrySet()) {
                INDArray t = l.getParam(e.getKey());
                if (t == null) throw new IllegalStateException("layer '" + name + "' lost parameter " + e.getKey() + " in the rebuilt graph");
                t.assign(e.getValue());
            }
        }
    }

    private void check(ComputationGraph trained, double[][][] inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("no inputs to check the rebuilt graph on");
        INDArray x = toInput(inputs, 0, inputs.length);
        INDArray want = trained.outputSingle(false, x).castTo(DataType.DOUBLE);
        INDArray z = scorer.outputSingle(false, x).castTo(DataType.DOUBLE);
        INDArray got = sigmoid ? Transforms.sigmoid(z, true)
                : Transforms.softmax(z, true);
        double maxDiff = Transforms.abs(want.sub(got), false).maxNumber().doubleValue();
        double tol = dtype == DataType.DOUBLE ? 1e-9 : 1e-4;
        if (!(maxDiff <= tol)) {
            throw new IllegalStateException("the graph rebuilt for explanations (batch norms " + foldedBatchNorms + " folded, dropout off) does not"
                    + " reproduce the trained model: max |Δp| = " + maxDiff + " > " + tol);
        }
    }

    /** Inputs {@code [to − from, leads, samples]} in the network's data type. */
    INDArray toInput(double[][][] xs, int from, int to) {
        int b = to - from;
        double[] flat = new double[b * leads * samples];
        for (int i = 0; i < b; i++) {
            for (int l = 0; l < leads; l++) System.arraycopy(xs[from + i][l], 0, flat, (i * leads + l) * samples, samples);
        }
        return Nd4j.create(flat, new long[] {b, leads, samples}, 'c').castTo(dtype);
    }

    private INDArray oneHot(int[] targets, int from, int to) {
        INDArray y = Nd4j.zeros(dtype, to - from, classes);
        for (int i = from; i < to; i++) y.putScalar(i - from, targets[i], 1.0);
        return y;
    }

    /** Logits {@code [n][classes]}, in batches of {@code batch}. */
    public double[][] logits(double[][][] xs, int batch) {
        double[][] out = new double[xs.length][];
        for (int s = 0; s < xs.length; s += batch) {
            int e = Math.min(xs.length, s + batch);
            double[][] z = scorer.outputSingle(false, toInput(xs, s, e)).castTo(DataType.DOUBLE).toDoubleMatrix();
            System.arraycopy(z, 0, out, s, e - s);
        }
        return out;
    }

    /** The explained score f of each input for its target class. */
    public double[] scores(double[][][] xs, int[] targets, int batch) {
        double[][] z = logits(xs, batch);
        double[] f = new double[xs.length];
        for (int i = 0; i < xs.length; i++) f[i] = score(z[i], targets[i]);
        return f;
    }

    /** f for one row of logits (the same function as {@link TargetScoreLoss}, in plain Java). */
    public double score(double[] z, int t) {
        if (loss.target() == TargetScoreLoss.Target.LOGIT) return z[t];
        if (sigmoid) return 1.0 / (1.0 + Math.exp(-z[t]));
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (double v : z) sum += Math.exp(v - max);
        return Math.exp(z[t] - max) / sum;
    }

    /**
     * One forward and backward pass over {@code xs[from, to)}: scores, {@code ∂f/∂x} and, when {@code layer} is not
     * null, that vertex's activation and {@code ∂f/∂activation}.
     */
    public Grads gradients(double[][][] xs, int[] targets, int from, int to, String layer) {
        INDArray x = toInput(xs, from, to);
        INDArray y = oneHot(targets, from, to);
        Capture cap = new Capture(layer);
        net.setListeners(cap);
        try {
            net.setInputs(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        } finally {
            net.setListeners();
        }
        if (cap.inputEps == null) throw new IllegalStateException("DL4J left no epsilon on vertex '" + PROBE + "'");
        double[][][] g = new double[to - from][leads][samples];
        double[] ge = cap.inputEps.castTo(DataType.DOUBLE).reshape(to - from, (long) leads * samples).data().asDouble();
        for (int i = 0; i < to - from; i++) {
            for (int l = 0; l < leads; l++) {
                for (int t = 0; t < samples; t++) g[i][l][t] = -ge[(i * leads + l) * samples + t];
            }
        }
        INDArray lg = null;
        if (layer != null) {
            if (cap.layerEps == null || cap.layerAct == null) throw new IllegalStateException("no activation or epsilon captured at vertex '" + layer + "'");
            lg = cap.layerEps.castTo(DataType.DOUBLE).negi();
        }
        // the training-mode forward pass stops below the output layer: the scores come from one more inference pass
        INDArray f = loss.score(y, net.outputSingle(false, x)).castTo(DataType.DOUBLE);
        double[] z = new double[to - from];
        for (int i = 0; i < z.length; i++) z[i] = f.getDouble(i, 0);
        return new Grads(z, g, layer == null ? null : cap.layerAct.castTo(DataType.DOUBLE), lg);
    }

    /**
     * Copies the activations and epsilons it needs while they exist: DL4J clears every vertex's epsilon at the end of
     * {@code computeGradientAndScore}, after the listeners' {@code onBackwardPass}.
     */
    private final class Capture extends BaseTrainingListener {
        final String layer;
        INDArray layerAct, layerEps, inputEps;

        Capture(String layer) { this.layer = layer; }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            if (layer != null) {
                INDArray a = activations.get(layer);
                if (a == null) throw new IllegalArgumentException("no vertex named '" + layer + "' in the graph");
                layerAct = a.dup();
            }
        }

        @Override
        public void onBackwardPass(Model model) {
            INDArray e = net.getVertex(PROBE).getEpsilon();
            inputEps = e == null ? null : e.dup();
            if (layer != null) {
                INDArray le = net.getVertex(layer).getEpsilon();
                layerEps = le == null ? null : le.dup();
            }
        }
    }

    public int leads() { return leads; }
    public int samples() { return samples; }
    public int classes() { return classes; }
    public List<String> foldedBatchNorms() { return foldedBatchNorms; }
    public ComputationGraph graph() { return net; }
}
