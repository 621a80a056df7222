package org.ecgbench.experiments.report;

import org.ecgbench.experiments.eval.MultilabelEvaluation;
import org.ecgbench.pipeline.source.RecordSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.eval.multilabel.BootstrapResult;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.experiments.train.TrainingState;

/**
 * Outputs of a multi-label or binary record experiment, each written atomically: {@code metrics.csv} (every
 * metric of validation, test and each extra test protocol, with bootstrap CIs), {@code thresholds.csv}
 * (validation-chosen per-label thresholds), {@code predictions.csv.gz} (one row per test record: record,
 * patient, true labels, scores), {@code history.csv}, {@code summary.json} and {@code report.md} (per-label
 * table, macro figures, the paper's figures beside ours, data counts, training history, provenance).
 */
public final class MultilabelReport {
    private final Path dir;

    public MultilabelReport(Path dir) {
        this.dir = dir;
    }

    public void write(ExperimentSpec spec, RecordSource source, ModelBuilder builder, ModelConfig cfg, TrainingState st,
                      RunFacts facts, MultilabelEvaluation.Result val, MultilabelEvaluation.Result test,
                      List<MultilabelEvaluation.Result> extra, List<String> extraWhere, LabeledWindows testData, double[][] testProbs,
                      boolean binary, Provenance prov) throws IOException {
        List<MultilabelEvaluation.Result> all = new ArrayList<>();
        all.add(val);
        all.add(test);
        all.addAll(extra);
        writeMetrics(all);
        writeThresholds(test);
        writePredictions(source, testData, testProbs);
        st.writeCsvs(dir, "");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", spec.experiment);
        summary.put("smoke", spec.smoke);
        summary.put("model", builder.name());
        summary.put("label_protocol", source.labels().protocol());
        summary.put("facts", facts);
        summary.put("thresholds", test.thresholds());
        summary.put("test", test.metrics().toMap());
        summary.put("validation", val.metrics().toMap());
        for (MultilabelEvaluation.Result r : extra) summary.put("test_" + r.split(), r.metrics().toMap());
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(summary) + "\n");
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(spec, source, builder, cfg, st, facts, val, test, extra, extraWhere, binary, prov));
    }

    static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static BootstrapResult.Interval iv(MultilabelEvaluation.Result r, String m) {
        return r.ci() == null ? null : r.ci().intervals().get(m);
    }

    static String cell(MultilabelEvaluation.Result r, String m) {
        double v = r.get(m);
        if (Double.isNaN(v)) return "n/a";
        BootstrapResult.Interval i = iv(r, m);
        if (i == null || Double.isNaN(i.lower())) return f(v);
        return f(v) + String.format(Locale.ROOT, " [%.3f–%.3f]", i.lower(), i.upper());
    }

    private void writeMetrics(List<MultilabelEvaluation.Result> rs) throws IOException {
        Csv.Table t = new Csv.Table("split", "metric", "value", "ci_low", "ci_high", "ci_valid_resamples", "n_records", "n_patients",
                "bootstrap_n", "ci_level");
        for (MultilabelEvaluation.Result r : rs) {
            for (Map.Entry<String, Double> e : r.metrics().toMap().entrySet()) {
                BootstrapResult.Interval i = iv(r, e.getKey());
                t.row(r.split(), e.getKey(), num(e.getValue()), i == null ? "" : num(i.lower()), i == null ? "" : num(i.upper()),
                        i == null ? "" : String.valueOf(i.nValid()), r.n(), r.patients(), r.ci() == null ? 0 : r.ci().nResamples(),
                        r.ci() == null ? "" : String.valueOf(r.ci().level()));
            }
        }
        t.write(dir.resolve("metrics.csv"));
    }

    private void writeThresholds(MultilabelEvaluation.Result test) throws IOException {
        Csv.Table t = new Csv.Table("label", "threshold_from_validation");
        for (int k = 0; k < test.labels().length; k++) t.row(test.labels()[k], String.format(Locale.ROOT, "%.6g", test.thresholds()[k]));
        t.write(dir.resolve("thresholds.csv"));
    }

    private void writePredictions(RecordSource source, LabeledWindows d, double[][] p) throws IOException {
        List<String> header = new java.util.ArrayList<>(List.of("record", "patient"));
        for (String c : d.classNames) header.add("y_" + c);
        for (String c : d.classNames) header.add("p_" + c);
        Csv.writeGzip(dir.resolve("predictions.csv.gz"), header, w -> {
            for (int i = 0; i < d.size(); i++) {
                List<Object> row = new java.util.ArrayList<>(header.size());
                row.add(d.record[i]);
                row.add(source.patientOf(d.record[i]));
                for (int c = 0; c < d.classNames.length; c++) row.add((d.multiHot != null ? d.multiHot[i][c] : d.y[i] == c) ? 1 : 0);
                for (double v : p[i]) row.add(String.format(Locale.ROOT, "%.5f", v));
                w.printRecord(row);
            }
        });
    }

    private String markdown(ExperimentSpec spec, RecordSource source, ModelBuilder builder, ModelConfig cfg, TrainingState st,
                            RunFacts facts, MultilabelEvaluation.Result val, MultilabelEvaluation.Result test,
                            List<MultilabelEvaluation.Result> extra, List<String> extraWhere, boolean binary, Provenance prov) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append("\n\n");
        if (spec.smoke) {
            sb.append("> **SMOKE RUN** — reduced data, epochs and/or model size, to check the 12-lead pipeline end to end on the real subset. "
                    + "These numbers are not results.\n\n");
        }
        if (!spec.description.isBlank()) sb.append(spec.description.strip()).append("\n\n");
        sb.append("Generated by `ecgbench run ").append(prov.get("spec_file")).append("` at commit `").append(prov.get("git_commit"))
                .append("` on ").append(prov.get("date_utc")).append(". Everything below was computed by this run; the paper's figures")
                .append(" are quoted from the paper for comparison only.\n\n");
        testSection(sb, val, test, binary);
        extraSection(sb, facts, extra, extraWhere);
        paperSection(sb, spec, source, test, extra);
        sb.append("## Validation (used for early stopping and the thresholds)\n\n");
        MarkdownTable v = new MarkdownTable().header("metric", "value");
        for (String m : List.of("macro_auc", "fmax", "macro_f1", "hamming_loss")) v.row(m, f(val.get(m)));
        sb.append(v).append('\n');
        dataSection(sb, source, facts, binary);
        modelSection(sb, spec, builder, cfg, st, facts);
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown()).append('\n');
        sb.append("Files: `metrics.csv`, `thresholds.csv`, `predictions.csv.gz` (per test record), `history.csv`, `summary.json`, `provenance.json`")
                .append(spec.output.saveModel ? ", `model.zip` (best checkpoint; not committed)" : "").append(".\n");
        return sb.toString();
    }

    private static void testSection(StringBuilder sb, MultilabelEvaluation.Result val, MultilabelEvaluation.Result test, boolean binary) {
        sb.append("## Test results (").append(test.n()).append(" records, ").append(test.patients()).append(" patients)\n\n");
        sb.append("Thresholds: per label, the F1-optimal threshold on the validation split (").append(val.n()).append(" records); ")
                .append("the test split was read once, after training. Cells: point estimate [")
                .append(test.ci() == null ? "no CI" : String.format(Locale.ROOT, "%.0f%% bootstrap CI, %d resamples of patients",
                        test.ci().level() * 100, test.ci().nResamples()))
                .append("]. ").append(test.ciNote()).append(".\n\n");
        sb.append(binary ? "### Binary task (label 'positive' = p(positive) of the softmax)\n\n" : "### Per label\n\n");
        MarkdownTable t = new MarkdownTable().header("label", "support", "AUC", "threshold", "F1", "sensitivity", "specificity", "precision");
        for (int k = 0; k < test.labels().length; k++) {
            String l = test.labels()[k];
            t.row(l, String.format(Locale.ROOT, "%.0f", test.get("support_" + l)), cell(test, "auc_" + l),
                    String.format(Locale.ROOT, "%.4g", test.thresholds()[k]), cell(test, "f1_" + l), cell(test, "recall_" + l),
                    cell(test, "specificity_" + l), cell(test, "precision_" + l));
        }
        MarkdownTable summary = new MarkdownTable().header("summary", "value");
        for (String m : List.of("macro_auc", "fmax", "macro_f1", "macro_recall", "macro_specificity", "macro_precision", "micro_f1", "hamming_loss")) {
            summary.row(m, cell(test, m));
        }
        sb.append(t).append('\n').append(summary);
        if (!test.metrics().aucSkippedLabels().isEmpty()) {
            sb.append("\nLabels without AUC on test (no positives or no negatives), left out of macro AUC: ")
                    .append(test.metrics().aucSkippedLabels()).append(".\n");
        }
        sb.append('\n');
    }

    private static void extraSection(StringBuilder sb, RunFacts facts, List<MultilabelEvaluation.Result> extra, List<String> extraWhere) {
        if (extra.isEmpty()) return;
        String external = facts.records == null ? null : facts.records.externalDataset;
        sb.append("### The same model under other label protocols and on the external database\n\n")
                .append("Test split: only the test records each protocol labels. External: every record of that database the protocol labels")
                .append(external != null ? " (" + external + ")" : "")
                .append(". Same validation thresholds throughout.\n\n");
        MarkdownTable t = new MarkdownTable().header("protocol", "data", "records", "positives", "AUC", "F1", "sensitivity", "specificity", "precision");
        for (int xi = 0; xi < extra.size(); xi++) {
            MultilabelEvaluation.Result r = extra.get(xi);
            double pos = 0;
            for (String l : r.labels()) pos += r.get("support_" + l);
            t.row(r.split(), extraWhere.get(xi), r.n(), String.format(Locale.ROOT, "%.0f", pos), cell(r, "macro_auc"), cell(r, "macro_f1"),
                    cell(r, "macro_recall"), cell(r, "macro_specificity"), cell(r, "macro_precision"));
        }
        sb.append(t).append('\n');
    }

    private static void paperSection(StringBuilder sb, ExperimentSpec spec, RecordSource source, MultilabelEvaluation.Result test,
                                     List<MultilabelEvaluation.Result> extra) {
        if (spec.paper.reference.isEmpty()) return;
        sb.append("### Ours next to the paper\n\n");
        sb.append("Paper: ").append(spec.paper.name.isBlank() ? "(unnamed)" : spec.paper.name);
        if (!spec.paper.protocol.isBlank()) sb.append(" — protocol: ").append(spec.paper.protocol);
        sb.append("\n\n");
        MarkdownTable t = new MarkdownTable().header("metric", "paper", "ours", "our CI");
        for (Map.Entry<String, Double> e : spec.paper.reference.entrySet()) {
            String key = e.getKey();
            MultilabelEvaluation.Result r = test;
            String m = key;
            int dot = key.indexOf('.');
            if (dot > 0) {
                String proto = key.substring(0, dot);
                m = key.substring(dot + 1);
                r = null;
                if (proto.equals(source.labels().protocol())) r = test;
                else for (MultilabelEvaluation.Result x : extra) if (x.split().equals(proto)) r = x;
            }
            double ours = r == null ? Double.NaN : r.get(m);
            BootstrapResult.Interval i = r == null ? null : iv(r, m);
            t.row(key, f(e.getValue()), f(ours), i == null || Double.isNaN(i.lower()) ? "" : String.format(Locale.ROOT, "%.3f–%.3f", i.lower(), i.upper()));
        }
        sb.append(t).append('\n');
    }

    private static void dataSection(StringBuilder sb, RecordSource source, RunFacts facts, boolean binary) {
        sb.append("## Data and protocol\n\n");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) {
            sb.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        }
        sb.append("- **split**: `").append(facts.records.splitFile).append("`").append(Boolean.TRUE.equals(facts.records.splitFileCreated)
                ? " (created by this run)" : "").append(", patient-wise; train ").append(facts.train.describe()).append(", validation ")
                .append(facts.validation.describe()).append(", test ").append(facts.test.describe()).append("\n\n");
        MarkdownTable t = new MarkdownTable().header("split", binary ? "records per class" : "positives per label");
        String[] classes = source.classNames();
        for (String s : List.of("train", "validation", "test")) t.row(s, counts(classes, facts.part(s).counts));
        sb.append(t).append('\n');
    }

    private static void modelSection(StringBuilder sb, ExperimentSpec spec, ModelBuilder builder, ModelConfig cfg, TrainingState st, RunFacts facts) {
        sb.append("## Model and training\n\n");
        sb.append(String.format(Locale.ROOT, "- **model**: `%s` — %s%n- **input**: %d lead(s) × %d samples, %d outputs (%s)%n"
                        + "- **parameters**: %,d (%.2f KB as float32); **forward FLOPs**: %.2f M per record (multiply+add = 2)%n",
                builder.name(), builder.description(), cfg.leads(), cfg.samples(), cfg.numClasses(), cfg.multiLabel() ? "sigmoid" : "softmax",
                facts.params, facts.weightKbF32, facts.flopsPerWindow / 1e6));
        sb.append("- **model parameters**: ").append(spec.model.params).append('\n');
        sb.append(String.format(Locale.ROOT, "- **training**: Adam lr %.3g, batch %d, at most %d epochs, early stopping on validation %s"
                        + " (patience %d), lr schedule %s, seed %d, class weights %s%n", spec.training.learningRate, spec.training.batchSize,
                spec.training.epochs, spec.training.earlyStoppingMetric, spec.training.patience, spec.training.lrSchedule, spec.training.seed,
                facts.classWeights == null ? "none" : java.util.Arrays.toString(facts.classWeights)));
        sb.append(String.format(Locale.ROOT, "- **ran**: %d epochs, best epoch %d, %.0f s training, test inference %.0f records/s%n%n",
                st.epochsDone, st.bestEpoch, facts.trainSeconds, facts.testInferenceWindowsPerS));
        if (facts.refit != null) sb.append("**Final refit**: ").append(facts.refit).append(".\n\n");
        sb.append(ReportWriter.historyTable(st, spec.training.earlyStoppingMetric.key()));
    }

    /** Appends the record-pipeline facts (counts, split file) to a report written by the shared single-label ReportWriter. */
    public static void appendRecordSection(Path report, ExperimentSpec spec, RecordSource source, RunFacts facts) throws IOException {
        StringBuilder sb = new StringBuilder(Files.readString(report, StandardCharsets.UTF_8));
        sb.append("\n## 12-lead record pipeline\n\n");
        sb.append("One input per record (no beat windows): in the tables above a 'window' is a record, and the record-level and")
                .append(" beat-level CIs coincide in meaning (both resample records; CinC records are their own patients).\n\n");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) sb.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        RunFacts.Records r = facts.records;
        sb.append("- **split file**: `").append(r.splitFile).append("`").append(Boolean.TRUE.equals(r.splitFileCreated)
                ? " (created by this run)" : "").append("; labelled records not in it: ").append(r.labelledNotInSplitFile).append('\n');
        if (facts.refit != null) sb.append("- **final refit**: ").append(facts.refit).append('\n');
        sb.append("- **record counts**: ").append(r.recordsInDatabase).append(" in the database, ")
                .append(r.recordsAfterSourceFilter).append(" after the source filter, ").append(r.recordsLabelled)
                .append(" labelled; train ").append(facts.train.describe()).append(", validation ").append(facts.validation.describe())
                .append(", test ").append(facts.test.describe()).append('\n');
        AtomicFiles.writeString(report, sb.toString());
    }

    private static String counts(String[] classes, int[] c) {
        if (c == null) return "n/a";
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < c.length; i++) {
            parts.add(classes[i] + " " + c[i]);
            total += c[i];
        }
        return String.join(", ", parts) + " (" + total + ")";
    }

    private static String fmt(Object o) {
        return o instanceof Double d ? f(d) : String.valueOf(o);
    }
}
