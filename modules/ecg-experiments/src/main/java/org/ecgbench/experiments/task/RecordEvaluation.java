package org.ecgbench.experiments.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.databases.labels.LabelSet;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.eval.MultilabelEvaluation;
import org.ecgbench.experiments.report.MultilabelReport;
import org.ecgbench.experiments.report.RunFacts;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.source.RecordDatabases;
import org.ecgbench.pipeline.source.RecordPipeline;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.pipeline.windows.LabeledWindows;

/**
 * The report phase of {@code train_eval} on a 12-lead record database: single-label protocols use the shared
 * multi-class report plus a record section; binary and multi-label protocols choose F1-optimal thresholds on the
 * validation split, evaluate the test split once (and under {@code data.records.test_protocols}, and on an external
 * database when {@code data.records.external_test} names one) with ECG- and patient-level bootstrap CIs.
 */
final class RecordEvaluation {
    private final RunContext ctx;
    private final TrainEvalTask.Prepared p;
    private final TrainEvalTask.Performed r;

    RecordEvaluation(RunContext ctx, TrainEvalTask.Prepared p, TrainEvalTask.Performed r) {
        this.ctx = ctx;
        this.p = p;
        this.r = r;
    }

    /** The refit sentence of a report. */
    static String refitNote(TrainEvalTask.Prepared p, TrainEvalTask.Performed r) {
        return String.format(Locale.ROOT, "the tested model was retrained from scratch (same seed and class weights) on"
                + " train + validation (%d records) for %d epochs without early stopping (%s), %.0f s; the validation fold was part of"
                + " its training data, so the validation-chosen thresholds are in-sample (as in ECGencode model 2's protocol)."
                + " The epoch table below is the early-stopped first phase; history_refit.csv has the refit's epochs",
                p.train.size() + p.val.size(), r.refit().state().epochsDone, p.refitRule, r.refit().seconds());
    }

    void evaluateAndWrite(RunFacts facts, double[][] valProbs, LabeledWindows test, double[][] testProbs) throws IOException {
        ExperimentSpec spec = ctx.spec();
        RecordSource source = p.records;
        if (r.refit() != null) r.refit().state().writeCsvs(ctx.output(), "_refit");
        RunFacts.Records rf = new RunFacts.Records();
        facts.records = rf;
        rf.inputStorage = p.train.inputs().onDisk() ? "disk cache (streamed)" : "memory";
        rf.recordsInDatabase = source.recordsInDatabase();
        rf.recordsAfterSourceFilter = source.recordsAfterSourceFilter();
        rf.recordsLabelled = source.labels().size();
        rf.labelledNotInSplitFile = p.splitFile.labelledNotInFile();
        rf.splitFile = ctx.rel(p.splitFile.file());
        rf.splitFileCreated = p.splitFile.created();
        if (!p.splitFile.dropped().isEmpty()) rf.droppedUnlabelledRecords = p.splitFile.dropped().toString();
        List<String> warnings = source.warnings();
        if (!warnings.isEmpty()) {
            rf.readerWarnings = warnings.size() + ": " + String.join("; ", warnings.subList(0, Math.min(10, warnings.size())))
                    + (warnings.size() > 10 ? "; ..." : "");
            ctx.provenance().put("reader_warnings", warnings.size());
            warnings.forEach(w -> ctx.log().println("warning: " + w));
        }
        if (RecordPipeline.repairedSamples() > 0) rf.invalidSamplesRepaired = RecordPipeline.repairedSamples() + " (data.records.nan: "
                + spec.data.records.nan + ")";
        if (p.multi || p.binary) {
            multilabel(facts, valProbs, test, testProbs);
            return;
        }
        if (spec.data.records.externalTest != null) {
            throw new SpecException(spec.file, spec.data.records.externalTest.line, 1, "data.records.external_test is implemented for binary and multi-label protocols only");
        }
        EvalSummary valSummary = MulticlassEvaluation.evaluate("validation", p.val, valProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        ctx.nameFolds(p.splitFile.file()); // the shared report names the splits: give it the split file's folds
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        new ReportWriter(ctx.output()).write(spec, source, p.builder, p.cfg, r.trained().state(), facts, valSummary, testSummary, test, testProbs,
                ctx.provenance());
        MultilabelReport.appendRecordSection(ctx.output().resolve("report.md"), spec, source, facts);
        ctx.log().printf("test (%s, %d records): accuracy %.4f, macro F1 %.4f, macro AUC %.4f%n", source.labels().protocol(), test.size(),
                testSummary.get("accuracy"), testSummary.get("macro_f1"), testSummary.get("macro_auc"));
    }

    private void multilabel(RunFacts facts, double[][] valProbs, LabeledWindows test, double[][] testProbs) throws IOException {
        ExperimentSpec spec = ctx.spec();
        RecordSource source = p.records;
        boolean binary = p.binary;
        String[] names = MultilabelEvaluation.labelNames(p.train, binary);
        boolean[][] vy = MultilabelEvaluation.targets(p.val, binary);
        double[][] vs = MultilabelEvaluation.scores(valProbs, binary);
        double[] thr = MultilabelEvaluation.chooseThresholds(vy, vs);
        MultilabelEvaluation.Result vr = MultilabelEvaluation.evaluate("validation", vy, vs, names, thr, patients(source, p.val), 0,
                spec.evaluation.ciLevel, spec.evaluation.seed);
        boolean[][] ty = MultilabelEvaluation.targets(test, binary);
        double[][] ts = MultilabelEvaluation.scores(testProbs, binary);
        MultilabelEvaluation.Result res = MultilabelEvaluation.evaluate("test", ty, ts, names, thr, patients(source, test),
                spec.evaluation.bootstrap, spec.evaluation.ciLevel, spec.evaluation.seed);
        List<MultilabelEvaluation.Result> extra = new ArrayList<>();
        for (String prot : spec.data.records.testProtocols) extra.add(evaluateUnder(source, prot, test, testProbs, binary, names, thr, spec));
        List<String> where = new ArrayList<>();
        for (int i = 0; i < extra.size(); i++) where.add("test split");
        if (spec.data.records.externalTest != null) {
            for (MultilabelEvaluation.Result x : evaluateExternal(r.best(), binary, names, thr, facts)) {
                extra.add(x);
                where.add("external: all " + spec.data.records.externalTest.dataset + " records the protocol labels");
            }
        }
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        new MultilabelReport(ctx.output()).write(spec, source, p.builder, p.cfg, r.trained().state(), facts, vr, res, extra, where, test, testProbs,
                binary, ctx.provenance());
        ctx.log().printf("test (%s, %d records): macro AUC %.4f, macro F1 %.4f at validation thresholds, F-max %.4f, Hamming loss %.4f%n",
                source.labels().protocol(), test.size(), res.get("macro_auc"), res.get("macro_f1"), res.get("fmax"), res.get("hamming_loss"));
        for (int i = 0; i < extra.size(); i++) {
            MultilabelEvaluation.Result x = extra.get(i);
            ctx.log().printf("%s under %s (%d records): AUC %.4f, F1 %.4f%n", where.get(i), x.split(), x.n(), x.get("macro_auc"), x.get("macro_f1"));
        }
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
    List<MultilabelEvaluation.Result> evaluateExternal(ComputationGraph best, boolean binary, String[] names, double[] thr, RunFacts facts) {
        ExperimentSpec spec = ctx.spec();
        Path root = ctx.root();
        Path dataRoot = ctx.recordDataRoot();
        RecordSource source = p.records;
        java.io.PrintStream log = ctx.log();
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
        facts.records.externalDataset = ext.dataset + " at " + ctx.rel(xs.root());
        facts.records.externalRecordsInDatabase = xs.recordsInDatabase();
        facts.records.externalRecordsScored = cache.size();
        return out;
    }

    static String[] patients(RecordSource source, LabeledWindows d) {
        String[] out = new String[d.size()];
        for (int i = 0; i < d.size(); i++) out[i] = source.patientOf(d.record[i]);
        return out;
    }
}
