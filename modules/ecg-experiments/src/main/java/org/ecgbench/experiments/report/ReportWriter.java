package org.ecgbench.experiments.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.TrainingState;

/**
 * Writes an experiment's outputs, each atomically: {@code metrics.csv} (every metric with
 * beat- and record-level CIs, for validation and test), {@code confusion_matrix.csv} (test),
 * {@code predictions.csv} (one row per test window: record, sample, true, predicted,
 * probabilities — so every table can be recomputed without retraining), {@code history.csv},
 * {@code summary.json} and {@code report.md} (laid out like the paper's classification report,
 * with our CIs and the paper's figures side by side).
 */
public final class ReportWriter {
    private final Path dir;

    public ReportWriter(Path dir) {
        this.dir = dir;
    }

    /**
     * Cross-validated runs ({@code split.mode cv_records}): the title of the held-out section (out-of-fold predictions
     * instead of a validation list), a Markdown section printed after it (folds, prior correction), and the label of the
     * training history shown (one fold's).
     */
    public ReportWriter crossValidated(String heldOutTitle, String section, String historyLabel) {
        this.heldOutTitle = heldOutTitle;
        this.cvSection = section;
        this.historyLabel = historyLabel;
        return this;
    }

    private String heldOutTitle, cvSection, historyLabel = "";

    public void write(ExperimentSpec spec, DataSource source, ModelBuilder builder, ModelConfig cfg, TrainingState st,
                      RunFacts facts, EvalSummary val, EvalSummary test, LabeledWindows testData,
                      double[][] testProbs, Provenance prov) throws IOException {
        writeMetrics(val, test);
        writeConfusion(test);
        writePredictions(testData, testProbs);
        st.writeCsvs(dir, "");
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("experiment", spec.experiment);
        summary.put("smoke", spec.smoke);
        summary.put("model", builder.name());
        summary.put("facts", facts);
        summary.put("test", test.point);
        summary.put("validation", val.point);
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(summary) + "\n");
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(spec, source, builder, cfg, st, facts, val, test, prov));
    }

    /**
     * The evaluation files every single-label run writes, for tasks with their own {@code report.md} and
     * {@code summary.json} (the classical baselines): {@code metrics.csv}, {@code confusion_matrix.csv}, {@code predictions.csv.gz}.
     */
    public void writeEvaluationFiles(EvalSummary val, EvalSummary test, LabeledWindows testData, double[][] testProbs) throws IOException {
        writeMetrics(val, test);
        writeConfusion(test);
        writePredictions(testData, testProbs);
    }

    static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String ci(double[] c) {
        return c == null || Double.isNaN(c[0]) ? "" : String.format(Locale.ROOT, "%.3f–%.3f", c[0], c[1]);
    }

    private void writeMetrics(EvalSummary... ss) throws IOException {
        Csv.Table t = new Csv.Table("split", "metric", "value", "beat_ci_low", "beat_ci_high", "record_ci_low", "record_ci_high", "n_windows",
                "n_records", "bootstrap_n", "ci_level");
        for (EvalSummary s : ss) {
            for (Map.Entry<String, Double> e : s.point.entrySet()) {
                double[] b = s.beatCi.get(e.getKey());
                double[] r = s.recordCi.get(e.getKey());
                t.row(s.split, e.getKey(), num(e.getValue()), b == null ? "" : num(b[0]), b == null ? "" : num(b[1]),
                        r == null ? "" : num(r[0]), r == null ? "" : num(r[1]), s.n, s.records, s.bootstrapN, s.ciLevel);
            }
        }
        t.write(dir.resolve("metrics.csv"));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private void writeConfusion(EvalSummary s) throws IOException {
        List<String> header = new ArrayList<>(List.of("true\\predicted"));
        header.addAll(List.of(s.classNames));
        Csv.Table t = new Csv.Table(header);
        for (int i = 0; i < s.classNames.length; i++) {
            List<Object> row = new ArrayList<>(List.of(s.classNames[i]));
            for (int j = 0; j < s.classNames.length; j++) row.add(s.confusion[i][j]);
            t.row(row);
        }
        t.write(dir.resolve("confusion_matrix.csv"));
    }

    private void writePredictions(LabeledWindows d, double[][] p) throws IOException {
        int[] pred = Predictor.argmax(p);
        List<String> header = new ArrayList<>(List.of("record", "sample", "true", "predicted"));
        for (String c : d.classNames) header.add("p_" + c);
        Csv.writeGzip(dir.resolve("predictions.csv.gz"), header, w -> {
            for (int i = 0; i < d.size(); i++) {
                List<Object> row = new ArrayList<>(4 + p[i].length);
                row.add(d.record[i]);
                row.add(d.sample[i]);
                row.add(d.classNames[d.y[i]]);
                row.add(d.classNames[pred[i]]);
                for (double v : p[i]) row.add(String.format(Locale.ROOT, "%.5f", v));
                w.printRecord(row);
            }
        });
    }

    private String markdown(ExperimentSpec spec, DataSource source, ModelBuilder builder, ModelConfig cfg, TrainingState st,
                            RunFacts facts, EvalSummary val, EvalSummary test, Provenance prov) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append("\n\n");
        if (spec.smoke) {
            sb.append("> **SMOKE RUN** — reduced data and/or epochs to check the pipeline end to end. These numbers are not results.\n\n");
        }
        if (!spec.description.isBlank()) sb.append(spec.description.strip()).append("\n\n");
        sb.append("Generated by `ecgbench run ").append(prov.get("spec_file")).append("` at commit `").append(prov.get("git_commit"))
                .append("` on ").append(prov.get("date_utc")).append(". Everything below was computed by this run; the paper's figures")
                .append(" are quoted from the paper for comparison only.\n\n");
        testSection(sb, spec, test);
        paperSection(sb, spec, test);
        confusionSection(sb, test);
        sb.append("## ").append(heldOutTitle != null ? heldOutTitle : "Validation (" + spec.split.validation + ", used for early stopping and every choice)")
                .append("\n\n");
        MarkdownTable v = new MarkdownTable().header("metric", "value", "record CI");
        for (String m : List.of("accuracy", "macro_f1", "macro_recall", "macro_precision")) v.row(m, f(val.get(m)), ci(val.recordCi.get(m)));
        sb.append(v).append('\n');
        if (cvSection != null) sb.append(cvSection).append('\n');
        dataSection(sb, spec, source, facts, test.classNames);
        modelSection(sb, spec, builder, cfg, st, facts, historyLabel);
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown()).append('\n');
        sb.append("Files: `metrics.csv`, `confusion_matrix.csv`, `predictions.csv.gz` (per test window), `history.csv`, `summary.json`, `provenance.json`")
                .append(spec.output.saveModel ? ", `model.zip` (best checkpoint, DL4J ModelSerializer)" : "").append(".\n");
        return sb.toString();
    }

    static void testSection(StringBuilder sb, ExperimentSpec spec, EvalSummary test) {
        String[] classes = test.classNames;
        sb.append("## Test results (").append(spec.split.test).append(": ").append(test.n).append(" windows, ")
                .append(test.records).append(" records)\n\n");
        sb.append(String.format(Locale.ROOT, "95%%-style intervals: %d bootstrap resamples at level %.2f; *record CI* resamples whole records"
                + " (patients) — the honest interval, since beats of one patient are not independent; *beat CI* resamples beats.%n%n",
                test.bootstrapN, test.ciLevel));
        sb.append("### Classification report (laid out like the paper's)\n\n");
        MarkdownTable t = new MarkdownTable().header("class", "precision", "recall (Se)", "specificity", "F1", "AUC", "support");
        int[] support = rowSums(test.confusion);
        for (int c = 0; c < classes.length; c++) {
            String k = classes[c];
            t.row(k, cell(test, "precision_" + k), cell(test, "recall_" + k), cell(test, "specificity_" + k), cell(test, "f1_" + k),
                    cell(test, "auc_" + k), support[c]);
        }
        t.row("**accuracy**", "", "", "", cell(test, "accuracy"), "", test.n);
        t.row("**macro avg**", cell(test, "macro_precision"), cell(test, "macro_recall"), cell(test, "macro_specificity"),
                cell(test, "macro_f1"), cell(test, "macro_auc"), test.n);
        t.row("**weighted avg**", cell(test, "weighted_precision"), cell(test, "weighted_recall"), "", cell(test, "weighted_f1"), "", test.n);
        sb.append(t).append("\nCells: point estimate [record-level CI] (beat-level CI).\n\n");
    }

    private static void paperSection(StringBuilder sb, ExperimentSpec spec, EvalSummary test) {
        if (spec.paper.reference.isEmpty() && spec.paper.perClass.isEmpty()) return;
        sb.append("### Ours next to the paper\n\n");
        sb.append("Paper: ").append(spec.paper.name.isBlank() ? "(unnamed)" : spec.paper.name);
        if (!spec.paper.protocol.isBlank()) sb.append(" — protocol: ").append(spec.paper.protocol);
        sb.append("\n\n");
        MarkdownTable t = new MarkdownTable().header("metric", "paper", "ours", "record CI", "beat CI");
        for (Map.Entry<String, Double> e : spec.paper.reference.entrySet()) {
            String m = e.getKey();
            t.row(m, f(e.getValue()), f(test.get(m)), ci(test.recordCi.get(m)), ci(test.beatCi.get(m)));
        }
        int[] support = rowSums(test.confusion);
        for (Map.Entry<String, Map<String, Double>> pc : spec.paper.perClass.entrySet()) {
            for (Map.Entry<String, Double> e : pc.getValue().entrySet()) {
                if (e.getKey().equals("support")) {
                    int idx = Arrays.asList(test.classNames).indexOf(pc.getKey());
                    t.row("support_" + pc.getKey(), String.format(Locale.ROOT, "%.0f", e.getValue()), idx >= 0 ? support[idx] : "n/a", "", "");
                    continue;
                }
                String m = e.getKey() + "_" + pc.getKey();
                t.row(m, f(e.getValue()), f(test.get(m)), ci(test.recordCi.get(m)), ci(test.beatCi.get(m)));
            }
        }
        sb.append(t).append('\n');
    }

    static void confusionSection(StringBuilder sb, EvalSummary test) {
        String[] classes = test.classNames;
        sb.append("### Confusion matrix (test; rows = reference, columns = predicted)\n\n");
        List<String> header = new ArrayList<>(List.of(""));
        header.addAll(List.of(classes));
        MarkdownTable t = new MarkdownTable().header(header.toArray(String[]::new));
        for (int i = 0; i < classes.length; i++) {
            List<Object> row = new ArrayList<>(List.of("**" + classes[i] + "**"));
            for (int j = 0; j < classes.length; j++) row.add(test.confusion[i][j]);
            t.row(row.toArray());
        }
        sb.append(t).append('\n');
    }

    private static void dataSection(StringBuilder sb, ExperimentSpec spec, DataSource source, RunFacts facts, String[] classes) {
        sb.append("## Data and protocol\n\n");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) {
            sb.append("- **").append(e.getKey()).append("**: ").append(str(e.getValue())).append('\n');
        }
        if (spec.split.mode == ExperimentSpec.Split.Mode.RANDOM_BEATS) {
            sb.append("- **protocol**: INTRA-PATIENT — beats of the pool `").append(spec.split.pool).append("` split at random ")
                    .append(spec.split.fractions).append(" (train/validation/test), stratified by class; the same patients appear in all three parts\n");
            sb.append("- **record pool**: ").append(facts.train.describe()).append('\n');
        } else {
            sb.append("- **protocol**: inter-patient — train, validation and test are disjoint record (patient) lists\n");
            sb.append("- **splits**: train `").append(spec.split.train).append("` ").append(facts.train.describe())
                    .append("; validation `").append(spec.split.validation).append("` ").append(facts.validation.describe())
                    .append("; test `").append(spec.split.test).append("` ").append(facts.test.describe()).append('\n');
        }
        MarkdownTable t = new MarkdownTable().header("split", "annotations per class (before window fit)", "windows per class",
                "dropped (window does not fit)");
        for (String s : List.of("train", "validation", "test")) {
            RunFacts.Part part = facts.part(s);
            t.row(s, counts(classes, part.annotationCounts), counts(classes, part.counts), counts(classes, part.droppedWindowFit));
        }
        sb.append('\n').append(t);
        if (facts.test.qBeatsExcluded != null) {
            sb.append("\nLeft out of the N/S/V/F protocol: Q beats (paced fusion, unclassifiable) train ").append(facts.train.qBeatsExcluded)
                    .append(", validation ").append(facts.validation.qBeatsExcluded).append(", test ").append(facts.test.qBeatsExcluded)
                    .append("; and the edge beats of the last column (their window runs past the record's start or end).\n");
        }
        if (facts.train.usedCounts != null && !Arrays.equals(facts.train.usedCounts, facts.train.counts)) {
            sb.append("\nTraining used a seeded subsample (")
                    .append(spec.training.maxBeatsPerClass != null ? "each class capped at " + spec.training.maxBeatsPerClass + " windows" : "")
                    .append(spec.training.maxTrainBeats != null ? " stratified to " + spec.training.maxTrainBeats + " windows" : "").append("): ")
                    .append(counts(classes, facts.train.usedCounts)).append(".\n");
        }
        sb.append("\nClass weights (\"").append(spec.training.classWeights).append("\", n/(k·n_c) from training labels only): ")
                .append(str(facts.classWeights)).append("\n\n");
    }

    private static void modelSection(StringBuilder sb, ExperimentSpec spec, ModelBuilder builder, ModelConfig cfg, TrainingState st, RunFacts facts,
                                     String historyLabel) {
        sb.append("## Model and training\n\n");
        sb.append(String.format(Locale.ROOT, "- **model**: `%s` — %s%n- **input**: %d lead(s) × %d samples, %d classes%n"
                        + "- **parameters**: %,d (%.2f KB as float32); **forward FLOPs**: %.2f M per window (multiply+add = 2)%n",
                builder.name(), builder.description(), cfg.leads(), cfg.samples(), cfg.numClasses(), facts.params, facts.weightKbF32,
                facts.flopsPerWindow / 1e6));
        sb.append("- **model parameters**: ").append(str(spec.model.params)).append('\n');
        sb.append(String.format(Locale.ROOT, "- **training**: Adam lr %.3g, batch %d, at most %d epochs, early stopping on validation %s"
                        + " (patience %d), lr schedule %s, seed %d%n", spec.training.learningRate, spec.training.batchSize,
                spec.training.epochs, spec.training.earlyStoppingMetric, spec.training.patience, spec.training.lrSchedule,
                spec.training.seed));
        sb.append(String.format(Locale.ROOT, "- **ran**: %s%d epochs, best epoch %d, %.0f s training (%.0f windows/s), test inference %.0f windows/s%n%n",
                historyLabel, st.epochsDone, st.bestEpoch, facts.trainSeconds, facts.trainWindowsPerS, facts.testInferenceWindowsPerS));
        sb.append(historyTable(st, spec.training.earlyStoppingMetric.key()));
    }

    /** The per-epoch history as a Markdown table (also used by the multi-label report). */
    static String historyTable(TrainingState st, String metric) {
        MarkdownTable t = new MarkdownTable().header("epoch", "train loss", "validation " + metric, "lr", "seconds");
        for (Map<String, Object> h : st.history) t.row(h.get("epoch"), fmt(h.get("train_loss")), fmt(h.get("val_score")), h.get("learning_rate"), h.get("seconds"));
        return t.toString();
    }

    private static String fmt(Object o) {
        return o instanceof Double d ? f(d) : String.valueOf(o);
    }

    static String cell(EvalSummary s, String m) {
        double v = s.get(m);
        if (Double.isNaN(v)) return "n/a";
        StringBuilder c = new StringBuilder(f(v));
        double[] r = s.recordCi.get(m);
        double[] b = s.beatCi.get(m);
        if (r != null && !Double.isNaN(r[0])) c.append(" [").append(ci(r)).append(']');
        if (b != null && !Double.isNaN(b[0])) c.append(" (").append(ci(b)).append(')');
        return c.toString();
    }

    private static int[] rowSums(int[][] m) {
        int[] r = new int[m.length];
        for (int i = 0; i < m.length; i++) for (int v : m[i]) r[i] += v;
        return r;
    }

    static String counts(String[] classes, int[] c) {
        if (c == null) return "n/a";
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < c.length; i++) {
            parts.add(classes[i] + " " + c[i]);
            total += c[i];
        }
        return String.join(", ", parts) + " (" + total + ")";
    }

    static String str(Object o) {
        if (o instanceof double[] d) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < d.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", d[i]));
            return sb.append(']').toString();
        }
        if (o instanceof int[] d) return Arrays.toString(d);
        if (o instanceof List<?> l) return String.join(" ", l.stream().map(String::valueOf).toList());
        return String.valueOf(o);
    }
}
