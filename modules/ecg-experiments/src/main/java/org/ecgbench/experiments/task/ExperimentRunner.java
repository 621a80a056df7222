package org.ecgbench.experiments.task;

import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.experiments.model.PretrainedEncoder;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.pipeline.source.MitBihBeatSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.Trainer;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.split.Splits;

/**
 * Wires a spec together: data source → split → windows → model (registry) → training with
 * early stopping on the validation split → one evaluation of the best model on the test split →
 * reports with bootstrap CIs and provenance. The test split is read only after training ends.
 */
public final class ExperimentRunner {

    public static final class Options {
        public String dataDir;
        public String outputDir;
        public boolean fresh;
        public boolean showProgress = true;
    }

    private final PrintStream log;

    public ExperimentRunner(PrintStream log) {
        this.log = log;
    }

    public Path run(Path specFile, Options opt) throws IOException {
        long t0 = System.nanoTime();
        ExperimentSpec spec = ExperimentSpec.load(specFile);
        // git state is recorded when the run starts: the code that runs is the code of this commit
        Provenance prov = Provenance.collect(DataPaths.projectRoot());
        Backend.init();
        if (spec.task.equals("quantize")) return new QuantizeRunner(log).run(spec, specFile, opt, prov);
        if (spec.task.equals("pretrain")) return new PretrainRunner(log).run(spec, specFile, opt, prov);
        if (org.ecgbench.pipeline.source.RecordSource.isRecordDataset(spec.data.dataset)) {
            return new org.ecgbench.experiments.task.RecordExperimentRunner(log).run(spec, specFile, opt, prov, t0);
        }
        Path root = DataPaths.projectRoot();
        Path out = Paths.get(opt.outputDir != null ? opt.outputDir : spec.output.dir);
        if (!out.isAbsolute()) out = root.resolve(out);
        Files.createDirectories(out);
        Path ckpt = out.resolve("checkpoints");
        if (opt.fresh && Files.exists(ckpt)) deleteTree(ckpt);

        String dataDir = opt.dataDir != null ? opt.dataDir : spec.data.dir;
        Path dataRoot = DataPaths.dataRoot(dataDir);
        DataSource source = MitBihBeatSource.create(spec, dataRoot);

        // ---- splits: defined once in files, asserted disjoint at record level
        boolean randomBeats = spec.split.mode.equals("random_beats");
        LabeledWindows[] random = null;
        List<String> trainRecs, valRecs, testRecs;
        if (randomBeats) {
            List<String> pool = Splits.load(spec.split.pool);
            trainRecs = valRecs = testRecs = pool;
            random = source.load(pool).randomSplit(spec.split.fractions.stream().mapToDouble(Double::doubleValue).toArray(), spec.training.seed);
            log.println("INTRA-PATIENT protocol: beats of the same records are in train, validation and test (split.mode random_beats)");
        } else {
            trainRecs = Splits.load(spec.split.train);
            valRecs = Splits.load(spec.split.validation);
            testRecs = Splits.load(spec.split.test);
            assertDisjoint(spec.split.train, trainRecs, spec.split.test, testRecs);
            assertDisjoint(spec.split.validation, valRecs, spec.split.test, testRecs);
            assertDisjoint(spec.split.train, trainRecs, spec.split.validation, valRecs);
        }
        log.printf("%s: %s%n", spec.experiment, spec.description);
        if (spec.smoke) log.println("SMOKE RUN: reduced data/epochs; numbers are not results.");
        log.printf("data: %s (%s)%n", dataRoot, source.dataChecksum());
        if (!randomBeats) {
            log.printf("split: train %s (%d records), validation %s (%d), test %s (%d)%n", spec.split.train, trainRecs.size(),
                    spec.split.validation, valRecs.size(), spec.split.test, testRecs.size());
        }

        long d0 = System.nanoTime();
        LabeledWindows train = randomBeats ? random[0] : source.load(trainRecs);
        int[] trainDropped = source.lastDroppedPerClass();
        LabeledWindows val = randomBeats ? random[1] : source.load(valRecs);
        int[] valDropped = source.lastDroppedPerClass();
        double loadSeconds = (System.nanoTime() - d0) / 1e9;
        LabeledWindows trainUsed = spec.training.maxBeatsPerClass != null
                ? train.capPerClass(spec.training.maxBeatsPerClass, spec.training.seed) : train;
        if (spec.training.maxTrainBeats != null) trainUsed = trainUsed.stratifiedSubsample(spec.training.maxTrainBeats, spec.training.seed);
        LabeledWindows valUsed = spec.training.maxValidationBeats != null
                ? val.stratifiedSubsample(spec.training.maxValidationBeats, spec.training.seed + 1) : val;
        log.printf("windows: train %d (using %d), validation %d (using %d); loaded in %.1f s%n", train.size(), trainUsed.size(),
                val.size(), valUsed.size(), loadSeconds);

        double[] weights = switch (spec.training.classWeights) {
            case "balanced" -> trainUsed.balancedClassWeights();
            case "none" -> null;
            default -> spec.training.classWeightValues.stream().mapToDouble(Double::doubleValue).toArray();
        };
        if (weights != null && weights.length != trainUsed.numClasses()) {
            throw new IllegalArgumentException(spec.file + ": training.class_weights has " + weights.length
                    + " values but there are " + trainUsed.numClasses() + " classes");
        }

        ModelBuilder builder = ModelFactory.builder(spec);
        ModelConfig cfg = ModelFactory.config(spec, builder, trainUsed.leads(), trainUsed.samples(), trainUsed.numClasses(), weights);
        ComputationGraph net = builder.build(cfg);
        ModelFactory.applyClassWeights(net, weights);
        ModelFactory.applyWeightDecay(net, spec.training.weightDecay, spec.training.weightDecayMode);
        Map<String, Object> pretrained = spec.model.pretrained == null ? Map.of() : PretrainedEncoder.apply(spec, net, root, log);
        long params = net.numParams();
        long flops = builder.flops(cfg);
        log.printf("model %s: %,d parameters (%.2f KB float32), %.2f MFLOPs per window%n", builder.name(), params,
                params * 4 / 1024.0, flops / 1e6);

        Trainer.Options to = Trainer.Options.fromSpec(spec, opt.showProgress);
        String metric = spec.training.earlyStoppingMetric;
        Trainer.Result tr = new Trainer(log).train(net, trainUsed, valUsed, to, ckpt, (n, v) -> {
            double[][] p = Predictor.predict(n, v, 256);
            if (metric.equals("loss")) return -MulticlassEvaluation.meanCrossEntropy(v.y, p);
            EvalSummary s = MulticlassEvaluation.evaluate("validation", v, p, 0, 0.95, 0, false);
            return s.get(metric);
        });
        ComputationGraph best = tr.best();
        double trainThroughput = tr.trainSamplesSeen() / Math.max(1e-9, tr.seconds());

        // ---- final evaluation: validation (for the record) then the test split, once
        double[][] valProbs = Predictor.predict(best, valUsed, 256);
        EvalSummary valSummary = MulticlassEvaluation.evaluate("validation", valUsed, valProbs, spec.evaluation.bootstrap,
                spec.evaluation.ciLevel, spec.evaluation.seed, spec.evaluation.aucCi);
        LabeledWindows test = randomBeats ? random[2] : source.load(testRecs);
        int[] testDropped = source.lastDroppedPerClass();
        long i0 = System.nanoTime();
        double[][] testProbs = Predictor.predict(best, test, 256);
        double inferSeconds = (System.nanoTime() - i0) / 1e9;
        EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap,
                spec.evaluation.ciLevel, spec.evaluation.seed, spec.evaluation.aucCi);

        // ---- outputs
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("train_records", trainRecs);
        facts.put("validation_records", valRecs);
        facts.put("test_records", testRecs);
        facts.put("train_counts", train.classCounts());
        facts.put("train_used_counts", trainUsed.classCounts());
        facts.put("validation_counts", val.classCounts());
        facts.put("validation_used_counts", valUsed.classCounts());
        facts.put("test_counts", test.classCounts());
        facts.put("train_annotation_counts", source.annotationCounts(trainRecs));
        facts.put("validation_annotation_counts", source.annotationCounts(valRecs));
        facts.put("test_annotation_counts", source.annotationCounts(testRecs));
        facts.put("train_dropped_window_fit", trainDropped);
        facts.put("validation_dropped_window_fit", valDropped);
        facts.put("test_dropped_window_fit", testDropped);
        facts.put("class_weights", weights);
        facts.put("params", params);
        facts.put("weight_kb_f32", params * 4 / 1024.0);
        facts.put("flops_per_window", flops);
        facts.put("epochs_run", tr.state().epochsDone);
        facts.put("best_epoch", tr.state().bestEpoch);
        facts.put("train_seconds", tr.seconds());
        facts.put("train_windows_per_s", trainThroughput);
        facts.put("test_inference_windows_per_s", test.size() / Math.max(1e-9, inferSeconds));
        facts.put("data_load_seconds", loadSeconds);
        facts.putAll(pretrained);

        prov.put("experiment", spec.experiment);
        prov.put("smoke", spec.smoke);
        prov.put("spec_file", root.relativize(specFile.toAbsolutePath().normalize()).toString());
        prov.put("spec_sha256", spec.sha256);
        prov.put("data_dir", dataRoot.toString());
        prov.put("data_checksum", source.dataChecksum());
        prov.put("train_seed", spec.training.seed);
        prov.put("bootstrap_seed", spec.evaluation.seed);
        prov.put("backend", Backend.describe());
        pretrained.forEach(prov::put);
        prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);

        new ReportWriter(out).write(spec, source, builder, cfg, tr.state(), facts, valSummary, testSummary, test, testProbs, prov);
        if (spec.output.saveModel) {
            AtomicFiles.writeVia(out.resolve("model.zip"), tmp -> ModelSerializer.writeModel(best, tmp.toFile(), false));
        }
        prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out.resolve("provenance.json"));
        log.printf("test: accuracy %.4f, macro F1 %.4f (%d windows, %d records); report: %s%n", testSummary.get("accuracy"),
                testSummary.get("macro_f1"), test.size(), testRecs.size(), out.resolve("report.md"));
        return out;
    }

    static void assertDisjoint(String aName, List<String> a, String bName, List<String> b) {
        Set<String> s = new HashSet<>(a);
        List<String> both = new ArrayList<>();
        for (String r : b) if (s.contains(r)) both.add(r);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("splits '" + aName + "' and '" + bName + "' share records " + both
                    + ": the protocol must be inter-patient");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
