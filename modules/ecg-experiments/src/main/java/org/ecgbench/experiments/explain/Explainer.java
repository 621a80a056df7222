package org.ecgbench.experiments.explain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.util.Shuffle;

/**
 * Picks the windows to explain and runs every requested method on them. Per true class, {@code averagePerClass}
 * correctly classified windows are drawn at random (seed); the first {@code examplesPerClass} of them are the
 * examples drawn as figures, and all of them enter the class-average curves (each window's map L1-normalised first,
 * so every window weighs the same). A class with no correctly classified window falls back to its misclassified
 * windows (flagged). The explained score is that of the predicted class.
 */
public final class Explainer {
    private Explainer() {}

    /** The settings of one run (the spec's {@code explain} section, resolved). */
    public record Settings(List<String> methods, String layer, TargetScoreLoss.Target target, int examplesPerClass, int averagePerClass,
                           int smoothSamples, double smoothNoise, int igSteps, String igBaseline, int shapSegments, int shapSamples,
                           long seed, int batch) {}

    /** One explained window. */
    public record Window(int index, String record, long sample, int trueClass, int predicted, double probability, boolean correct,
                         double[][] input, Map<String, double[][]> maps, Map<String, Double> notes) {}

    /** Everything the report needs. */
    public record Result(List<Window> windows, int examplesPerClass, Map<String, double[][][]> classMeans, double[][][] classMeanInput,
                         int[] averaged, int[] correctAvailable, Map<String, Double> secondsPerMethod, double accuracy) {}

    public static Result run(ComputationGraph net, ScoreGraph g, LabeledWindows data, double[][][] background, Settings s, PrintStream log) {
        double[][] probs = Predictor.predict(net, data, Math.max(32, s.batch()));
        int[] pred = Predictor.argmax(probs);
        int k = data.numClasses(), leads = data.leads(), n = data.samples();
        int correctAll = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == data.y[i]) correctAll++;
        List<Window> windows = new ArrayList<>();
        Map<String, double[][][]> means = new LinkedHashMap<>();
        for (String m : s.methods()) means.put(m, new double[k][leads][n]);
        double[][][] meanInput = new double[k][leads][n];
        int[] averaged = new int[k], available = new int[k];
        Map<String, Double> secs = new LinkedHashMap<>();
        for (String m : s.methods()) secs.put(m, 0.0);
        double[][] baseline = baseline(s.igBaseline(), background, leads, n);
        Random rng = new Random(s.seed());
        for (int c = 0; c < k; c++) {
            List<Integer> pick = pick(data, pred, c, s, available);
            for (int j = 0; j < pick.size(); j++) {
                int i = pick.get(j);
                double[][] x = toDouble(data.input(i));
                int t = pred[i];
                Map<String, double[][]> maps = new LinkedHashMap<>();
                Map<String, Double> notes = new LinkedHashMap<>();
                for (String m : s.methods()) {
                    long t0 = System.nanoTime();
                    maps.put(m, method(m, g, x, t, s, baseline, background, rng, notes));
                    secs.merge(m, (System.nanoTime() - t0) / 1e9, Double::sum);
                    accumulate(means.get(m)[c], maps.get(m));
                }
                for (int l = 0; l < leads; l++) for (int q = 0; q < n; q++) meanInput[c][l][q] += x[l][q];
                averaged[c]++;
                windows.add(new Window(i, data.record[i], data.sample[i], data.y[i], t, probs[i][t], t == data.y[i], x, maps, notes));
            }
            log.printf("explain: class %s: %d windows explained (%d correctly classified available)%n", data.classNames[c], pick.size(), available[c]);
        }
        for (int c = 0; c < k; c++) {
            if (averaged[c] == 0) continue;
            for (double[][][] m : means.values()) scale(m[c], 1.0 / averaged[c]);
            scale(meanInput[c], 1.0 / averaged[c]);
        }
        return new Result(windows, s.examplesPerClass(), means, meanInput, averaged, available, secs, (double) correctAll / pred.length);
    }

    private static List<Integer> pick(LabeledWindows data, int[] pred, int c, Settings s, int[] available) {
        List<Integer> right = new ArrayList<>(), wrong = new ArrayList<>();
        for (int i = 0; i < pred.length; i++) {
            if (data.y[i] != c) continue;
            (pred[i] == c ? right : wrong).add(i);
        }
        available[c] = right.size();
        List<Integer> pool = right.isEmpty() ? wrong : right;
        int[] idx = pool.stream().mapToInt(Integer::intValue).toArray();
        Shuffle.inPlace(idx, new SplittableRandom(s.seed() * 31 + c));
        int take = Math.min(idx.length, Math.max(s.averagePerClass(), s.examplesPerClass()));
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < take; j++) out.add(idx[j]);
        return out;
    }

    private static double[][] method(String m, ScoreGraph g, double[][] x, int t, Settings s, double[][] baseline, double[][][] background,
                                     Random rng, Map<String, Double> notes) {
        int leads = x.length;
        switch (m) {
            case "grad_cam": return Attributions.overLeads(Attributions.gradCam(g, x, t, s.layer(), false), leads);
            case "grad_cam_pp": return Attributions.overLeads(Attributions.gradCam(g, x, t, s.layer(), true), leads);
            case "gradient": return Attributions.gradient(g, x, t);
            case "gradient_x_input": return Attributions.gradientTimesInput(g, x, t);
            case "smoothgrad": return Attributions.smoothGrad(g, x, t, s.smoothSamples(), s.smoothNoise(), rng, s.batch());
            case "integrated_gradients": {
                Attributions.Ig ig = Attributions.integratedGradients(g, x, baseline, t, s.igSteps(), s.batch());
                notes.put("ig_f_x", ig.fx());
                notes.put("ig_f_baseline", ig.fBaseline());
                notes.put("ig_sum", ig.sum());
                notes.put("ig_relative_gap", ig.relativeGap());
                return ig.attribution();
            }
            case "kernel_shap": {
                KernelShap.Result r = KernelShap.explain(g, x, t, background, s.shapSegments(), s.shapSamples(), rng, s.batch());
                notes.put("shap_base", r.base());
                notes.put("shap_f_x", r.fx());
                return r.density();
            }
            default: throw new IllegalArgumentException("unknown explain method " + m);
        }
    }

    /** The IG baseline: zeros, or the mean of the background windows. */
    static double[][] baseline(String kind, double[][][] background, int leads, int n) {
        double[][] b = new double[leads][n];
        if (kind.equals("zeros")) return b;
        if (background == null || background.length == 0) throw new IllegalArgumentException("ig.baseline background_mean needs background windows");
        for (double[][] w : background) for (int l = 0; l < leads; l++) for (int q = 0; q < n; q++) b[l][q] += w[l][q] / background.length;
        return b;
    }

    private static void accumulate(double[][] acc, double[][] map) {
        double l1 = 0;
        for (double[] r : map) for (double v : r) l1 += Math.abs(v);
        if (l1 == 0) return;
        for (int l = 0; l < acc.length; l++) for (int q = 0; q < acc[l].length; q++) acc[l][q] += map[l][q] / l1;
    }

    private static void scale(double[][] a, double f) {
        for (double[] r : a) for (int q = 0; q < r.length; q++) r[q] *= f;
    }

    public static double[][] toDouble(float[][] x) {
        double[][] out = new double[x.length][];
        for (int l = 0; l < x.length; l++) {
            out[l] = new double[x[l].length];
            for (int q = 0; q < x[l].length; q++) out[l][q] = x[l][q];
        }
        return out;
    }
}
