package org.ecgbench.experiments.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The three sanity checks of docs/explain.md on tiny models built here (float64):
 * <ol>
 *   <li>Integrated Gradients completeness: Σ attributions = f(x) − f(x₀) within 1 %;</li>
 *   <li>model randomisation (Adebayo et al. 2018): the maps of a trained model and of the same architecture with
 *       re-drawn weights have mean Spearman rank correlation below 0.5;</li>
 *   <li>a model trained on a task decided by a bump in samples 100–140 puts most attribution mass (> 50 %) there,
 *       for gradient × input, Integrated Gradients and Grad-CAM.</li>
 * </ol>
 */
class ExplainSanityTest {
    static final int T = 256, SPAN_FROM = 100, SPAN_TO = 140;
    static ComputationGraph trained;
    static double[][][] xs;
    static int[] ys;

    @BeforeAll
    static void train() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Random r = new Random(7);
        int n = 256;
        xs = new double[n][1][T];
        ys = new int[n];
        for (int i = 0; i < n; i++) xs[i][0] = synthetic(ys[i] = i % 2, r);
        trained = net(1);
        INDArray x = Nd4j.create(flat(xs), new long[] {n, 1, T}, 'c');
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) y.putScalar(i, ys[i], 1.0);
        for (int it = 0; it < 60; it++) trained.fit(new INDArray[] {x}, new INDArray[] {y});
        double[][] p = trained.outputSingle(false, x).toDoubleMatrix();
        int correct = 0;
        for (int i = 0; i < n; i++) if ((p[i][1] > p[i][0] ? 1 : 0) == ys[i]) correct++;
        assertTrue(correct > 0.95 * n, "the synthetic task was not learned: " + correct + " / " + n);
    }

    @AfterAll
    static void reset() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Noise everywhere; class 1 adds a Gaussian bump centred at a random position in [108, 132]. */
    static double[] synthetic(int cls, Random r) {
        double[] v = new double[T];
        for (int t = 0; t < T; t++) v[t] = 0.3 * r.nextGaussian();
        if (cls == 1) {
            double c = 108 + 24 * r.nextDouble();
            for (int t = SPAN_FROM; t < SPAN_TO; t++) v[t] += 2.0 * Math.exp(-0.5 * Math.pow((t - c) / 4.0, 2));
        }
        return v;
    }

    static double[] flat(double[][][] a) {
        double[] f = new double[a.length * a[0].length * a[0][0].length];
        int k = 0;
        for (double[][] b : a) for (double[] c : b) for (double v : c) f[k++] = v;
        return f;
    }

    /** conv(k7, 8) + BN + ReLU → conv(k7, 8) + ReLU → global average pooling → softmax(2). */
    static ComputationGraph net(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("input").setInputTypes(InputType.recurrent(1, T))
                .addVertex("nchw", new ReshapeVertex('c', new int[] {-1, 1, 1, T}, null), "input")
                .addLayer("conv1", new ConvolutionLayer.Builder(1, 7).nOut(8).convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), "nchw")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                .addLayer("relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn1")
                .addLayer("conv2", new ConvolutionLayer.Builder(1, 7).nOut(8).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "relu1")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("output").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static ScoreGraph graph(ComputationGraph net) {
        return ScoreGraph.of(net, 1, T, TargetScoreLoss.Target.LOGIT, Arrays.copyOf(xs, 8));
    }

    @Test
    void integratedGradientsAreComplete() {
        ScoreGraph g = graph(trained);
        double[][] zero = new double[1][T];
        for (int i = 0; i < 6; i++) {
            Attributions.Ig ig = Attributions.integratedGradients(g, xs[i], zero, 1, 300, 64);
            assertTrue(Math.abs(ig.fx() - ig.fBaseline()) > 1e-3, "f(x) = f(x0): nothing to attribute");
            assertTrue(ig.relativeGap() < 0.01, "IG completeness gap " + ig.relativeGap() + " (sum " + ig.sum() + ", f(x) - f(x0) = "
                    + (ig.fx() - ig.fBaseline()) + ")");
        }
    }

    @Test
    void mapsOfARandomisedModelDiffer() {
        ScoreGraph a = graph(trained), b = graph(net(12345));
        double gradRho = 0, camRho = 0;
        int n = 0;
        for (int i = 1; i < 40; i += 2) { // class-1 windows, explained for class 1
            gradRho += spearman(abs(Attributions.gradient(a, xs[i], 1)[0]), abs(Attributions.gradient(b, xs[i], 1)[0]));
            camRho += spearman(Attributions.gradCam(a, xs[i], 1, "conv2", false), Attributions.gradCam(b, xs[i], 1, "conv2", false));
            n++;
        }
        gradRho /= n;
        camRho /= n;
        System.out.printf("model randomisation: mean Spearman |gradient| %.3f, Grad-CAM %.3f%n", gradRho, camRho);
        assertTrue(gradRho < 0.5, "gradient maps of trained vs randomised model: mean Spearman " + gradRho);
        assertTrue(camRho < 0.5, "Grad-CAM maps of trained vs randomised model: mean Spearman " + camRho);
    }

    @Test
    void attributionMassLiesInTheDecisiveSpan() {
        ScoreGraph g = graph(trained);
        double[][] zero = new double[1][T];
        double gxi = 0, ig = 0, cam = 0;
        int n = 0;
        for (int i = 1; i < 40; i += 2) {
            gxi += inSpan(Attributions.gradientTimesInput(g, xs[i], 1)[0]);
            ig += inSpan(Attributions.integratedGradients(g, xs[i], zero, 1, 50, 64).attribution()[0]);
            cam += inSpan(Attributions.gradCam(g, xs[i], 1, "conv2", false));
            n++;
        }
        System.out.printf("mass in samples %d-%d (%.0f %% of the window): gradient x input %.3f, IG %.3f, Grad-CAM %.3f%n", SPAN_FROM, SPAN_TO,
                100.0 * (SPAN_TO - SPAN_FROM) / T, gxi / n, ig / n, cam / n);
        assertTrue(gxi / n > 0.5, "gradient x input mass in the span " + gxi / n);
        assertTrue(ig / n > 0.5, "IG mass in the span " + ig / n);
        assertTrue(cam / n > 0.5, "Grad-CAM mass in the span " + cam / n);
    }

    @Test
    void kernelShapIsEfficientAndFindsTheSpan() {
        ScoreGraph g = graph(trained);
        double[][][] background = new double[10][][];
        for (int b = 0; b < 10; b++) background[b] = xs[2 * b + 100]; // class-0 windows
        double mass = 0;
        for (int i = 1; i < 10; i += 2) {
            KernelShap.Result r = KernelShap.explain(g, xs[i], 1, background, 16, 120, new Random(i), 64);
            double sum = Arrays.stream(r.phi()).sum();
            assertEquals(r.fx() - r.base(), sum, 1e-9, "efficiency: sum of Shapley values = f(x) - E f(background)");
            mass += inSpan(r.density()[0]);
        }
        System.out.printf("Kernel SHAP mass in the span: %.3f%n", mass / 5);
        assertTrue(mass / 5 > 0.5, "Kernel SHAP mass in the span " + mass / 5);
    }

    static double inSpan(double[] a) {
        double in = 0, all = 0;
        for (int t = 0; t < a.length; t++) {
            all += Math.abs(a[t]);
            if (t >= SPAN_FROM && t < SPAN_TO) in += Math.abs(a[t]);
        }
        return in / all;
    }

    static double[] abs(double[] a) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) o[i] = Math.abs(a[i]);
        return o;
    }

    /** Spearman rank correlation (average ranks for ties). */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0);
        double num = 0, da = 0, db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return da == 0 || db == 0 ? 0 : num / Math.sqrt(da * db);
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) j++;
            for (int k = i; k <= j; k++) r[idx[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return r;
    }
}
