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

    public void write(ExperimentSpec spec, DataSource source, ModelBuilder builder, ModelConfig cfg, TrainingState st,
                      Map<String, Object> facts, EvalSummary val, EvalSummary test, LabeledWindows testData,
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
                            Map<String, Object> facts, EvalSummary val, EvalSummary test, Provenance prov) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append("\n\n");
        if (spec.smoke) {
            sb.append("> **SMOKE RUN** — reduced data and/or epochs to check the pipeline end to end. These numbers are not results.\n\n");
        }
        if (!spec.description.isBlank()) sb.append(spec.description.strip()).append("\n\n");
        sb.append("Generated by `ecgbench run ").append(prov.get("spec_file")).append("` at commit `").append(prov.get("git_commit"))
                .append("` on ").append(prov.get("date_utc")).append(". Everything below was computed by this run; the paper's figures")
                .append(" are quoted from the paper for comparison only.\n\n");

        // ---- headline vs paper
        String[] classes = test.classNames;
        sb.append("## Test results (").append(spec.split.test).append(": ").append(test.n).append(" windows, ")
                .append(test.records).append(" records)\n\n");
        sb.append(String.format(Locale.ROOT, "95%%-style intervals: %d bootstrap resamples at level %.2f; *record CI* resamples whole records"
                + " (patients) — the honest interval, since beats of one patient are not independent; *beat CI* resamples beats.%n%n",
                test.bootstrapN, test.ciLevel));
        sb.append("### Classification report (laid out like the paper's)\n\n");
        sb.append("| class | precision | recall (Se) | specificity | F1 | AUC | support |\n|---|---|---|---|---|---|---|\n");
        int[] support = rowSums(test.confusion);
        for (int c = 0; c < classes.length; c++) {
            String k = classes[c];
            sb.append("| ").append(k).append(" | ").append(cell(test, "precision_" + k)).append(" | ").append(cell(test, "recall_" + k))
                    .append(" | ").append(cell(test, "specificity_" + k)).append(" | ").append(cell(test, "f1_" + k)).append(" | ")
                    .append(cell(test, "auc_" + k)).append(" | ").append(support[c]).append(" |\n");
        }
        sb.append("| **accuracy** | | | | ").append(cell(test, "accuracy")).append(" | | ").append(test.n).append(" |\n");
        sb.append("| **macro avg** | ").append(cell(test, "macro_precision")).append(" | ").append(cell(test, "macro_recall"))
                .append(" | ").append(cell(test, "macro_specificity")).append(" | ").append(cell(test, "macro_f1")).append(" | ")
                .append(cell(test, "macro_auc")).append(" | ").append(test.n).append(" |\n");
        sb.append("| **weighted avg** | ").append(cell(test, "weighted_precision")).append(" | ").append(cell(test, "weighted_recall"))
                .append(" | | ").append(cell(test, "weighted_f1")).append(" | | ").append(test.n).append(" |\n\n");
        sb.append("Cells: point estimate [record-level CI] (beat-level CI).\n\n");

        if (!spec.paper.reference.isEmpty() || !spec.paper.perClass.isEmpty()) {
            sb.append("### Ours next to the paper\n\n");
            sb.append("Paper: ").append(spec.paper.name.isBlank() ? "(unnamed)" : spec.paper.name);
            if (!spec.paper.protocol.isBlank()) sb.append(" — protocol: ").append(spec.paper.protocol);
            sb.append("\n\n| metric | paper | ours | record CI | beat CI |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, Double> e : spec.paper.reference.entrySet()) {
                String m = e.getKey();
                sb.append("| ").append(m).append(" | ").append(f(e.getValue())).append(" | ").append(f(test.get(m))).append(" | ")
                        .append(ci(test.recordCi.get(m))).append(" | ").append(ci(test.beatCi.get(m))).append(" |\n");
            }
            for (Map.Entry<String, Map<String, Double>> pc : spec.paper.perClass.entrySet()) {
                for (Map.Entry<String, Double> e : pc.getValue().entrySet()) {
                    if (e.getKey().equals("support")) {
                        int idx = Arrays.asList(classes).indexOf(pc.getKey());
                        sb.append("| support_").append(pc.getKey()).append(" | ").append(String.format(Locale.ROOT, "%.0f", e.getValue()))
                                .append(" | ").append(idx >= 0 ? support[idx] : "n/a").append(" | | |\n");
                        continue;
                    }
                    String m = e.getKey() + "_" + pc.getKey();
                    sb.append("| ").append(m).append(" | ").append(f(e.getValue())).append(" | ").append(f(test.get(m))).append(" | ")
                            .append(ci(test.recordCi.get(m))).append(" | ").append(ci(test.beatCi.get(m))).append(" |\n");
                }
            }
            sb.append("\n");
        }

        sb.append("### Confusion matrix (test; rows = reference, columns = predicted)\n\n| |");
        for (String c : classes) sb.append(' ').append(c).append(" |");
        sb.append("\n|---|").append("---|".repeat(classes.length)).append('\n');
        for (int i = 0; i < classes.length; i++) {
            sb.append("| **").append(classes[i]).append("** |");
            for (int j = 0; j < classes.length; j++) sb.append(' ').append(test.confusion[i][j]).append(" |");
            sb.append('\n');
        }
        sb.append('\n');

        sb.append("## Validation (").append(spec.split.validation).append(", used for early stopping and every choice)\n\n");
        sb.append("| metric | value | record CI |\n|---|---|---|\n");
        for (String m : List.of("accuracy", "macro_f1", "macro_recall", "macro_precision")) {
            sb.append("| ").append(m).append(" | ").append(f(val.get(m))).append(" | ").append(ci(val.recordCi.get(m))).append(" |\n");
        }
        sb.append('\n');

        // ---- data
        sb.append("## Data and protocol\n\n");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) {
            sb.append("- **").append(e.getKey()).append("**: ").append(str(e.getValue())).append('\n');
        }
        if (spec.split.mode == ExperimentSpec.Split.Mode.RANDOM_BEATS) {
            sb.append("- **protocol**: INTRA-PATIENT — beats of the pool `").append(spec.split.pool).append("` split at random ")
                    .append(spec.split.fractions).append(" (train/validation/test), stratified by class; the same patients appear in all three parts\n");
        } else {
            sb.append("- **protocol**: inter-patient — train, validation and test are disjoint record (patient) lists\n");
        }
        if (spec.split.mode != ExperimentSpec.Split.Mode.RANDOM_BEATS) sb.append("- **splits**: train `").append(spec.split.train).append("` ").append(str(facts.get("train_records")))
                .append("; validation `").append(spec.split.validation).append("` ").append(str(facts.get("validation_records")))
                .append("; test `").append(spec.split.test).append("` ").append(str(facts.get("test_records"))).append('\n');
        else sb.append("- **record pool**: ").append(str(facts.get("train_records"))).append('\n');
        sb.append("\n| split | annotations per class (before window fit) | windows per class | dropped (window does not fit) |\n|---|---|---|---|\n");
        for (String s : List.of("train", "validation", "test")) {
            sb.append("| ").append(s).append(" | ").append(counts(classes, facts.get(s + "_annotation_counts"))).append(" | ")
                    .append(counts(classes, facts.get(s + "_counts"))).append(" | ").append(counts(classes, facts.get(s + "_dropped_window_fit")))
                    .append(" |\n");
        }
        if (facts.get("test_q_beats_excluded") != null) {
            sb.append("\nLeft out of the N/S/V/F protocol: Q beats (paced fusion, unclassifiable) train ").append(facts.get("train_q_beats_excluded"))
                    .append(", validation ").append(facts.get("validation_q_beats_excluded")).append(", test ").append(facts.get("test_q_beats_excluded"))
                    .append("; and the edge beats of the last column (their window runs past the record's start or end).\n");
        }
        if (facts.get("train_used_counts") != null && !Arrays.equals((int[]) facts.get("train_used_counts"), (int[]) facts.get("train_counts"))) {
            sb.append("\nTraining used a seeded subsample (")
                    .append(spec.training.maxBeatsPerClass != null ? "each class capped at " + spec.training.maxBeatsPerClass + " windows" : "")
                    .append(spec.training.maxTrainBeats != null ? " stratified to " + spec.training.maxTrainBeats + " windows" : "").append("): ").append(counts(classes, facts.get("train_used_counts"))).append(".\n");
        }
        sb.append("\nClass weights (\"").append(spec.training.classWeights).append("\", n/(k·n_c) from training labels only): ")
                .append(str(facts.get("class_weights"))).append("\n\n");

        // ---- model + training
        sb.append("## Model and training\n\n");
        sb.append(String.format(Locale.ROOT, "- **model**: `%s` — %s%n- **input**: %d lead(s) × %d samples, %d classes%n"
                        + "- **parameters**: %,d (%.2f KB as float32); **forward FLOPs**: %.2f M per window (multiply+add = 2)%n",
                builder.name(), builder.description(), cfg.leads(), cfg.samples(), cfg.numClasses(), (long) facts.get("params"),
                (double) facts.get("weight_kb_f32"), ((long) facts.get("flops_per_window")) / 1e6));
        sb.append("- **model parameters**: ").append(str(spec.model.params)).append('\n');
        sb.append(String.format(Locale.ROOT, "- **training**: Adam lr %.3g, batch %d, at most %d epochs, early stopping on validation %s"
                        + " (patience %d), lr schedule %s, seed %d%n", spec.training.learningRate, spec.training.batchSize,
                spec.training.epochs, spec.training.earlyStoppingMetric, spec.training.patience, spec.training.lrSchedule,
                spec.training.seed));
        sb.append(String.format(Locale.ROOT, "- **ran**: %d epochs, best epoch %d, %.0f s training (%.0f windows/s), test inference %.0f windows/s%n%n",
                st.epochsDone, st.bestEpoch, (double) facts.get("train_seconds"), (double) facts.get("train_windows_per_s"),
                (double) facts.get("test_inference_windows_per_s")));
        sb.append("| epoch | train loss | validation ").append(spec.training.earlyStoppingMetric).append(" | lr | seconds |\n|---|---|---|---|---|\n");
        for (Map<String, Object> h : st.history) {
            sb.append("| ").append(h.get("epoch")).append(" | ").append(fmt(h.get("train_loss"))).append(" | ").append(fmt(h.get("val_score")))
                    .append(" | ").append(h.get("learning_rate")).append(" | ").append(h.get("seconds")).append(" |\n");
        }
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown()).append('\n');
        sb.append("Files: `metrics.csv`, `confusion_matrix.csv`, `predictions.csv.gz` (per test window), `history.csv`, `summary.json`, `provenance.json`")
                .append(spec.output.saveModel ? ", `model.zip` (best checkpoint, DL4J ModelSerializer)" : "").append(".\n");
        return sb.toString();
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

    private static String counts(String[] classes, Object o) {
        if (!(o instanceof int[] c)) return "n/a";
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
