package org.ecgbench.experiments.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.eval.PriorCorrection;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.experiments.model.PretrainedEncoder;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.experiments.report.ReportWriter;
import org.ecgbench.experiments.report.RunFacts;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.Trainer;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.rhythm.Standardizer;

/**
 * {@code split.mode: cv_records} in {@code train_eval}: patient-wise k-fold cross-validation on the training records
 * (MIT-BIH DS1: one patient per record) replaces the hold-out validation list. The records are dealt into
 * {@code split.folds} folds ({@link SearchTask#folds}, seeded by {@code split.fold_seed}); for each fold a fresh model
 * (the run's seed) trains on the other folds' windows — class caps, class weights and the RR standardiser from those
 * folds only — and is early-stopped on the held-out fold's windows. The held-out predictions of the best epoch of every
 * fold, pooled, are the <b>out-of-fold (OOF) predictions</b>: the CV estimate (with a record-level bootstrap CI) and the
 * data every further choice is made on ({@code evaluation.prior_correction}: per-class factors maximising OOF macro F1).
 *
 * <p>The final model is the <b>ensemble of the k fold models</b> (mean of their probabilities, each model with its own RR
 * standardiser), not a refit on all training records: the ensemble needs no epoch budget carried over from other data
 * sizes, each member was stopped on patients it never saw, and averaging k members tames the seed-to-seed spread that
 * dominates single inter-patient runs. The test split is read once, after every choice, and predicted by the ensemble.
 * Each fold checkpoints in {@code checkpoints/foldN}; an interrupted run resumes at the fold and epoch it reached.
 */
final class CrossValidation {
    /** One trained fold: its held-out records, best model, RR standardiser (null without rhythm context) and OOF rows. */
    record Fold(int index, List<String> held, Trainer.Result trained, Standardizer rr, LabeledWindows heldOut, double[][] heldProbs,
                int trainWindows) {}

    /** All folds, the pooled out-of-fold windows and predictions, and the prior factors (all 1 without correction). */
    record Result(List<Fold> folds, LabeledWindows oof, double[][] oofProbs, double[] priorFactors, double seconds) {}

    private CrossValidation() {}

    /**
     * One fold's data: the windows of the other records ({@code train}) and of the held-out records, RR features
     * standardised with {@code train}'s statistics only ({@code rr}, null without them), the training windows after the
     * class cap / subsample ({@code used}) and the held-out windows early stopping scores ({@code stopOn}). Shared with
     * {@link SearchTask}'s folds.
     */
    record FoldSplit(LabeledWindows train, LabeledWindows heldOut, LabeledWindows used, LabeledWindows stopOn, Standardizer rr) {
        static FoldSplit of(LabeledWindows all, Set<String> held, ExperimentSpec.Training t) {
            List<Integer> tr = new ArrayList<>(), ho = new ArrayList<>();
            for (int j = 0; j < all.size(); j++) (held.contains(all.record[j]) ? ho : tr).add(j);
            LabeledWindows train = all.subset(tr.stream().mapToInt(Integer::intValue).toArray());
            LabeledWindows heldOut = all.subset(ho.stream().mapToInt(Integer::intValue).toArray());
            Standardizer rr = null;
            if (train.aux != null) { // RR features: this fold's training records only
                rr = RhythmContext.fit(train);
                train = RhythmContext.apply(rr, train);
                heldOut = RhythmContext.apply(rr, heldOut);
            }
            LabeledWindows used = t.maxBeatsPerClass != null ? train.capPerClass(t.maxBeatsPerClass, t.seed) : train;
            if (t.maxTrainBeats != null) used = used.stratifiedSubsample(t.maxTrainBeats, t.seed);
            LabeledWindows stopOn = t.maxValidationBeats != null ? heldOut.stratifiedSubsample(t.maxValidationBeats, t.seed + 1) : heldOut;
            return new FoldSplit(train, heldOut, used, stopOn, rr);
        }
    }

    static boolean on(ExperimentSpec spec) {
        return spec.split.mode == ExperimentSpec.Split.Mode.CV_RECORDS;
    }

    /** Trains the k fold models (resuming finished folds and epochs from their checkpoints). */
    static Result run(RunContext ctx, TrainEvalTask.Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        List<List<String>> deal = SearchTask.folds(p.trainRecs, spec.split.folds, spec.split.foldSeed);
        ctx.log().printf("patient-wise %d-fold cross-validation on %s (%d records, fold seed %d)%n", deal.size(), spec.split.train,
                p.trainRecs.size(), spec.split.foldSeed);
        for (int f = 0; f < deal.size(); f++) ctx.log().printf("  fold %d holds out %s%n", f, deal.get(f));
        ctx.provenance().put("cv_folds", deal);
        List<Fold> folds = new ArrayList<>();
        double secs = 0;
        for (int f = 0; f < deal.size(); f++) {
            Fold fold = fold(ctx, p, f, deal.get(f));
            folds.add(fold);
            secs += fold.trained().seconds();
        }
        LabeledWindows oof = folds.get(0).heldOut();
        List<double[]> rows = new ArrayList<>(Arrays.asList(folds.get(0).heldProbs()));
        for (int f = 1; f < folds.size(); f++) {
            oof = LabeledWindows.concat(oof, folds.get(f).heldOut());
            rows.addAll(Arrays.asList(folds.get(f).heldProbs()));
        }
        double[][] oofProbs = rows.toArray(new double[0][]);
        double[] w = new double[oof.numClasses()];
        Arrays.fill(w, 1.0);
        if (spec.evaluation.priorCorrection) {
            w = PriorCorrection.fit(oof.y, oofProbs, oof.numClasses());
            ctx.log().printf("prior correction (chosen on the out-of-fold predictions): factors %s; OOF macro F1 %.4f -> %.4f%n",
                    fmt(w), PriorCorrection.macroF1(oof.y, oofProbs, ones(w.length), w.length), PriorCorrection.macroF1(oof.y, oofProbs, w, w.length));
        }
        return new Result(folds, oof, oofProbs, w, secs);
    }

    private static Fold fold(RunContext ctx, TrainEvalTask.Prepared p, int f, List<String> heldRecords) throws IOException {
        ExperimentSpec spec = ctx.spec();
        FoldSplit fs = FoldSplit.of(p.train, new HashSet<>(heldRecords), spec.training);
        LabeledWindows train = fs.train(), heldOut = fs.heldOut(), used = fs.used(), stopOn = fs.stopOn();
        Standardizer rr = fs.rr();
        ExperimentSpec.Training t = spec.training;
        double[] weights = TrainEvalTask.classWeights(t, used);
        ModelConfig cfg = ModelFactory.config(spec, p.builder, used.leads(), used.samples(), used.numClasses(), weights, false);
        ComputationGraph net = RhythmContext.wrap(spec, used, p.builder.build(cfg));
        if (spec.model.pretrained != null) PretrainedEncoder.apply(spec, net, ctx.root(), ctx.log());
        ctx.log().printf("fold %d/%d: training on %d windows of %d records (using %d), early stopping on %d held-out windows of %s%n", f + 1,
                spec.split.folds, train.size(), p.trainRecs.size() - heldRecords.size(), used.size(), stopOn.size(), heldRecords);
        Trainer.Options o = Trainer.Options.fromSpec(spec, ctx.showProgress());
        o.dataFingerprint = p.fingerprint.sha256();
        Trainer.Result r = new Trainer(ctx.log()).train(net, used, stopOn, o, ctx.checkpoints().resolve("fold" + f), TrainEvalTask.scorer(spec, p));
        double[][] probs = Predictor.predict(r.best(), heldOut, TrainEvalTask.batch(p));
        ctx.log().printf("fold %d/%d: best epoch %d of %d, held-out %s %.4f%n", f + 1, spec.split.folds, r.state().bestEpoch, r.state().epochsDone,
                o.scoreName, r.state().bestScore);
        return new Fold(f, heldRecords, r, rr, heldOut, probs, used.size());
    }

    /** The fold ensemble's test probabilities (mean over folds, each with its own RR standardiser), before the prior correction. */
    static double[][] predict(Result cv, LabeledWindows test, int batch) {
        double[][] sum = null;
        for (Fold f : cv.folds()) {
            double[][] pr = Predictor.predict(f.trained().best(), RhythmContext.apply(f.rr(), test), batch);
            if (sum == null) sum = new double[pr.length][pr[0].length];
            for (int i = 0; i < pr.length; i++) for (int c = 0; c < pr[i].length; c++) sum[i][c] += pr[i][c] / cv.folds().size();
        }
        return sum;
    }

    /** The report phase: the test split read once, predicted by the ensemble; the OOF predictions are the held-out section. */
    static void report(RunContext ctx, TrainEvalTask.Prepared p, TrainEvalTask.Performed r) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Result cv = r.cv();
        LabeledWindows test = p.source.load(p.testRecs);
        int[] testDropped = p.source.lastDroppedPerClass();
        long i0 = System.nanoTime();
        double[][] rawProbs = predict(cv, test, TrainEvalTask.batch(p));
        double[][] testProbs = PriorCorrection.apply(rawProbs, cv.priorFactors());
        double inferSeconds = (System.nanoTime() - i0) / 1e9;
        RunFacts facts = TrainEvalTask.facts(p, r, test, testDropped, inferSeconds);
        facts.epochsRun = cv.folds().stream().mapToInt(f -> f.trained().state().epochsDone).sum();
        facts.bestEpoch = (int) Math.round(cv.folds().stream().mapToInt(f -> f.trained().state().bestEpoch).average().orElse(0));
        facts.trainSeconds = cv.seconds();
        facts.trainWindowsPerS = cv.folds().stream().mapToDouble(f -> f.trained().trainSamplesSeen()).sum() / Math.max(1e-9, cv.seconds());
        // the held-out part of a cross-validation is every training record once (out-of-fold)
        facts.validation.records(p.trainRecs, false);
        facts.validation.counts = cv.oof().classCounts();
        facts.validation.usedCounts = cv.oof().classCounts();
        facts.validation.annotationCounts = facts.train.annotationCounts;
        facts.validation.droppedWindowFit = facts.train.droppedWindowFit;
        facts.refit = "none: the test split is predicted by the ensemble of the " + cv.folds().size() + " fold models";
        TrainEvalTask.putProvenance(ctx, p);
        ctx.provenance().put("prior_factors", cv.priorFactors());
        double[][] oofCorrected = PriorCorrection.apply(cv.oofProbs(), cv.priorFactors());
        EvalSummary oofSummary = MulticlassEvaluation.evaluate("cv", cv.oof(), oofCorrected, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        EvalSummary testSummary = MulticlassEvaluation.evaluate("test", test, testProbs, spec.evaluation.bootstrap, spec.evaluation.ciLevel,
                spec.evaluation.seed, spec.evaluation.aucCi);
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        Path out = ctx.output();
        writeFolds(out, cv, spec.training.earlyStoppingMetric.key());
        for (Fold f : cv.folds()) f.trained().state().writeCsvs(out, "_fold" + f.index());
        String title = String.format(Locale.ROOT, "Cross-validation estimate (%d-fold by record on %s: out-of-fold predictions of the fold models%s)",
                cv.folds().size(), spec.split.train, spec.evaluation.priorCorrection ? ", after the OOF-chosen prior correction" : "");
        new ReportWriter(out).crossValidated(title, section(spec, cv, test, rawProbs), "fold 1 of " + cv.folds().size() + ": ")
                .write(spec, p.source, p.builder, p.cfg, cv.folds().get(0).trained().state(), facts, oofSummary, testSummary, test, testProbs,
                        ctx.provenance());
        ctx.log().printf("CV (out-of-fold): macro F1 %.4f, accuracy %.4f; test (fold ensemble): accuracy %.4f, macro F1 %.4f (%d windows, %d records)%n",
                oofSummary.get("macro_f1"), oofSummary.get("accuracy"), testSummary.get("accuracy"), testSummary.get("macro_f1"), test.size(),
                p.testRecs.size());
        if (spec.output.saveModel) {
            for (Fold f : cv.folds()) {
                AtomicFiles.writeVia(out.resolve("model_fold" + f.index() + ".zip"),
                        tmp -> ModelSerializer.writeModel(f.trained().best(), tmp.toFile(), false));
            }
        }
    }

    private static void writeFolds(Path out, Result cv, String metric) throws IOException {
        Csv.Table t = new Csv.Table("fold", "held_out_records", "train_windows_used", "held_out_windows", "epochs", "best_epoch", "best_" + metric,
                "oof_macro_f1_uncorrected", "seconds");
        for (Fold f : cv.folds()) {
            t.row(f.index(), String.join(";", f.held()), f.trainWindows(), f.heldOut().size(), f.trained().state().epochsDone,
                    f.trained().state().bestEpoch, String.format(Locale.ROOT, "%.6f", f.trained().state().bestScore),
                    String.format(Locale.ROOT, "%.6f", PriorCorrection.macroF1(f.heldOut().y, f.heldProbs(), ones(f.heldOut().numClasses()), f.heldOut().numClasses())),
                    String.format(Locale.ROOT, "%.1f", f.trained().seconds()));
        }
        t.write(out.resolve("cv_folds.csv"));
    }

    /** The report's cross-validation section: folds, the prior correction and what it changed, on OOF and on test. */
    private static String section(ExperimentSpec spec, Result cv, LabeledWindows test, double[][] raw) {
        StringBuilder sb = new StringBuilder("### Folds (patient-wise; `cv_folds.csv`, per-fold histories `history_foldN.csv`)\n\n");
        MarkdownTable t = new MarkdownTable().header("fold", "held-out records", "train windows used", "held-out windows", "epochs (best)",
                "held-out " + spec.training.earlyStoppingMetric + " at best", "seconds");
        for (Fold f : cv.folds()) {
            t.row(f.index() + 1, String.join(" ", f.held()), f.trainWindows(), f.heldOut().size(),
                    f.trained().state().epochsDone + " (" + f.trained().state().bestEpoch + ")", String.format(Locale.ROOT, "%.3f", f.trained().state().bestScore),
                    String.format(Locale.ROOT, "%.0f", f.trained().seconds()));
        }
        sb.append(t).append('\n');
        int k = cv.oof().numClasses();
        double[] one = ones(k);
        sb.append("Each fold's model is early-stopped on its own held-out records, so the OOF estimate is slightly optimistic about the ")
                .append("epoch choice (never about the test split). The final model is the ensemble of the ").append(cv.folds().size())
                .append(" fold models (mean probability); the test split was read once, after every choice below.\n\n");
        sb.append("### Class-prior correction (chosen on the out-of-fold predictions only)\n\n");
        if (!spec.evaluation.priorCorrection) {
            sb.append("Off (`evaluation.prior_correction: false`): decisions are the argmax of the ensemble's probabilities.\n");
            return sb.toString();
        }
        MarkdownTable w = new MarkdownTable().header("class", "factor");
        for (int c = 0; c < k; c++) w.row(cv.oof().classNames[c], String.format(Locale.ROOT, "%.3f", cv.priorFactors()[c]));
        sb.append(w).append('\n');
        sb.append(String.format(Locale.ROOT, "Macro F1 without → with the correction: out-of-fold %.3f → %.3f; test %.3f → %.3f (the test "
                        + "figure without correction is shown for the ablation only; the correction was fixed before the test split was read).%n",
                PriorCorrection.macroF1(cv.oof().y, cv.oofProbs(), one, k), PriorCorrection.macroF1(cv.oof().y, cv.oofProbs(), cv.priorFactors(), k),
                PriorCorrection.macroF1(test.y, raw, one, k), PriorCorrection.macroF1(test.y, raw, cv.priorFactors(), k)));
        return sb.toString();
    }

    private static double[] ones(int k) {
        double[] o = new double[k];
        Arrays.fill(o, 1.0);
        return o;
    }

    private static String fmt(double[] w) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < w.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", w[i]));
        return sb.append(']').toString();
    }
}
