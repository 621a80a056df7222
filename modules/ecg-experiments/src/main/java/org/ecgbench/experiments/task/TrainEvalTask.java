package org.ecgbench.experiments.task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.databases.splits.PatientSplits;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.eval.MultilabelEvaluation;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.experiments.model.PretrainedEncoder;
import org.ecgbench.experiments.report.MultilabelReport;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.experiments.report.RunFacts;
import org.ecgbench.experiments.train.OnnxInference;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.Trainer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.DataFingerprint;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.source.RecordDatabases;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.split.Splits;

/**
 * {@code task: train_eval} on any registered database: splits (record lists for MIT-BIH beats, or a patient-wise split
 * file for the 12-lead record databases) → labelled windows → model from the registry → training with early stopping
 * on the validation split (and an optional refit on train + validation) → one evaluation of the chosen model on the
 * test split, read only in {@link #report}. Single-label problems share the multi-class evaluation and report;
 * binary and multi-label record protocols use validation-chosen thresholds ({@link RecordEvaluation}).
 */
public final class TrainEvalTask implements Task<TrainEvalTask.Prepared, TrainEvalTask.Performed> {

    /** Data and model after {@link #prepare}: everything but the test split. */
    static final class Prepared {
        DataSource source;
        RecordSource records; // null for beat datasets
        RecordSource.SplitResult splitFile; // record datasets
        List<String> trainRecs, valRecs, testRecs;
        LabeledWindows train, val, trainUsed, valUsed;
        LabeledWindows[] random; // split.mode random_beats: train, validation, test windows
        int[] trainDropped, valDropped;
        double loadSeconds;
        double[] weights;
        ModelBuilder builder;
        ModelConfig cfg;
        ComputationGraph net;
        PretrainedEncoder.Copied pretrained; // null without model.pretrained
        long params, flops;
        boolean multi, binary;
        /** data.rr_features: the RR standardiser fitted on the training split (null without rhythm context). */
        org.ecgbench.signal.rhythm.Standardizer rrStandardizer;
        /** How the refit epochs were chosen (for the report). */
        String refitRule;
        /** split.train_fraction below 1: what was kept (report); null otherwise. */
        String trainSubset;
        DataFingerprint fingerprint;

        boolean isRecords() {
            return records != null;
        }
    }

    /** The trained model after {@link #perform}. */
    record Performed(Trainer.Result trained, Trainer.Result refit, ComputationGraph best, CrossValidation.Result cv) {
        Performed(Trainer.Result trained, Trainer.Result refit, ComputationGraph best) {
            this(trained, refit, best, null);
        }
    }

    @Override
    public String name() {
        return "train_eval";
    }

    @Override
    public void validate(RunContext ctx) {
        // unknown model names and parameters are refused before any data is read
        ModelFactory.checkParams(ctx.spec(), ModelFactory.builder(ctx.spec()));
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        PrintStream log = ctx.log();
        Prepared p = new Prepared();
        log.printf("%s: %s%n", spec.experiment, spec.description.strip());
        if (spec.smoke) log.println("SMOKE RUN: reduced data/epochs/model; numbers are not results.");
        if (DataSources.isRecordDataset(spec.data.dataset)) prepareRecordSplits(ctx, p);
        else prepareBeatSplits(ctx, p);
        p.fingerprint = fingerprint(ctx, p.source, Map.of("train", p.trainRecs, "validation", p.valRecs, "test", p.testRecs));
        loadTrainingData(ctx, p);
        p.weights = classWeights(spec, p);
        buildModel(ctx, p);
        return p;
    }

    private void prepareBeatSplits(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        if (spec.split.trainFraction < 1) {
            throw new SpecException(spec.file, spec.split.line, 1, "split.train_fraction is for record datasets; beat datasets use training.max_train_beats");
        }
        Path dataRoot = ctx.dataRoot();
        p.source = DataSources.create(spec, ctx.root(), dataRoot);
        if (spec.split.mode == ExperimentSpec.Split.Mode.RANDOM_BEATS) {
            List<String> pool = Splits.load(spec.split.pool);
            p.trainRecs = p.valRecs = p.testRecs = pool;
            p.random = p.source.load(pool).randomSplit(spec.split.fractions.stream().mapToDouble(Double::doubleValue).toArray(), spec.training.seed);
            ctx.log().println("INTRA-PATIENT protocol: beats of the same records are in train, validation and test (split.mode random_beats)");
        } else if (CrossValidation.on(spec)) {
            p.trainRecs = Splits.load(spec.split.train);
            p.valRecs = List.of(); // the folds hold out every training record once
            p.testRecs = Splits.load(spec.split.test);
            ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.test, p.testRecs);
        } else {
            p.trainRecs = Splits.load(spec.split.train);
            p.valRecs = Splits.load(spec.split.validation);
            p.testRecs = Splits.load(spec.split.test);
            ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.test, p.testRecs);
            ExperimentRunner.assertDisjoint(spec.split.validation, p.valRecs, spec.split.test, p.testRecs);
            ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.validation, p.valRecs);
        }
        ctx.log().printf("data: %s (%s)%n", dataRoot, p.source.dataChecksum());
        if (CrossValidation.on(spec)) {
            ctx.log().printf("split: train %s (%d records, %d-fold cross-validation by record), test %s (%d)%n", spec.split.train, p.trainRecs.size(),
                    spec.split.folds, spec.split.test, p.testRecs.size());
        } else if (p.random == null) {
            ctx.log().printf("split: train %s (%d records), validation %s (%d), test %s (%d)%n", spec.split.train, p.trainRecs.size(),
                    spec.split.validation, p.valRecs.size(), spec.split.test, p.testRecs.size());
        }
        ctx.provenance().put("data_dir", ctx.rel(dataRoot));
    }

    private void prepareRecordSplits(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        Path dataRoot = ctx.recordDataRoot();
        ctx.log().printf("reading %s from %s (%s)%n", spec.data.dataset, RecordDatabases.candidateRoot(spec.data.dataset, spec.data.records,
                ctx.root(), dataRoot), RecordDatabases.LAYOUT.get(spec.data.dataset));
        RecordSource source = RecordSource.create(spec, ctx.root(), dataRoot).withCache(ctx.cacheDir(), ctx.log());
        p.source = p.records = source;
        ctx.log().printf("records: %d in the database, %d after source filter, %d labelled by %s; classes %s%n", source.recordsInDatabase(),
                source.recordsAfterSourceFilter(), source.labels().size(), source.labels().protocol(), source.labels().counts());
        RecordSource.SplitResult split = source.splits(ctx.root(), ctx.specFile());
        ctx.log().printf("split file %s%s: train %d, validation %d, test %d records%s%n", split.file(), split.created() ? " (created now)" : "",
                split.train().size(), split.validation().size(), split.test().size(),
                split.labelledNotInFile() > 0 ? " (" + split.labelledNotInFile() + " labelled records not in the file: unused)" : "");
        String[] parts = {"train", "validation", "test"};
        List<List<String>> lists = List.of(split.train(), split.validation(), split.test());
        for (int i = 0; i < 3; i++) {
            if (lists.get(i).isEmpty()) throw new IllegalArgumentException("split file " + split.file() + " has no " + parts[i] + " records (fold " + i + ")");
        }
        p.splitFile = split;
        p.trainRecs = split.train();
        if (spec.split.trainFraction < 1) {
            p.trainRecs = PatientSplits.nestedFraction(split.train(), spec.split.trainFraction, spec.split.trainSeed);
            p.trainSubset = String.format(java.util.Locale.ROOT, "split.train_fraction %s (seed %d): %d of the split file's %d training records",
                    spec.split.trainFraction, spec.split.trainSeed, p.trainRecs.size(), split.train().size());
            ctx.log().println(p.trainSubset);
            ctx.provenance().put("train_fraction", spec.split.trainFraction);
            ctx.provenance().put("train_records_used", p.trainRecs.size());
        }
        p.valRecs = split.validation();
        p.testRecs = split.test();
        p.multi = source.multiLabel();
        p.binary = source.binary();
    }

    private void loadTrainingData(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        long d0 = System.nanoTime();
        p.train = p.random != null ? p.random[0] : p.source.load(p.trainRecs);
        p.trainDropped = p.source.lastDroppedPerClass();
        p.val = p.random != null ? p.random[1] : p.valRecs.isEmpty() ? p.train.subset(new int[0]) : p.source.load(p.valRecs);
        p.valDropped = p.source.lastDroppedPerClass();
        p.loadSeconds = (System.nanoTime() - d0) / 1e9;
        RhythmContext.standardize(ctx, p); // data.rr_features: training-split statistics only
        if (p.isRecords()) {
            p.trainUsed = p.train;
            p.valUsed = p.val;
            ctx.log().printf("inputs: %d leads x %d samples; train %d, validation %d records; loaded in %.1f s; train inputs %s%n", p.train.leads(),
                    p.train.samples(), p.train.size(), p.val.size(), p.loadSeconds, p.train.inputs().describe());
            return;
        }
        p.trainUsed = spec.training.maxBeatsPerClass != null ? p.train.capPerClass(spec.training.maxBeatsPerClass, spec.training.seed) : p.train;
        if (spec.training.maxTrainBeats != null) p.trainUsed = p.trainUsed.stratifiedSubsample(spec.training.maxTrainBeats, spec.training.seed);
        p.valUsed = spec.training.maxValidationBeats != null
                ? p.val.stratifiedSubsample(spec.training.maxValidationBeats, spec.training.seed + 1) : p.val;
        ctx.log().printf("windows: train %d (using %d), validation %d (using %d); loaded in %.1f s%n", p.train.size(), p.trainUsed.size(),
                p.val.size(), p.valUsed.size(), p.loadSeconds);
    }

    static double[] classWeights(ExperimentSpec spec, Prepared p) {
        String protocol = p.isRecords() ? " protocol " + p.records.labels().protocol() + " has" : " there are";
        if (p.multi && spec.training.classWeights == ExperimentSpec.Training.ClassWeights.BALANCED) {
            throw new SpecException(spec.file, spec.training.classWeightsLine, 1, "training.class_weights 'balanced' is for single-label tasks; protocol "
                    + p.records.labels().protocol() + " is multi-label: set class_weights: none (or a list, or focal_alpha in model.params)");
        }
        double[] w = classWeights(spec.training, p.trainUsed);
        if (w != null && w.length != p.trainUsed.numClasses()) {
            throw new IllegalArgumentException(spec.file + ": training.class_weights has " + w.length + " values but" + protocol + " "
                    + p.trainUsed.numClasses() + " classes");
        }
        return w;
    }

    /** {@code training.class_weights} for the windows a model is trained on (null = none). */
    static double[] classWeights(ExperimentSpec.Training t, LabeledWindows used) {
        return switch (t.classWeights) {
            case BALANCED -> used.balancedClassWeights();
            case NONE -> null;
            case EXPLICIT -> t.classWeightValues.stream().mapToDouble(Double::doubleValue).toArray();
        };
    }

    private void buildModel(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        p.builder = ModelFactory.builder(spec);
        p.cfg = ModelFactory.config(spec, p.builder, p.trainUsed.leads(), p.trainUsed.samples(), p.trainUsed.numClasses(), p.weights, p.multi);
        p.net = newNetwork(ctx, p);
        p.pretrained = spec.model.pretrained == null ? null : PretrainedEncoder.apply(spec, p.net, ctx.root(), ctx.log());
        p.params = p.net.numParams();
        p.flops = p.builder.flops(p.cfg) + RhythmContext.extraFlops(p, spec);
        if (p.isRecords()) {
            ctx.log().printf("model %s (%s output): %,d parameters (%.2f KB float32), %.2f MFLOPs per record%n", p.builder.name(),
                    p.multi ? "sigmoid" : "softmax", p.params, p.params * 4 / 1024.0, p.flops / 1e6);
        } else {
            ctx.log().printf("model %s: %,d parameters (%.2f KB float32), %.2f MFLOPs per window%n", p.builder.name(), p.params,
                    p.params * 4 / 1024.0, p.flops / 1e6);
        }
        String metric = spec.training.earlyStoppingMetric.key();
        if ((p.multi || p.binary) && metric.equals("accuracy")) {
            throw new SpecException(spec.file, spec.training.earlyStoppingLine, 1, "early_stopping.metric accuracy is not used for multi-label/binary protocols; "
                    + "use macro_auc, fmax, macro_f1, sensitivity or loss");
        }
    }

    /**
     * The fingerprint of every file the run reads and of its split lists (provenance and checkpoint key), logged and put
     * into the provenance.
     */
    static DataFingerprint fingerprint(RunContext ctx, DataSource source, Map<String, List<String>> splits) {
        List<String> all = new java.util.ArrayList<>();
        splits.values().forEach(all::addAll);
        DataFingerprint f = DataFingerprint.of(source.dataRoot(), source.files(all.stream().distinct().toList()), splits);
        ctx.provenance().put("data_fingerprint", f.toString());
        ctx.log().printf("data fingerprint %s%n", f);
        return f;
    }

    /** A freshly initialised network; class weights, loss and weight decay come with {@code p.cfg} (see {@link ModelFactory#config}). */
    private static ComputationGraph newNetwork(RunContext ctx, Prepared p) {
        return RhythmContext.wrap(p, ctx.spec(), p.builder.build(p.cfg));
    }

    @Override
    public Performed perform(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Trainer.Options to = Trainer.Options.fromSpec(spec, ctx.showProgress());
        to.dataFingerprint = p.fingerprint.sha256();
        if (CrossValidation.on(spec)) {
            CrossValidation.Result cv = CrossValidation.run(ctx, p);
            return new Performed(cv.folds().get(0).trained(), null, cv.folds().get(0).trained().best(), cv);
        }
        ToDoubleBiFunction<ComputationGraph, LabeledWindows> scorer = scorer(spec, p);
        Path ckpt = ctx.checkpoints();
        Trainer.Result tr = new Trainer(ctx.log()).train(p.net, p.trainUsed, p.valUsed, to, ckpt, scorer);
        if (spec.training.refitEpochs == null && !spec.training.refitBest) return new Performed(tr, null, tr.best());
        // final refit on train + validation (ECGencode model 2: folds 1-9): a fresh model, same seed and class weights,
        // a fixed number of epochs, no early stopping; the model after the last epoch is the one tested
        int epochs = spec.training.refitBest ? Math.max(1, tr.state().bestEpoch) : spec.training.refitEpochs;
        p.refitRule = spec.training.refitBest ? "training.refit.epochs: best = best epoch " + tr.state().bestEpoch
                : "training.refit.epochs: " + spec.training.refitEpochs;
        LabeledWindows trainVal = LabeledWindows.concat(p.train, p.val);
        ComputationGraph fresh = newNetwork(ctx, p);
        if (spec.model.pretrained != null) PretrainedEncoder.apply(spec, fresh, ctx.root(), ctx.log());
        Trainer.Options ro = Trainer.Options.fromSpec(spec, ctx.showProgress());
        ro.dataFingerprint = p.fingerprint.sha256();
        ro.epochs = epochs;
        ro.keepLast = true;
        ctx.log().printf("final refit: a fresh model on train + validation (%d records) for %d epochs%s%n", trainVal.size(), epochs,
                spec.training.refitBest ? " (the best epoch of the early-stopped run)" : "");
        Trainer.Result refit = new Trainer(ctx.log()).train(fresh, trainVal, p.val, ro, ckpt.resolve("refit"), scorer);
        return new Performed(tr, refit, refit.best());
    }

    /** The validation score early stopping maximises (higher is better; loss is negated). */
    static ToDoubleBiFunction<ComputationGraph, LabeledWindows> scorer(ExperimentSpec spec, Prepared p) {
        String metric = spec.training.earlyStoppingMetric.key();
        int batch = batch(p);
        return (n, v) -> {
            double[][] probs = Predictor.predict(n, v, batch);
            if (p.multi || p.binary) {
                return MultilabelEvaluation.validationScore(metric, MultilabelEvaluation.targets(v, p.binary), MultilabelEvaluation.scores(probs, p.binary));
            }
            if (metric.equals("loss")) return -MulticlassEvaluation.meanCrossEntropy(v.y, probs);
            double x = MulticlassEvaluation.evaluate("validation", v, probs, 0, 0.95, 0, false).get(metric.equals("sensitivity") ? "macro_recall" : metric);
            return p.isRecords() && Double.isNaN(x) ? -1e9 : x;
        };
    }

    /** Final predictions by DL4J, or by ONNX Runtime on the exported model when {@code onnx} is given. */
    static double[][] predict(ComputationGraph net, java.nio.file.Path onnx, LabeledWindows w, int batch) {
        return onnx == null ? Predictor.predict(net, w, batch) : OnnxInference.predict(onnx, w, batch, 2);
    }

    /** Prediction batch: 12-lead records are ~100x larger than beat windows. */
    static int batch(Prepared p) {
        return p.isRecords() ? 64 : 256;
    }

    @Override
    public void report(RunContext ctx, Prepared p, Performed r) throws IOException {
        if (r.cv() != null) {
            CrossValidation.report(ctx, p, r);
            return;
        }
        ExperimentSpec spec = ctx.spec();
        java.nio.file.Path onnx = spec.evaluation.inference == ExperimentSpec.Evaluation.Inference.ONNXRUNTIME
                ? OnnxInference.export(r.best(), p.valUsed, ctx.output().resolve("model.onnx")) : null;
        double[][] valProbs = predict(r.best(), onnx, p.valUsed, batch(p));
        // ---- the test split: read only now, evaluated once
        LabeledWindows test = p.random != null ? p.random[2] : p.source.load(p.testRecs);
        int[] testDropped = p.source.lastDroppedPerClass();
        test = RhythmContext.applyToTest(p, test);
        long i0 = System.nanoTime();
        double[][] testProbs = predict(r.best(), onnx, test, batch(p));
        double inferSeconds = (System.nanoTime() - i0) / 1e9;
        RunFacts facts = facts(p, r, test, testDropped, inferSeconds);
        putProvenance(ctx, p);
        if (p.isRecords()) {
            new RecordEvaluation(ctx, p, r).evaluateAndWrite(facts, valProbs, test, testProbs);
        } else {
            EvalSummary valSummary = MulticlassEvaluation.evaluate("validation", p.valUsed, valProbs, spec.evaluation.bootstrap,
                    spec.evaluation.ciLevel, spec.evaluation.seed, spec.evaluation.aucCi);
            EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap,
                    spec.evaluation.ciLevel, spec.evaluation.seed, spec.evaluation.aucCi);
            ctx.provenance().put("wall_seconds", ctx.wallSeconds());
            new ReportWriter(ctx.output()).write(spec, p.source, p.builder, p.cfg, r.trained().state(), facts, valSummary, testSummary, test,
                    testProbs, ctx.provenance());
            ctx.log().printf("test: accuracy %.4f, macro F1 %.4f (%d windows, %d records); report: %s%n", testSummary.get("accuracy"),
                    testSummary.get("macro_f1"), test.size(), p.testRecs.size(), ctx.output().resolve("report.md"));
        }
        if (spec.output.saveModel) {
            AtomicFiles.writeVia(ctx.output().resolve("model.zip"), tmp -> ModelSerializer.writeModel(r.best(), tmp.toFile(), false));
        }
    }

    /** What the reports print besides the metrics: split sizes and class counts, model size, training time and speed. */
    static RunFacts facts(Prepared p, Performed r, LabeledWindows test, int[] testDropped, double inferSeconds) throws IOException {
        RunFacts f = new RunFacts();
        boolean rec = p.isRecords();
        f.train.records(p.trainRecs, rec);
        f.train.subset = p.trainSubset;
        f.validation.records(p.valRecs, rec);
        f.test.records(p.testRecs, rec);
        f.train.counts = rec ? p.train.classCountsOrPositives() : p.train.classCounts();
        f.train.usedCounts = rec ? p.trainUsed.classCountsOrPositives() : p.trainUsed.classCounts();
        f.validation.counts = rec ? p.val.classCountsOrPositives() : p.val.classCounts();
        f.validation.usedCounts = rec ? p.valUsed.classCountsOrPositives() : p.valUsed.classCounts();
        f.test.counts = rec ? test.classCountsOrPositives() : test.classCounts();
        f.train.annotationCounts = p.source.annotationCounts(p.trainRecs);
        f.validation.annotationCounts = p.source.annotationCounts(p.valRecs);
        f.test.annotationCounts = p.source.annotationCounts(p.testRecs);
        f.train.droppedWindowFit = rec ? testDropped : p.trainDropped;
        f.validation.droppedWindowFit = rec ? testDropped : p.valDropped;
        f.test.droppedWindowFit = testDropped;
        f.classWeights = p.weights;
        f.params = p.params;
        f.rhythmContext = RhythmContext.on(p);
        f.weightKbF32 = p.params * 4 / 1024.0;
        f.flopsPerWindow = p.flops;
        if (r.refit() != null) f.refit = RecordEvaluation.refitNote(p, r);
        f.epochsRun = r.trained().state().epochsDone;
        f.bestEpoch = r.trained().state().bestEpoch;
        f.trainSeconds = r.trained().seconds();
        f.trainWindowsPerS = r.trained().trainSamplesSeen() / Math.max(1e-9, r.trained().seconds());
        f.testInferenceWindowsPerS = test.size() / Math.max(1e-9, inferSeconds);
        f.dataLoadSeconds = p.loadSeconds;
        if (!rec) f.pretrained = p.pretrained;
        if (p.source instanceof org.ecgbench.pipeline.source.MitBihBeatSource mb && "aami4".equals(mb.labelsName())) {
            ClassicalTrainEval.putQBeats(f, mb, p.trainRecs, p.valRecs, p.testRecs); // left out of N/S/V/F: counted in the report
        }
        return f;
    }

    static void putProvenance(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        Provenance prov = ctx.provenance();
        if (p.isRecords()) {
            prov.put("dataset", spec.data.dataset);
            prov.put("database_root", ctx.rel(p.records.root()));
            prov.put("data_checksum", p.source.dataChecksum());
            prov.put("label_protocol", p.records.labels().protocol());
            prov.put("split_file", ctx.rel(p.splitFile.file()));
            prov.put("split_file_sha256", sha256(p.splitFile.file()));
            prov.put("split_content_sha256", org.ecgbench.databases.splits.SplitFile.contentSha256(p.splitFile.file()));
            prov.put("records_train_validation_test", List.of(p.train.size(), p.val.size(), p.testRecs.size()));
        } else {
            prov.put("data_checksum", p.source.dataChecksum());
        }
        prov.put("train_seed", spec.training.seed);
        prov.put("bootstrap_seed", spec.evaluation.seed);
        prov.put("backend", Backend.describe());
        prov.put("inference", spec.evaluation.inference);
        if (p.pretrained != null) p.pretrained.provenance().forEach(prov::put);
    }

    static String sha256(Path f) {
        try {
            return org.ecgbench.signal.data.Manifest.sha256(f);
        } catch (IOException e) {
            return "unavailable";
        }
    }
}
