package org.ecgbench.experiments.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.experiments.explain.ExplainReport;
import org.ecgbench.experiments.explain.Explainer;
import org.ecgbench.experiments.explain.FilterAnalysis;
import org.ecgbench.experiments.explain.ScoreGraph;
import org.ecgbench.experiments.explain.TargetScoreLoss;
import org.ecgbench.models.Backend;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.split.Splits;

/**
 * {@code task: explain}: attributions of a trained model (its results folder's {@code model.zip}) on the validation or
 * test split of the spec it was trained with (named by the folder's {@code provenance.json}): Grad-CAM, Grad-CAM++,
 * gradients, SmoothGrad, Integrated Gradients and Kernel SHAP (docs/explain.md); per-example figures, class-average
 * curves and, for ECGencode models, the temporal filters' frequency responses and the spatial filters. Nothing here
 * feeds back into any model choice. The test split, when asked for, is read in {@link #report} only.
 */
public final class ExplainTask implements Task<ExplainTask.Prepared, Explainer.Result> {

    /** The trained model, its training spec, the data source and the background (training) windows. */
    static final class Prepared {
        ExperimentSpec train;
        Path trainSpecFile;
        String trainSpecNote = "";
        Path modelFile;
        ComputationGraph net;
        ScoreGraph graph;
        DataSource source;
        List<String> explainRecords;
        double[][][] background;
        LabeledWindows validation;
        Explainer.Settings settings;
        double fs;
        String[] leadNames;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public void validate(RunContext ctx) {
        ExperimentSpec.Explain x = ctx.spec().explain;
        Path src = ctx.root().resolve(x.source);
        if (!Files.isRegularFile(src.resolve("model.zip"))) {
            throw new SpecException(ctx.spec().file, x.line, 1, "explain.source: no trained model at " + src.resolve("model.zip")
                    + " (run its training spec with output.save_model: true first)");
        }
        if (!Files.isRegularFile(src.resolve("provenance.json"))) {
            throw new SpecException(ctx.spec().file, x.line, 1, "explain.source: " + src + " has no provenance.json naming its training spec");
        }
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Prepared p = new Prepared();
        loadTrainingSpec(ctx, p);
        p.modelFile = ctx.root().resolve(spec.explain.source).resolve("model.zip");
        p.net = ModelSerializer.restoreComputationGraph(p.modelFile.toFile(), false);
        boolean records = DataSources.isRecordDataset(p.train.data.dataset);
        LabeledWindows trainWindows = records ? prepareRecords(ctx, p) : prepareBeats(ctx, p);
        p.background = pickBackground(trainWindows, spec.explain);
        int leads = trainWindows.leads(), samples = trainWindows.samples();
        p.leadNames = leadNames(p.train, leads);
        String layer = spec.explain.layer.equals("auto") ? autoLayer(p.net, leads, samples) : spec.explain.layer;
        TargetScoreLoss.Target target = spec.explain.target == ExperimentSpec.Explain.Target.LOGIT ? TargetScoreLoss.Target.LOGIT : TargetScoreLoss.Target.PROBABILITY;
        p.graph = ScoreGraph.of(p.net, leads, samples, target, java.util.Arrays.copyOf(p.background, Math.min(8, p.background.length)));
        ExperimentSpec.Explain x = spec.explain;
        p.settings = new Explainer.Settings(x.methods, layer, target, x.examplesPerClass, x.averagePerClass, x.smoothSamples, x.smoothNoise,
                x.igSteps, x.igBaseline.key(), x.shapSegments, x.shapSamples, x.seed, records ? 8 : 64);
        ctx.log().printf("explain %s: model %s (%,d parameters), %d x %d input, Grad-CAM layer %s, batch norms folded %s; explaining the %s split%n",
                spec.experiment, ctx.rel(p.modelFile), p.net.numParams(), leads, samples, layer, p.graph.foldedBatchNorms(), x.split);
        if (x.split == ExperimentSpec.Explain.Part.VALIDATION) p.validation = p.source.load(p.explainRecords);
        return p;
    }

    /** Reads the training spec named by the source's provenance and checks it against this spec's model name. */
    private static void loadTrainingSpec(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path prov = ctx.root().resolve(spec.explain.source).resolve("provenance.json");
        var node = Json.readObject(prov);
        String specFile = node.path("spec_file").asText("");
        if (specFile.isEmpty()) throw new IllegalArgumentException(prov + " names no spec_file: cannot tell which data the model was trained on");
        p.trainSpecFile = ctx.root().resolve(specFile);
        p.train = ExperimentSpec.load(p.trainSpecFile);
        String sha = node.path("spec_sha256").asText("");
        if (!sha.isEmpty() && !sha.equals(p.train.sha256)) {
            p.trainSpecNote = "the training spec " + specFile + " changed since the model was trained (SHA-256 " + sha + " then, " + p.train.sha256
                    + " now): check that its data section is unchanged";
            ctx.log().println("WARNING: " + p.trainSpecNote);
        }
        if (!p.train.model.name.equals(spec.model.name)) {
            throw new SpecException(spec.file, spec.model.line, 1, "model.name '" + spec.model.name + "' but the model in " + spec.explain.source
                    + " is a '" + p.train.model.name + "' (training spec " + specFile + ")");
        }
        if (p.train.split.mode != ExperimentSpec.Split.Mode.RECORDS) {
            throw new IllegalArgumentException("task explain supports inter-patient record splits; " + specFile + " uses split.mode " + p.train.split.mode);
        }
    }

    private static LabeledWindows prepareBeats(RunContext ctx, Prepared p) throws IOException {
        Path dataRoot = DataPaths.dataRoot(ctx.options().dataDir != null ? ctx.options().dataDir : p.train.data.dir);
        p.source = DataSources.create(p.train, ctx.root(), dataRoot);
        p.explainRecords = Splits.load(ctx.spec().explain.split == ExperimentSpec.Explain.Part.TEST ? p.train.split.test : p.train.split.validation);
        p.fs = 360;
        ctx.provenance().put("data_dir", ctx.rel(dataRoot));
        return p.source.load(Splits.load(p.train.split.train));
    }

    private static LabeledWindows prepareRecords(RunContext ctx, Prepared p) {
        Path dataRoot;
        try {
            dataRoot = DataPaths.dataRoot(ctx.options().dataDir != null ? ctx.options().dataDir : p.train.data.dir);
        } catch (IllegalStateException e) {
            if (p.train.data.records.root == null) throw e;
            dataRoot = null;
        }
        RecordSource rs = RecordSource.create(p.train, ctx.root(), dataRoot)
                .withCache(Paths.get(System.getProperty("java.io.tmpdir"), "ecgbench-explain-cache"), ctx.log());
        Path split = rs.splitFile(ctx.root(), p.trainSpecFile);
        if (!Files.isRegularFile(split)) throw new IllegalArgumentException("split file " + split + " of the training spec does not exist");
        RecordSource.SplitResult sp = rs.splits(ctx.root(), p.trainSpecFile);
        p.source = rs;
        p.explainRecords = ctx.spec().explain.split == ExperimentSpec.Explain.Part.TEST ? sp.test() : sp.validation();
        p.fs = p.train.data.records.fs;
        ctx.provenance().put("split_file", ctx.rel(split));
        return rs.load(sp.train());
    }

    /** {@code shap.background} training windows drawn at random (seed); at least 8 (they also check the rebuilt graph). */
    private static double[][][] pickBackground(LabeledWindows train, ExperimentSpec.Explain x) {
        int n = Math.min(train.size(), Math.max(8, x.shapBackground));
        int[] idx = org.ecgbench.signal.util.Shuffle.identity(train.size());
        org.ecgbench.signal.util.Shuffle.inPlace(idx, new java.util.SplittableRandom(x.seed));
        double[][][] out = new double[n][][];
        for (int i = 0; i < n; i++) out[i] = Explainer.toDouble(train.input(idx[i]));
        return out;
    }

    static String[] leadNames(ExperimentSpec train, int leads) {
        if (train.data.leadsGiven || !DataSources.isRecordDataset(train.data.dataset)) return train.data.leads.toArray(new String[0]);
        String[] std = {"I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"};
        if (leads == 12) return std;
        String[] out = new String[leads];
        for (int l = 0; l < leads; l++) out[l] = "lead" + l;
        return out;
    }

    /** The last vertex (topological order) with a time axis (rank 3 or 4 activations) before the output. */
    static String autoLayer(ComputationGraph net, int leads, int samples) {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> acts = net.feedForward(
                new org.nd4j.linalg.api.ndarray.INDArray[] {org.nd4j.linalg.factory.Nd4j.zeros(net.params().dataType(), 1, leads, samples)}, false);
        String best = null;
        for (String v : net.getConfiguration().getTopologicalOrderStr()) {
            if (net.getConfiguration().getNetworkInputs().contains(v) || !acts.containsKey(v)) continue;
            int r = acts.get(v).rank();
            if (r == 3 || r == 4) best = v;
        }
        if (best == null) throw new IllegalArgumentException("no vertex with a time axis in the graph: set explain.layer");
        return best;
    }

    @Override
    public Explainer.Result perform(RunContext ctx, Prepared p) {
        if (p.validation == null) return null;
        return Explainer.run(p.net, p.graph, p.validation, p.background, p.settings, ctx.log());
    }

    @Override
    public void report(RunContext ctx, Prepared p, Explainer.Result done) throws IOException {
        ExperimentSpec spec = ctx.spec();
        LabeledWindows data = p.validation != null ? p.validation : p.source.load(p.explainRecords);
        Explainer.Result r = done != null ? done : Explainer.run(p.net, p.graph, data, p.background, p.settings, ctx.log());
        Path out = ctx.output();
        String title = spec.experiment + (spec.smoke ? " (SMOKE)" : "");
        List<String> figures = ExplainReport.examples(out, r, data.classNames, p.leadNames, p.fs, title);
        ExplainReport.windowsCsv(out.resolve("explained_windows.csv"), r, data.classNames);
        ExplainReport.classMeans(out, r, data.classNames, p.fs, title);
        String filters = FilterAnalysis.applies(p.net) ? FilterAnalysis.write(p.net, p.fs, p.leadNames, out, title) : "";
        ctx.provenance().put("model", ctx.rel(p.modelFile));
        ctx.provenance().put("model_sha256", org.ecgbench.signal.data.Manifest.sha256(p.modelFile));
        ctx.provenance().put("training_spec", ctx.rel(p.trainSpecFile));
        ctx.provenance().put("data_checksum", p.source.dataChecksum());
        ctx.provenance().put("explained_split", spec.explain.split);
        ctx.provenance().put("explain_seed", spec.explain.seed);
        ctx.provenance().put("backend", Backend.describe());
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        AtomicFiles.writeString(out.resolve("report.md"), ExplainMarkdown.report(ctx, p, r, data, figures, filters));
        ctx.log().printf(Locale.ROOT, "wrote %s (%d windows explained)%n", out.resolve("report.md"), r.windows().size());
    }
}
