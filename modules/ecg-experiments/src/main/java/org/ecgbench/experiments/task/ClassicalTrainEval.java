package org.ecgbench.experiments.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.baselines.BaselineClassifier;
import org.ecgbench.baselines.Baselines;
import org.ecgbench.baselines.ClassWeights;
import org.ecgbench.baselines.features.BeatFeatures;
import org.ecgbench.baselines.features.FeatureSet;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.report.ClassicalReport;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.source.MitBihBeatSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.experiments.report.RunFacts;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.rhythm.RecordRPeaks;
import org.ecgbench.signal.split.Splits;

/**
 * {@code task: train_eval} for the classical baselines of {@code ecg-baselines} ({@code model.name}: one of
 * {@link Baselines#KINDS}: {@code majority}, {@code weighted_lda}, {@code random_forest}, {@code extra_trees}) on MIT-BIH
 * beats, with the same split files, windows, evaluation ({@link MulticlassEvaluation}: record-level bootstrap CIs) and
 * result files as the deep models ({@code metrics.csv}, {@code confusion_matrix.csv}, {@code predictions.csv.gz},
 * {@code summary.json}, {@code report.md}, {@code provenance.json}), so {@code ecgbench compare} reads them alike.
 *
 * <p>Per beat, a feature row ({@link BeatFeatures}, {@code model.params.feature_set}: {@code rhythm_morphology} (default),
 * {@code de_chazal} or {@code rr_only}) is computed record by record from the spec's windows (record-level preprocessing
 * only: a window z-score would erase the amplitudes, so {@code data.preprocessing.window} must be empty) and the R peaks
 * of all the record's beat annotations. {@code training.max_beats_per_class} caps every class of the fitting rows
 * (seeded) after the features are computed; {@code training.class_weights} is {@code balanced} or {@code none}.
 *
 * <p>The validation metrics come from a model fitted on the train split only. The tested model is fitted on
 * {@code model.params.fit_on}: {@code train_validation} (default: all of DS1, as the configuration was chosen by
 * record-wise cross-validation over all of DS1) or {@code train}. The test split is read once, in {@link #report}.
 */
public final class ClassicalTrainEval implements Task<ClassicalTrainEval.Prepared, ClassicalTrainEval.Performed> {
    /** Keys of {@code model.params} read here, not by the classifier. */
    static final List<String> OWN_KEYS = List.of("feature_set", "fit_on");

    /** True when the spec's model is a classical baseline (then {@link TaskRegistry} runs this task for train_eval). */
    public static boolean handles(ExperimentSpec spec) {
        return spec.model != null && spec.model.name != null && Baselines.KINDS.contains(spec.model.name);
    }

    static final class Prepared {
        MitBihBeatSource source;
        List<String> trainRecs, valRecs, testRecs;
        LabeledWindows train, val;
        double[][] trainX, valX;
        int[] trainRows, finalRows; // rows used to fit (train split; train + validation) after the class cap
        LabeledWindows trainVal;
        double[][] trainValX;
        int[] trainDropped, valDropped;
        FeatureSet set;
        String fitOn;
        double loadSeconds, featureSeconds;
    }

    record Performed(BaselineClassifier valModel, BaselineClassifier finalModel, double valFitSeconds, double finalFitSeconds) {}

    @Override
    public String name() {
        return "train_eval";
    }

    @Override
    public void validate(RunContext ctx) {
        ExperimentSpec spec = ctx.spec();
        int line = spec.model.paramsLine > 0 ? spec.model.paramsLine : spec.model.line;
        if (!spec.data.dataset.equals("mitdb_beats")) {
            throw new SpecException(spec.file, spec.model.line, 1, "classical model '" + spec.model.name + "' runs on data.dataset: mitdb_beats only, not '"
                    + spec.data.dataset + "'");
        }
        if (spec.split.mode != ExperimentSpec.Split.Mode.RECORDS) throw new SpecException(spec.file, spec.model.line, 1, "classical models need split.mode: records");
        if (!spec.data.windowSteps.isEmpty()) {
            throw new SpecException(spec.file, spec.data.windowStepsLine, 1, "classical model '" + spec.model.name + "' computes amplitude features:"
                    + " remove data.preprocessing.window (a window z-score would erase them)");
        }
        if (spec.data.leads.size() != 1) throw new SpecException(spec.file, spec.model.line, 1, "classical models use one lead; data.leads has " + spec.data.leads);
        if (spec.data.rrFeatures) throw new SpecException(spec.file, spec.model.line, 1, "data.rr_features is for deep models; classical feature sets include RR");
        if (spec.training.classWeights == ExperimentSpec.Training.ClassWeights.EXPLICIT) {
            throw new SpecException(spec.file, spec.training.classWeightsLine, 1, "training.class_weights must be balanced or none for classical models, not "
                    + spec.training.classWeights);
        }
        try {
            featureSet(spec);
            fitOn(spec);
            Baselines.create(spec.model.name, 4, classifierParams(spec));
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, line, 1, "model.params: " + e.getMessage() + " (own keys: " + OWN_KEYS + ")");
        }
    }

    static FeatureSet featureSet(ExperimentSpec spec) {
        return FeatureSet.byName(String.valueOf(spec.model.params.getOrDefault("feature_set", "rhythm_morphology")));
    }

    static String fitOn(ExperimentSpec spec) {
        String f = String.valueOf(spec.model.params.getOrDefault("fit_on", "train_validation"));
        if (!f.equals("train") && !f.equals("train_validation")) throw new IllegalArgumentException("fit_on must be train or train_validation, got '" + f + "'");
        return f;
    }

    static Map<String, Object> classifierParams(ExperimentSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>(spec.model.params);
        OWN_KEYS.forEach(m::remove);
        return m;
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Prepared p = new Prepared();
        ctx.log().printf("%s: %s%n", spec.experiment, spec.description.strip());
        p.source = (MitBihBeatSource) DataSources.create(spec, ctx.root(), ctx.dataRoot());
        p.trainRecs = Splits.load(spec.split.train);
        p.valRecs = Splits.load(spec.split.validation);
        p.testRecs = Splits.load(spec.split.test);
        ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.test, p.testRecs);
        ExperimentRunner.assertDisjoint(spec.split.validation, p.valRecs, spec.split.test, p.testRecs);
        ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.validation, p.valRecs);
        p.set = featureSet(spec);
        p.fitOn = fitOn(spec);
        long t0 = System.nanoTime();
        p.train = p.source.load(p.trainRecs);
        p.trainDropped = p.source.lastDroppedPerClass();
        p.val = p.source.load(p.valRecs);
        p.valDropped = p.source.lastDroppedPerClass();
        long t1 = System.nanoTime();
        p.trainX = features(p.set, p.train, p.source);
        p.valX = features(p.set, p.val, p.source);
        p.loadSeconds = (t1 - t0) / 1e9;
        p.featureSeconds = (System.nanoTime() - t1) / 1e9;
        p.trainRows = capRows(spec, p.train);
        p.trainVal = LabeledWindows.concat(p.train, p.val);
        p.trainValX = concat(p.trainX, p.valX);
        p.finalRows = p.fitOn.equals("train") ? p.trainRows : capRows(spec, p.trainVal);
        ctx.log().printf("data: %s (%s); windows: train %d (fitting %d), validation %d; test model fitted on %s (%d rows); %d %s features;"
                        + " loaded in %.1f s, features in %.1f s%n", ctx.dataRoot(), p.source.dataChecksum(), p.train.size(), p.trainRows.length,
                p.val.size(), p.fitOn, p.finalRows.length, p.trainX[0].length, p.set.name().toLowerCase(java.util.Locale.ROOT), p.loadSeconds,
                p.featureSeconds);
        ctx.provenance().put("data_dir", ctx.rel(ctx.dataRoot()));
        return p;
    }

    /**
     * Feature rows of windows in record order: per record, the windows' first lead (R peak at {@code before_r}) and the
     * R peaks of all the record's beat annotations ({@link RecordRPeaks}); labels are never read.
     */
    static double[][] features(FeatureSet set, LabeledWindows w, MitBihBeatSource source) throws IOException {
        Map<String, List<Integer>> byRecord = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) byRecord.computeIfAbsent(w.record[i], k -> new ArrayList<>()).add(i);
        double[][] out = new double[w.size()][];
        for (Map.Entry<String, List<Integer>> e : byRecord.entrySet()) {
            List<Integer> rows = e.getValue();
            rows.sort((a, b) -> Long.compare(w.sample[a], w.sample[b]));
            RecordRPeaks.Peaks peaks = RecordRPeaks.read(source.mitdb(), e.getKey());
            double[][] win = new double[rows.size()][];
            long[] r = new long[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                float[] x = w.input(rows.get(k))[0];
                win[k] = new double[x.length];
                for (int s = 0; s < x.length; s++) win[k][s] = x[s];
                r[k] = w.sample[rows.get(k)];
            }
            double[][] f = BeatFeatures.record(set, win, r, peaks.samples(), peaks.fs(), source.beforeR());
            for (int k = 0; k < rows.size(); k++) out[rows.get(k)] = f[k];
        }
        return out;
    }

    /** Indices of the rows kept by {@code training.max_beats_per_class} (the same seeded cap as the deep models), or all rows. */
    static int[] capRows(ExperimentSpec spec, LabeledWindows w) {
        if (spec.training.maxBeatsPerClass == null) return java.util.stream.IntStream.range(0, w.size()).toArray();
        LabeledWindows kept = w.capPerClass(spec.training.maxBeatsPerClass, spec.training.seed);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < w.size(); i++) index.put(w.record[i] + ":" + w.sample[i], i);
        int[] rows = new int[kept.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = index.get(kept.record[i] + ":" + kept.sample[i]);
        return rows;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    @Override
    public Performed perform(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        long t0 = System.nanoTime();
        BaselineClassifier valModel = fit(spec, p.train, p.trainX, p.trainRows);
        double valFit = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        BaselineClassifier fin = p.fitOn.equals("train") ? valModel : fit(spec, p.trainVal, p.trainValX, p.finalRows);
        double finFit = p.fitOn.equals("train") ? valFit : (System.nanoTime() - t0) / 1e9;
        ctx.log().printf("fitted %s: %.1f s on the train split, %.1f s for the tested model (%s)%n", spec.model.name, valFit, finFit, p.fitOn);
        return new Performed(valModel, fin, valFit, finFit);
    }

    static BaselineClassifier fit(ExperimentSpec spec, LabeledWindows w, double[][] x, int[] rows) {
        int k = w.numClasses();
        double[][] xs = new double[rows.length][];
        int[] ys = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            xs[i] = x[rows[i]];
            ys[i] = w.y[rows[i]];
        }
        BaselineClassifier m = Baselines.create(spec.model.name, k, classifierParams(spec));
        m.fit(xs, ys, ClassWeights.of(spec.training.classWeights.key(), ys, k));
        return m;
    }

    @Override
    public void report(RunContext ctx, Prepared p, Performed r) throws IOException {
        ExperimentSpec spec = ctx.spec();
        double[][] valProbs = r.valModel().predictProba(p.valX);
        // ---- the test split: read only now, evaluated once
        LabeledWindows test = p.source.load(p.testRecs);
        int[] testDropped = p.source.lastDroppedPerClass();
        double[][] testX = features(p.set, test, p.source);
        long i0 = System.nanoTime();
        double[][] testProbs = r.finalModel().predictProba(testX);
        double inferSeconds = (System.nanoTime() - i0) / 1e9;
        EvalSummary valSummary = MulticlassEvaluation.evaluate("validation", p.val, valProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        Path modelFile = ctx.output().resolve("model.ecgbase");
        r.finalModel().save(modelFile);
        RunFacts facts = facts(p, r, test, testDropped, inferSeconds, modelFile);
        ctx.provenance().put("data_checksum", p.source.dataChecksum());
        ctx.provenance().put("train_seed", spec.training.seed);
        ctx.provenance().put("bootstrap_seed", spec.evaluation.seed);
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        new ReportWriter(ctx.output()).writeEvaluationFiles(valSummary, testSummary, test, testProbs);
        ClassicalReport.write(ctx.output(), spec, p.source, r.finalModel(), BeatFeatures.names(p.set), facts, valSummary, testSummary, ctx.provenance());
        ctx.log().printf("test: accuracy %.4f, macro F1 %.4f, S Se %.3f +P %.3f, V Se %.3f +P %.3f (%d windows, %d records); report: %s%n",
                testSummary.get("accuracy"), testSummary.get("macro_f1"), testSummary.get("recall_S"), testSummary.get("precision_S"),
                testSummary.get("recall_V"), testSummary.get("precision_V"), test.size(), p.testRecs.size(), ctx.output().resolve("report.md"));
    }

    /** What the report prints besides the metrics; the fields shared with the deep runs' {@code summary.json} mean the same. */
    static RunFacts facts(Prepared p, Performed r, LabeledWindows test, int[] testDropped, double inferSeconds, Path modelFile)
            throws IOException {
        RunFacts f = new RunFacts();
        f.train.records(p.trainRecs, false);
        f.validation.records(p.valRecs, false);
        f.test.records(p.testRecs, false);
        f.train.counts = p.train.classCounts();
        f.validation.counts = p.val.classCounts();
        f.test.counts = test.classCounts();
        f.train.annotationCounts = p.source.annotationCounts(p.trainRecs);
        f.validation.annotationCounts = p.source.annotationCounts(p.valRecs);
        f.test.annotationCounts = p.source.annotationCounts(p.testRecs);
        f.train.droppedWindowFit = p.trainDropped;
        f.validation.droppedWindowFit = p.valDropped;
        f.test.droppedWindowFit = testDropped;
        putQBeats(f, p.source, p.trainRecs, p.valRecs, p.testRecs);
        RunFacts.Classical c = new RunFacts.Classical();
        c.featureSet = p.set.name().toLowerCase(java.util.Locale.ROOT);
        c.features = p.trainX[0].length;
        c.fitOn = p.fitOn;
        c.validationFitRows = p.trainRows.length;
        c.finalFitRows = p.finalRows.length;
        c.finalFitCounts = counts(p.trainVal, p.finalRows); // train rows are the first rows of trainVal
        c.modelFileKb = java.nio.file.Files.size(modelFile) / 1024.0;
        c.classifier = r.finalModel().describe();
        c.validationModelFitSeconds = r.valFitSeconds();
        c.featureSeconds = p.featureSeconds;
        f.classical = c;
        f.trainSeconds = r.finalFitSeconds();
        f.testInferenceWindowsPerS = test.size() / Math.max(1e-9, inferSeconds);
        f.dataLoadSeconds = p.loadSeconds;
        f.rhythmContext = !r.finalModel().name().equals("majority"); // every feature set holds RR; majority ignores its rows
        return f;
    }

    /** AAMI Q beats (paced fusion, unclassifiable: {@code aami5} class Q) per split, which the N/S/V/F protocol leaves out. */
    static void putQBeats(RunFacts f, MitBihBeatSource source, List<String> train, List<String> val, List<String> test) throws IOException {
        BeatLabels aami5 = BeatLabels.byName("aami5");
        int q = java.util.Arrays.asList(aami5.classNames()).indexOf("Q");
        f.train.qBeatsExcluded = BeatExtractor.countLabels(source.mitdb(), train, aami5)[q];
        f.validation.qBeatsExcluded = BeatExtractor.countLabels(source.mitdb(), val, aami5)[q];
        f.test.qBeatsExcluded = BeatExtractor.countLabels(source.mitdb(), test, aami5)[q];
    }

    private static int[] counts(LabeledWindows trainVal, int[] rows) {
        int[] c = new int[trainVal.numClasses()];
        for (int i : rows) c[trainVal.y[i]]++;
        return c;
    }
}
