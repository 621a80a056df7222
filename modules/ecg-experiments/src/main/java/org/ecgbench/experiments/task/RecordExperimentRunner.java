package org.ecgbench.experiments.task;

import org.ecgbench.experiments.report.MultilabelReport;

import org.ecgbench.experiments.eval.MultilabelEvaluation;
import org.ecgbench.pipeline.source.RecordDatabases;
import org.ecgbench.pipeline.source.RecordSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.databases.labels.LabelSet;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.Trainer;
import org.ecgbench.signal.data.DataPaths;

/**
 * {@code task: train_eval} for the fixed-length 12-lead record datasets: database → label protocol →
 * patient-wise split file → fixed-size inputs → model (softmax for single-label and binary protocols,
 * sigmoid for multi-label ones) → training with early stopping on the validation split → one evaluation of
 * the best model on the test split. Single-label multi-class protocols reuse the beat pipeline's multi-class
 * evaluation and report; binary and multi-label protocols use {@link MultilabelEvaluation} (validation-chosen
 * F1-optimal thresholds) and {@link MultilabelReport}.
 */
public final class RecordExperimentRunner {
    private final PrintStream log;

    public RecordExperimentRunner(PrintStream log) {
        this.log = log;
    }

    public Path run(ExperimentSpec spec, Path specFile, ExperimentRunner.Options opt, Provenance prov, long t0) throws IOException {
        if (!spec.task.equals("train_eval")) {
            throw new SpecException(spec.file, 1, 1, "task '" + spec.task + "' is not supported for the 12-lead record datasets yet (train_eval only)");
        }
        Path root = DataPaths.projectRoot();
        Path out = Paths.get(opt.outputDir != null ? opt.outputDir : spec.output.dir);
        if (!out.isAbsolute()) out = root.resolve(out);
        Path dataRoot = dataRoot(spec, opt);

        log.printf("%s: %s%n", spec.experiment, spec.description.strip());
        if (spec.smoke) log.println("SMOKE RUN: reduced data/epochs/model; numbers are not results.");
        log.printf("reading %s from %s (%s)%n", spec.data.dataset, RecordDatabases.candidateRoot(spec.data.dataset, spec.data.records, root, dataRoot),
                RecordDatabases.LAYOUT.get(spec.data.dataset));
        RecordSource source = RecordSource.create(spec, root, dataRoot).withCache(cacheDir(spec, root, out), log);
        log.printf("records: %d in the database, %d after source filter, %d labelled by %s; classes %s%n", source.recordsInDatabase(),
                source.recordsAfterSourceFilter(), source.labels().size(), source.labels().protocol(), source.labels().counts());

        RecordSource.SplitResult split = source.splits(root, specFile);
        log.printf("split file %s%s: train %d, validation %d, test %d records%s%n", split.file(), split.created() ? " (created now)" : "",
                split.train().size(), split.validation().size(), split.test().size(),
                split.labelledNotInFile() > 0 ? " (" + split.labelledNotInFile() + " labelled records not in the file: unused)" : "");
        for (String[] part : new String[][] {{"train", ""}, {"validation", ""}, {"test", ""}}) {
            List<String> ids = part[0].equals("train") ? split.train() : part[0].equals("validation") ? split.validation() : split.test();
            if (ids.isEmpty()) throw new IllegalArgumentException("split file " + split.file() + " has no " + part[0] + " records (fold "
                    + (part[0].equals("train") ? 0 : part[0].equals("validation") ? 1 : 2) + ")");
        }
        Files.createDirectories(out);
        Path ckpt = out.resolve("checkpoints");
        if (opt.fresh && Files.exists(ckpt)) deleteTree(ckpt);

        long d0 = System.nanoTime();
        LabeledWindows train = source.load(split.train());
        LabeledWindows val = source.load(split.validation());
        double loadSeconds = (System.nanoTime() - d0) / 1e9;
        boolean multi = source.multiLabel();
        boolean binary = source.binary();
        log.printf("inputs: %d leads x %d samples; train %d, validation %d records; loaded in %.1f s; train inputs %s%n", train.leads(),
                train.samples(), train.size(), val.size(), loadSeconds, train.inputs().describe());

        double[] weights;
        if (multi) {
            weights = switch (spec.training.classWeights) {
                case "none" -> null;
                case "balanced" -> throw new SpecException(spec.file, 1, 1, "training.class_weights 'balanced' is for single-label tasks; "
                        + "protocol " + source.labels().protocol() + " is multi-label: set class_weights: none (or a list, or focal_alpha in model.params)");
                default -> spec.training.classWeightValues.stream().mapToDouble(Double::doubleValue).toArray();
            };
        } else {
            weights = switch (spec.training.classWeights) {
                case "balanced" -> train.balancedClassWeights();
                case "none" -> null;
                default -> spec.training.classWeightValues.stream().mapToDouble(Double::doubleValue).toArray();
            };
        }
        if (weights != null && weights.length != train.numClasses()) {
            throw new IllegalArgumentException(spec.file + ": training.class_weights has " + weights.length + " values but protocol "
                    + source.labels().protocol() + " has " + train.numClasses() + " classes");
        }

        ModelBuilder builder = ModelFactory.builder(spec);
        ModelConfig cfg = ModelFactory.config(spec, builder, train.leads(), train.samples(), train.numClasses(), weights, multi);
        ComputationGraph net = builder.build(cfg);
        ModelFactory.applyClassWeights(net, weights);
        ModelFactory.applyWeightDecay(net, spec.training.weightDecay, spec.training.weightDecayMode);
        Map<String, Object> pretrained = spec.model.pretrained == null ? Map.of()
                : org.ecgbench.experiments.model.PretrainedEncoder.apply(spec, net, root, log);
        long params = net.numParams();
        long flops = builder.flops(cfg);
        log.printf("model %s (%s output): %,d parameters (%.2f KB float32), %.2f MFLOPs per record%n", builder.name(),
                multi ? "sigmoid" : "softmax", params, params * 4 / 1024.0, flops / 1e6);

        Trainer.Options to = Trainer.Options.fromSpec(spec, opt.showProgress);
        String metric = spec.training.earlyStoppingMetric;
        if ((multi || binary) && metric.equals("accuracy")) {
            throw new SpecException(spec.file, 1, 1, "early_stopping.metric accuracy is not used for multi-label/binary protocols; "
                    + "use macro_auc, fmax, macro_f1, sensitivity or loss");
        }
        java.util.function.ToDoubleBiFunction<ComputationGraph, LabeledWindows> scorer = (n, v) -> {
            double[][] p = Predictor.predict(n, v, 64);
            if (multi || binary) {
                return MultilabelEvaluation.validationScore(metric, MultilabelEvaluation.targets(v, binary), MultilabelEvaluation.scores(p, binary));
            }
            if (metric.equals("loss")) return -MulticlassEvaluation.meanCrossEntropy(v.y, p);
            EvalSummary s = MulticlassEvaluation.evaluate("validation", v, p, 0, 0.95, 0, false);
            double x = s.get(metric.equals("sensitivity") ? "macro_recall" : metric);
            return Double.isNaN(x) ? -1e9 : x;
        };
        Trainer.Result tr = new Trainer(log).train(net, train, val, to, ckpt, scorer);
        ComputationGraph best = tr.best();
        Trainer.Result refit = null;
        if (spec.training.refitEpochs != null || spec.training.refitBest) {
            // final refit on train + validation (ECGencode model 2: folds 1-9): a fresh model, same seed and class weights,
            // a fixed number of epochs, no early stopping; the model after the last epoch is the one tested
            int epochs = spec.training.refitBest ? Math.max(1, tr.state().bestEpoch) : spec.training.refitEpochs;
            LabeledWindows trainVal = LabeledWindows.concat(train, val);
            ComputationGraph fresh = builder.build(cfg);
            ModelFactory.applyClassWeights(fresh, weights);
            ModelFactory.applyWeightDecay(fresh, spec.training.weightDecay, spec.training.weightDecayMode);
            if (spec.model.pretrained != null) org.ecgbench.experiments.model.PretrainedEncoder.apply(spec, fresh, root, log);
            Trainer.Options ro = Trainer.Options.fromSpec(spec, opt.showProgress);
            ro.epochs = epochs;
            ro.keepLast = true;
            log.printf("final refit: a fresh model on train + validation (%d records) for %d epochs%s%n", trainVal.size(), epochs,
                    spec.training.refitBest ? " (the best epoch of the early-stopped run)" : "");
            refit = new Trainer(log).train(fresh, trainVal, val, ro, ckpt.resolve("refit"), scorer);
            best = refit.best();
        }
        final ComputationGraph bestF = best;

        // ---- validation (thresholds) then the test split, read only now and evaluated once
        double[][] valProbs = Predictor.predict(best, val, 64);
        LabeledWindows test = source.load(split.test());
        long i0 = System.nanoTime();
        double[][] testProbs = Predictor.predict(best, test, 64);
        double inferSeconds = (System.nanoTime() - i0) / 1e9;

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("train_records", split.train().size() + " records");
        facts.put("validation_records", split.validation().size() + " records");
        facts.put("test_records", split.test().size() + " records");
        facts.put("train_counts", train.classCountsOrPositives());
        facts.put("train_used_counts", train.classCountsOrPositives());
        facts.put("validation_counts", val.classCountsOrPositives());
        facts.put("validation_used_counts", val.classCountsOrPositives());
        facts.put("test_counts", test.classCountsOrPositives());
        facts.put("train_annotation_counts", source.annotationCounts(split.train()));
        facts.put("validation_annotation_counts", source.annotationCounts(split.validation()));
        facts.put("test_annotation_counts", source.annotationCounts(split.test()));
        facts.put("train_dropped_window_fit", source.lastDroppedPerClass());
        facts.put("validation_dropped_window_fit", source.lastDroppedPerClass());
        facts.put("test_dropped_window_fit", source.lastDroppedPerClass());
        facts.put("class_weights", weights);
        facts.put("params", params);
        facts.put("weight_kb_f32", params * 4 / 1024.0);
        facts.put("flops_per_window", flops);
        if (refit != null) {
            facts.put("refit", String.format(java.util.Locale.ROOT, "the tested model was retrained from scratch (same seed and class weights) on"
                    + " train + validation (%d records) for %d epochs without early stopping (%s), %.0f s; the validation fold was part of"
                    + " its training data, so the validation-chosen thresholds are in-sample (as in ECGencode model 2's protocol)."
                    + " The epoch table below is the early-stopped first phase; history_refit.csv has the refit's epochs",
                    train.size() + val.size(), refit.state().epochsDone, spec.training.refitBest ? "training.refit.epochs: best = best epoch "
                            + tr.state().bestEpoch : "training.refit.epochs: " + spec.training.refitEpochs, refit.seconds()));
            AtomicFiles.writeString(out.resolve("history_refit.csv"), refit.state().historyCsv());
        }
        facts.put("epochs_run", tr.state().epochsDone);
        facts.put("best_epoch", tr.state().bestEpoch);
        facts.put("train_seconds", tr.seconds());
        facts.put("train_windows_per_s", tr.trainSamplesSeen() / Math.max(1e-9, tr.seconds()));
        facts.put("test_inference_windows_per_s", test.size() / Math.max(1e-9, inferSeconds));
        facts.put("data_load_seconds", loadSeconds);
        facts.put("input_storage", train.inputs().onDisk() ? "disk cache (streamed)" : "memory");
        facts.put("records_in_database", source.recordsInDatabase());
        facts.put("records_after_source_filter", source.recordsAfterSourceFilter());
        facts.put("records_labelled", source.labels().size());
        facts.put("labelled_not_in_split_file", split.labelledNotInFile());
        facts.put("split_file", rel(root, split.file()));
        facts.put("split_file_created", split.created());

        prov.put("experiment", spec.experiment);
        prov.put("smoke", spec.smoke);
        prov.put("spec_file", rel(root, specFile.toAbsolutePath().normalize()));
        prov.put("spec_sha256", spec.sha256);
        prov.put("dataset", spec.data.dataset);
        prov.put("database_root", source.root().toString());
        prov.put("data_checksum", source.dataChecksum());
        prov.put("label_protocol", source.labels().protocol());
        prov.put("split_file", rel(root, split.file()));
        prov.put("split_file_sha256", sha256(split.file()));
        prov.put("records_train_validation_test", List.of(train.size(), val.size(), test.size()));
        prov.put("train_seed", spec.training.seed);
        prov.put("bootstrap_seed", spec.evaluation.seed);
        prov.put("backend", Backend.describe());
        pretrained.forEach(prov::put);

        if (multi || binary) {
            String[] names = MultilabelEvaluation.labelNames(train, binary);
            boolean[][] vy = MultilabelEvaluation.targets(val, binary);
            double[][] vs = MultilabelEvaluation.scores(valProbs, binary);
            double[] thr = MultilabelEvaluation.chooseThresholds(vy, vs);
            MultilabelEvaluation.Result vr = MultilabelEvaluation.evaluate("validation", vy, vs, names, thr, patients(source, val), 0,
                    spec.evaluation.ciLevel, spec.evaluation.seed);
            boolean[][] ty = MultilabelEvaluation.targets(test, binary);
            double[][] ts = MultilabelEvaluation.scores(testProbs, binary);
            MultilabelEvaluation.Result res = MultilabelEvaluation.evaluate("test", ty, ts, names, thr, patients(source, test),
                    spec.evaluation.bootstrap, spec.evaluation.ciLevel, spec.evaluation.seed);
            List<MultilabelEvaluation.Result> extra = new ArrayList<>();
            for (String p : spec.data.records.testProtocols) extra.add(evaluateUnder(source, p, test, testProbs, binary, names, thr, spec));
            List<String> where = new ArrayList<>();
            for (int i = 0; i < extra.size(); i++) where.add("test split");
            if (spec.data.records.externalTest != null) {
                for (MultilabelEvaluation.Result x : evaluateExternal(spec, root, dataRoot, source, best, binary, names, thr, facts)) {
                    extra.add(x);
                    where.add("external: all " + spec.data.records.externalTest.dataset + " records the protocol labels");
                }
            }
            prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            new MultilabelReport(out).write(spec, source, builder, cfg, tr.state(), facts, vr, res, extra, where, test, testProbs, binary, prov);
            log.printf("test (%s, %d records): macro AUC %.4f, macro F1 %.4f at validation thresholds, F-max %.4f, Hamming loss %.4f%n",
                    source.labels().protocol(), test.size(), res.get("macro_auc"), res.get("macro_f1"), res.get("fmax"), res.get("hamming_loss"));
            for (int i = 0; i < extra.size(); i++) {
                MultilabelEvaluation.Result x = extra.get(i);
                log.printf("%s under %s (%d records): AUC %.4f, F1 %.4f%n", where.get(i), x.split(), x.n(), x.get("macro_auc"), x.get("macro_f1"));
            }
        } else {
            if (spec.data.records.externalTest != null) {
                throw new SpecException(spec.file, spec.data.records.externalTest.line, 1, "data.records.external_test is implemented for binary and multi-label protocols only");
            }
            EvalSummary valSummary = MulticlassEvaluation.evaluate("validation", val, valProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                    spec.evaluation.seed, spec.evaluation.aucCi);
            EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                    spec.evaluation.seed, spec.evaluation.aucCi);
            // the shared report names the splits: give it the split file's folds
            nameFolds(spec, rel(root, split.file()));
            prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            new ReportWriter(out).write(spec, source, builder, cfg, tr.state(), facts, valSummary, testSummary, test, testProbs, prov);
            MultilabelReport.appendRecordSection(out.resolve("report.md"), spec, source, facts);
            log.printf("test (%s, %d records): accuracy %.4f, macro F1 %.4f, macro AUC %.4f%n", source.labels().protocol(), test.size(),
                    testSummary.get("accuracy"), testSummary.get("macro_f1"), testSummary.get("macro_auc"));
        }
        if (spec.output.saveModel) {
            AtomicFiles.writeVia(out.resolve("model.zip"), tmp -> ModelSerializer.writeModel(bestF, tmp.toFile(), false));
        }
        prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out.resolve("provenance.json"));
        log.printf("report: %s%n", out.resolve("report.md"));
        return out;
    }

    /** The test split under another protocol (same class list required): only test records that protocol labels. */
    static MultilabelEvaluation.Result evaluateUnder(RecordSource source, String protocol, LabeledWindows test, double[][] testProbs,
                                                     boolean binary, String[] names, double[] thr, ExperimentSpec spec) {
        LabelSet ls = source.labelsUnder(protocol);
        if (!ls.classes().equals(source.labels().classes())) {
            throw new IllegalArgumentException("data.records.test_protocols: " + protocol + " has classes " + ls.classes() + " but the model was trained on "
                    + source.labels().classes());
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) if (ls.contains(test.record[i])) keep.add(i);
        boolean[][] y = new boolean[keep.size()][];
        double[][] s = new double[keep.size()][];
        String[] clusters = new String[keep.size()];
        for (int j = 0; j < keep.size(); j++) {
            int i = keep.get(j);
            boolean[] t = ls.target(test.record[i]);
            y[j] = binary ? new boolean[] {t[1]} : t;
            s[j] = binary ? new double[] {testProbs[i][1]} : testProbs[i].clone();
            clusters[j] = source.patientOf(test.record[i]);
        }
        if (keep.isEmpty()) throw new IllegalArgumentException("no test record is labelled by " + protocol);
        return MultilabelEvaluation.evaluate(protocol, y, s, names, thr, clusters, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed);
    }

    /**
     * The trained model on the external database: every record each external protocol labels, read in chunks through
     * the same pipeline, scored once (cached across protocols), evaluated at the validation thresholds.
     */
    List<MultilabelEvaluation.Result> evaluateExternal(ExperimentSpec spec, Path root, Path dataRoot, RecordSource source, ComputationGraph best,
                                                       boolean binary, String[] names, double[] thr, Map<String, Object> facts) {
        var ext = spec.data.records.externalTest;
        log.printf("external test: reading %s from %s%n", ext.dataset,
                RecordDatabases.candidateRoot(ext.dataset, spec.data.records.forExternal(), root, dataRoot));
        RecordSource xs = RecordSource.createExternal(spec, root, dataRoot);
        Map<String, double[]> cache = new java.util.HashMap<>();
        List<MultilabelEvaluation.Result> out = new ArrayList<>();
        for (String p : ext.labelProtocols) {
            LabelSet ls = xs.labelsUnder(p);
            if (!ls.classes().equals(source.labels().classes())) {
                throw new IllegalArgumentException("data.records.external_test: protocol " + p + " has classes " + ls.classes()
                        + " but the model was trained on " + source.labels().classes());
            }
            List<String> ids = ls.ids();
            if (ids.isEmpty()) throw new IllegalArgumentException("data.records.external_test: protocol " + p + " labels no record of " + xs.root());
            List<String> todo = new ArrayList<>();
            for (String id : ids) if (!cache.containsKey(id)) todo.add(id);
            for (int from = 0; from < todo.size(); from += 256) {
                List<String> chunk = todo.subList(from, Math.min(todo.size(), from + 256));
                LabeledWindows w = xs.load(chunk, ls);
                double[][] pr = Predictor.predict(best, w, 64);
                for (int i = 0; i < chunk.size(); i++) cache.put(chunk.get(i), pr[i]);
            }
            boolean[][] y = new boolean[ids.size()][];
            double[][] sc = new double[ids.size()][];
            String[] clusters = new String[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                boolean[] t = ls.target(ids.get(i));
                double[] pr = cache.get(ids.get(i));
                y[i] = binary ? new boolean[] {t[1]} : t;
                sc[i] = binary ? new double[] {pr[1]} : pr.clone();
                clusters[i] = xs.patientOf(ids.get(i));
            }
            out.add(MultilabelEvaluation.evaluate(p, y, sc, names, thr, clusters, spec.evaluation.bootstrap, spec.evaluation.ciLevel, spec.evaluation.seed));
            log.printf("external %s (%d records of %s): AUC %.4f, F1 %.4f%n", p, ids.size(), ext.dataset, out.get(out.size() - 1).get("macro_auc"),
                    out.get(out.size() - 1).get("macro_f1"));
        }
        facts.put("external_dataset", ext.dataset + " at " + xs.root());
        facts.put("external_records_in_database", xs.recordsInDatabase());
        facts.put("external_records_scored", cache.size());
        return out;
    }

    /** The data root of {@code --data-dir} / {@code data.dir} / defaults; null when absent but {@code data.records.root} is explicit. */
    public static Path dataRoot(ExperimentSpec spec, ExperimentRunner.Options opt) {
        try {
            return DataPaths.dataRoot(opt.dataDir != null ? opt.dataDir : spec.data.dir);
        } catch (IllegalStateException e) {
            if (spec.data.records.root == null) throw e;
            return null; // an explicit data.records.root does not need a data root
        }
    }

    /** Reports name a record run's splits by their fold in the split file ({@code rel}: its path from the project root). */
    public static void nameFolds(ExperimentSpec spec, String rel) {
        spec.split.train = "fold 0 of " + rel;
        spec.split.validation = "fold 1 of " + rel;
        spec.split.test = "fold 2 of " + rel;
    }

    /** {@code data.records.cache_dir} (relative to the project root) or {@code <output>/cache}. */
    public static Path cacheDir(ExperimentSpec spec, Path root, Path out) {
        String c = spec.data.records.cacheDir;
        if (c == null) return out.resolve("cache");
        Path p = Paths.get(c);
        return p.isAbsolute() ? p : root.resolve(p);
    }

    static String[] patients(RecordSource source, LabeledWindows d) {
        String[] p = new String[d.size()];
        for (int i = 0; i < d.size(); i++) p[i] = source.patientOf(d.record[i]);
        return p;
    }

    public static String rel(Path root, Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    }

    static String sha256(Path f) {
        try {
            return org.ecgbench.signal.data.Manifest.sha256(f);
        } catch (IOException e) {
            return "unavailable";
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
