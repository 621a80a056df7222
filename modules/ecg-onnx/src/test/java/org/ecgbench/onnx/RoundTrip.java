package org.ecgbench.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.ecgbench.signal.wfdb.WfdbRecord;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared helpers of the round-trip tests: inputs, perturbed statistics, DL4J logits, max differences. */
final class RoundTrip {
    private RoundTrip() {}

    /** MIT-BIH record 100-and-on beat windows (MLII, 360 samples around annotated beats, z-scored), or null without data. */
    static float[][][] mitbihBeats(int n, int samples) throws Exception {
        Path root = DataPaths.dataRootOrNull();
        if (root == null || !Files.isRegularFile(root.resolve("mitdb/100.hea"))) return null;
        List<float[][]> out = new ArrayList<>();
        for (String rec : new String[] {"100", "119", "208"}) {
            WfdbRecord r = WfdbRecord.read(root.resolve("mitdb/" + rec + ".hea"));
            double[] mv = r.millivolts(r.signalIndex("MLII"));
            List<Annotation> ann = AnnotationReader.read(root.resolve("mitdb/" + rec + ".atr"));
            int seen = 0, taken = 0, per = (n + 2) / 3;
            for (Annotation a : ann) {
                if (!a.isBeat() || a.sample() < samples || a.sample() + samples >= mv.length) continue;
                if (seen++ % 37 != 0) continue; // spread over the record
                int start = (int) a.sample() - samples / 2;
                float[] w = new float[samples];
                double mean = 0, sq = 0;
                for (int i = 0; i < samples; i++) mean += mv[start + i];
                mean /= samples;
                for (int i = 0; i < samples; i++) sq += (mv[start + i] - mean) * (mv[start + i] - mean);
                double sd = Math.sqrt(sq / samples) + 1e-6;
                for (int i = 0; i < samples; i++) w[i] = (float) ((mv[start + i] - mean) / sd);
                out.add(new float[][] {w});
                if (++taken == per) break;
            }
        }
        while (out.size() > n) out.remove(out.size() - 1);
        return out.size() == n ? out.toArray(new float[0][][]) : null;
    }

    static float[][][] gaussian(int n, int leads, int samples, long seed) {
        Random r = new Random(seed);
        float[][][] x = new float[n][leads][samples];
        for (float[][] e : x) for (float[] l : e) for (int i = 0; i < samples; i++) l[i] = (float) r.nextGaussian();
        return x;
    }

    static INDArray toArray(float[][][] x) {
        return Nd4j.create(x).castTo(DataType.FLOAT);
    }

    /**
     * Makes the network's statistics realistic and distinct from their defaults: each batch-norm
     * layer (in topological order) gets running mean and variance measured on its actual input for
     * {@code x} (a fresh network's default mean 0 / variance 1 lets activations die out in deep
     * stacks, which would make outputs independent of the input), then mean, variance, gamma and
     * beta, layer-norm scales and every bias are perturbed with seeded random values, so exported
     * statistics and bias layouts are exercised.
     */
    static void calibrateAndPerturb(ComputationGraph net, INDArray x, long seed) {
        Random r = new Random(seed);
        for (String name : net.getConfiguration().getTopologicalOrderStr()) {
            if (!(net.getConfiguration().getVertices().get(name) instanceof LayerVertex lv)
                    || !(lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) continue;
            String in = net.getConfiguration().getVertexInputs().get(name).get(0);
            INDArray a = net.feedForward(new INDArray[] {x}, false, false).get(in).castTo(DataType.DOUBLE).dup();
            int[] axes = a.rank() == 4 ? new int[] {0, 2, 3} : a.rank() == 3 ? new int[] {0, 2} : new int[] {0};
            INDArray mean = a.mean(axes);
            INDArray var = a.var(false, axes).addi(1e-4);
            Layer l = net.getLayer(name);
            long c = mean.length();
            double[] m = new double[(int) c], v = new double[(int) c];
            for (int i = 0; i < c; i++) {
                double sd = Math.sqrt(var.getDouble(i));
                m[i] = mean.getDouble(i) + 0.1 * sd * r.nextGaussian();
                v[i] = var.getDouble(i) * (0.8 + 0.45 * r.nextDouble());
            }
            INDArray meanP = l.getParam("mean");
            l.setParam("mean", Nd4j.create(m, meanP.shape(), 'c').castTo(meanP.dataType()));
            if (l.paramTable().containsKey("log10stdev")) {
                for (int i = 0; i < c; i++) v[i] = Math.log10(Math.sqrt(v[i]));
                l.setParam("log10stdev", Nd4j.create(v, meanP.shape(), 'c').castTo(meanP.dataType()));
            } else {
                l.setParam("var", Nd4j.create(v, meanP.shape(), 'c').castTo(meanP.dataType()));
            }
        }
        for (Layer l : net.getLayers()) {
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                String k = e.getKey();
                INDArray p = e.getValue();
                double lo, hi;
                switch (k) {
                    case "gamma" -> { lo = 0.7; hi = 1.3; }
                    case "beta", "b", "fb", "bb" -> { lo = -0.1; hi = 0.1; }
                    default -> { continue; }
                }
                double[] v = new double[(int) p.length()];
                for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * r.nextDouble();
                l.setParam(k, Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
            }
        }
    }

    /** DL4J pre-activation of the output layer named "output" (dense OutputLayer), computed from its input activation. */
    static INDArray dl4jLogits(ComputationGraph net, INDArray x) {
        String in = net.getConfiguration().getVertexInputs().get("output").get(0);
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false, false);
        INDArray a = acts.get(in);
        LayerVertex lv = (LayerVertex) net.getConfiguration().getVertices().get("output");
        if (lv.getPreProcessor() != null) a = lv.getPreProcessor().preProcess(a, (int) x.size(0), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        Layer out = net.getLayer("output");
        return a.castTo(DataType.FLOAT).mmul(out.getParam("W").castTo(DataType.FLOAT)).addRowVector(out.getParam("b").castTo(DataType.FLOAT));
    }

    static final String HELPERS = "org.eclipse.deeplearning4j.helpers.disable";

    /** A copy of {@code net} (same parameters) whose layers run without DL4J's oneDNN helpers. */
    static synchronized ComputationGraph withoutHelpers(ComputationGraph net) {
        String old = System.getProperty(HELPERS);
        System.setProperty(HELPERS, "true");
        try {
            return net.clone();
        } finally {
            if (old == null) System.clearProperty(HELPERS);
            else System.setProperty(HELPERS, old);
        }
    }

    static double maxAbsDiff(INDArray a, float[][] b) {
        double m = 0;
        for (int i = 0; i < b.length; i++) for (int j = 0; j < b[i].length; j++) m = Math.max(m, Math.abs(a.getDouble(i, j) - b[i][j]));
        return m;
    }

    static double maxAbs(INDArray a) {
        return a.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
    }

    /** Config used by the round-trip test for a registered model: its default shape with at most 1,000 samples. */
    static ModelConfig testConfig(org.ecgbench.models.ModelBuilder b) {
        int[] s = b.defaultShape();
        return ModelConfig.of(s[0], Math.min(s[1], 1000), s[2]).withSeed(7);
    }
}
