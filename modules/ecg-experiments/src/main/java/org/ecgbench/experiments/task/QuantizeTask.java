package org.ecgbench.experiments.task;

import org.ecgbench.experiments.eval.MulticlassEvaluation;

import org.ecgbench.experiments.eval.EvalSummary;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.pipeline.source.DataSources;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.quant.FakeQuantizer;
import org.ecgbench.quant.Laq;
import org.ecgbench.quant.PackedModelFormat;
import org.ecgbench.quant.QuantizedTensor;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.experiments.report.QuantPlot;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.signal.split.Splits;

/**
 * qHuBERT Table 1 for a trained model: full precision, fixed b-bit post-training quantization of
 * every weight tensor, and LAQ, each evaluated on the test split with bootstrap CIs, with the
 * compression ratio both computed and measured from a real packed file that is reloaded and
 * re-evaluated. Every LAQ decision is taken on the validation split.
 */
public final class QuantizeTask implements Task<QuantizeTask.Prepared, Laq.Result> {
    private int batch = 512;
    private PrintStream log = System.out;


    /**
     * One table row: {@code crFile} = float32 bytes of all parameters / the packed file's size on disk (the headline);
     * {@code crPayload} = the same over the file's weight payload only (codes, scales, float tensors); {@code crComputed}
     * from the bit accounting.
     */
    record Row(String label, EvalSummary test, double crComputed, long fileBytes, long payloadBytes, double crFile, double crPayload,
               boolean reloadIdentical, Map<String, Integer> bits) {}

    /** The trained model and the validation split after {@link #prepare}. */
    static final class Prepared {
        ComputationGraph net;
        Path modelFile;
        DataSource source;
        LabeledWindows val;
        List<String> testRecords;
        boolean records;
        QuantizedTensor.Scheme scheme;
        FakeQuantizer.Granularity gran;
        List<String> layers;
        /** Rhythm context: the training split's standardiser of the RR features (from the training run's provenance). */
        org.ecgbench.signal.rhythm.Standardizer rr;
        long architectureBytes;
    }

    @Override
    public String name() {
        return "quantize";
    }

    @Override
    public void validate(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        if (spec.quantization.source == null) {
            throw new SpecException(spec.file, spec.quantization.line, 1, "quantization.source (results folder of the trained model) is required");
        }
        if (spec.quantization.trainSpec != null) checkTrainSpec(ctx, ctx.root().resolve(spec.quantization.source));
    }

    /** {@code quantization.train_spec} exists, keeps its model, and writes to {@code quantization.source}. */
    private static void checkTrainSpec(RunContext ctx, Path src) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path ts = ctx.root().resolve(spec.quantization.trainSpec).normalize();
        if (!Files.isRegularFile(ts)) {
            throw new SpecException(spec.file, spec.quantization.line, 1, "quantization.train_spec: no spec file " + ts);
        }
        ExperimentSpec t = ExperimentSpec.load(ts);
        Path tOut = ctx.root().resolve(t.output.dir).normalize();
        if (!tOut.equals(src.normalize())) {
            throw new SpecException(spec.file, spec.quantization.line, 1, "quantization.train_spec " + spec.quantization.trainSpec + " writes to "
                    + t.output.dir + " but quantization.source is " + spec.quantization.source + ": they must be the same folder");
        }
        if (!t.output.saveModel) {
            throw new SpecException(spec.file, spec.quantization.line, 1, "quantization.train_spec " + spec.quantization.trainSpec
                    + " has output.save_model: false, so it leaves no model to quantize");
        }
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        ExperimentSpec.Quantization q = spec.quantization;
        Prepared p = new Prepared();
        this.log = ctx.log();
        Path src = ctx.root().resolve(q.source);
        p.modelFile = src.resolve("model.zip");
        if (!Files.isRegularFile(p.modelFile) && q.trainSpec != null) trainFirst(ctx, src);
        if (!Files.isRegularFile(p.modelFile)) {
            throw new IllegalArgumentException(spec.file + ": no trained model at " + p.modelFile + " — run its training spec first"
                    + " (or name it in quantization.train_spec)");
        }
        p.net = ModelSerializer.restoreComputationGraph(p.modelFile.toFile(), false);
        p.records = DataSources.isRecordDataset(spec.data.dataset);
        if (p.records) {
            RecordSource rs = recordSource(ctx, src);
            RecordSource.SplitResult sp = rs.splits(ctx.root(), ctx.specFile());
            p.source = rs;
            p.val = rs.load(sp.validation());
            p.testRecords = sp.test();
        } else {
            p.source = DataSources.create(spec, ctx.root(), ctx.dataRoot());
            p.val = p.source.load(Splits.load(spec.split.validation));
            if (spec.training.maxValidationBeats != null) p.val = p.val.stratifiedSubsample(spec.training.maxValidationBeats, spec.training.seed + 1);
            p.testRecords = Splits.load(spec.split.test);
            p.rr = rhythmStandardizer(spec, src, p.net, p.val);
            p.val = RhythmContext.apply(p.rr, p.val);
        }
        TrainEvalTask.fingerprint(ctx, p.source, Map.of("validation", p.records ? ((RecordSource) p.source).splits(ctx.root(), ctx.specFile()).validation()
                : Splits.load(spec.split.validation), "test", p.testRecords));
        this.batch = p.records ? 32 : 512; // 12-lead records are ~100x larger than beat windows
        p.scheme = q.scheme == ExperimentSpec.Quantization.Scheme.SYMMETRIC ? QuantizedTensor.Scheme.SYMMETRIC : QuantizedTensor.Scheme.ASYMMETRIC;
        p.gran = q.granularity == ExperimentSpec.Quantization.Granularity.PER_TENSOR ? FakeQuantizer.Granularity.PER_TENSOR : FakeQuantizer.Granularity.PER_CHANNEL;
        p.layers = FakeQuantizer.quantizableLayers(p.net);
        ctx.log().printf("%s: model %s (%,d parameters), %d quantizable layers %s%n", spec.experiment, ctx.rel(p.modelFile), p.net.numParams(),
                p.layers.size(), p.layers);
        return p;
    }

    /** LAQ on the validation split only (the test split is not read here). */
    @Override
    public Laq.Result perform(RunContext ctx, Prepared p) {
        ExperimentSpec.Quantization q = ctx.spec().quantization;
        if (!q.laq) return null;
        Laq.Config lc = new Laq.Config(q.alpha, q.beta, q.gamma, q.margin, q.candidateBits, p.scheme, p.gran,
                q.reading == ExperimentSpec.Quantization.LaqReading.AS_WRITTEN ? Laq.Reading.AS_WRITTEN : Laq.Reading.CONSERVATIVE);
        String metric = q.metric.key();
        LabeledWindows val = p.val;
        Laq.Result laq = Laq.search(p.net, lc, g -> {
            double[][] pr = Predictor.predict(g, val, batch);
            return MulticlassEvaluation.evaluate("validation", val, pr, 0, 0.95, 0, false).get(metric);
        });
        ctx.log().printf("LAQ: validation %s %.4f -> %.4f, bits %s, CR %.2fx, %d evaluations in %.1f s%n", metric, laq.baseline(),
                laq.finalMetric(), laq.bits(), laq.quantized().report().compressionRatio(), laq.evaluations(), laq.searchMillis() / 1000.0);
        return laq;
    }

    /** The test split, read once: every row (full precision, each fixed bit-width, LAQ) is evaluated on it. */
    @Override
    public void report(RunContext ctx, Prepared p, Laq.Result laq) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path out = ctx.output();
        LabeledWindows test = RhythmContext.apply(p.rr, p.source.load(p.testRecords));
        List<Row> rows = new ArrayList<>();
        Files.createDirectories(out.resolve("packed"));
        rows.add(evalRow("Full-Precision", p.net, null, test, spec, out, null));
        p.architectureBytes = Files.size(out.resolve("packed").resolve(PackedModelFormat.ARCHITECTURE_FILE));
        for (int b : spec.quantization.bits) {
            Map<String, Integer> bits = new LinkedHashMap<>();
            for (String l : p.layers) bits.put(l, b);
            FakeQuantizer.Result r = FakeQuantizer.apply(p.net, bits, p.scheme, p.gran);
            rows.add(evalRow(b + "-bit", r.net(), r, test, spec, out, bits));
        }
        if (laq != null) rows.add(evalRow("LAQ", laq.quantized().net(), laq.quantized(), test, spec, out, laq.bits()));
        Provenance prov = ctx.provenance();
        prov.put("model", ctx.rel(p.modelFile));
        prov.put("data_checksum", p.source.dataChecksum());
        if (p.records) {
            Path sf = ((RecordSource) p.source).splitFile(ctx.root(), ctx.specFile());
            prov.put("split_file", ctx.rel(sf));
            prov.put("split_file_sha256", org.ecgbench.signal.data.Manifest.sha256(sf));
            prov.put("records_validation_test", List.of(p.val.size(), test.size()));
        }
        prov.put("bootstrap_seed", spec.evaluation.seed);
        prov.put("backend", Backend.describe());
        prov.put("wall_seconds", ctx.wallSeconds());
        // MIT-BIH models give qHuBERT's Table 1 layout; the 12-lead record datasets are the rows of its Table 2
        String table = p.records ? "table2" : "table1";
        AtomicFiles.writeString(out.resolve(table + ".md"), markdown(spec, rows, laq, p.net, prov, p.val.size(), test.size(), p.architectureBytes));
        AtomicFiles.writeString(out.resolve(table + ".csv"), csv(rows));
        QuantPlot.write(out.resolve("accuracy_vs_cr.png"), spec.experiment, rows.stream().map(Row::label).toList(),
                rows.stream().mapToDouble(Row::crFile).toArray(), rows.stream().mapToDouble(r -> r.test().get("accuracy")).toArray(),
                rows.stream().mapToDouble(r -> r.test().get("macro_f1")).toArray());
        if (laq != null) AtomicFiles.writeString(out.resolve("laq.json"), laqJson(laq, spec));
        ctx.log().printf("wrote %s%n", out.resolve(table + ".md"));
    }

    private Row evalRow(String label, ComputationGraph net, FakeQuantizer.Result r, LabeledWindows test, ExperimentSpec spec, Path out,
                        Map<String, Integer> bits) throws IOException {
        double[][] p = Predictor.predict(net, test, batch);
        EvalSummary s = MulticlassEvaluation.evaluate("test", test, p, spec.evaluation.bootstrap, spec.evaluation.ciLevel, spec.evaluation.seed, false);
        Path file = out.resolve("packed").resolve(label.toLowerCase(Locale.ROOT).replace(' ', '_') + ".ecgq");
        // weights only in each file; the configuration once in packed/architecture.json (shared by every row)
        PackedModelFormat.Sizes sz = PackedModelFormat.write(file, net, r == null ? Map.of() : r.tensors(), true);
        ComputationGraph back = PackedModelFormat.read(file);
        // the reloaded file must reproduce the in-memory model: compared on the first 2,000 test windows (time budget)
        int n = Math.min(2000, test.size());
        int[] idx = java.util.stream.IntStream.range(0, n).toArray();
        double[][] p2 = Predictor.predict(back, test.subset(idx), batch);
        double maxDiff = 0;
        boolean sameClasses = true;
        int[] a1 = Predictor.argmax(java.util.Arrays.copyOf(p, n)), a2 = Predictor.argmax(p2);
        for (int i = 0; i < n; i++) {
            sameClasses &= a1[i] == a2[i];
            for (int c = 0; c < p2[i].length; c++) maxDiff = Math.max(maxDiff, Math.abs(p[i][c] - p2[i][c]));
        }
        // bit-for-bit equality is not guaranteed: multi-threaded native kernels may sum in a different order
        boolean same = sameClasses && maxDiff <= 1e-4;
        double cr = r == null ? 1.0 : r.report().compressionRatio();
        double crFile = 4.0 * net.numParams() / sz.fileBytes(), crPayload = 4.0 * net.numParams() / sz.payloadBytes();
        log.printf(Locale.ROOT, "%-15s acc %.4f  macro-F1 %.4f  CR by file size %.2fx (%,d bytes; payload CR %.2fx, computed %.2fx), reload"
                + " identical: %s (max |dp| %.2e)%n", label, s.get("accuracy"), s.get("macro_f1"), crFile, sz.fileBytes(), crPayload, cr, same, maxDiff);
        if (!same) throw new IllegalStateException("the model restored from " + file + " does not reproduce the in-memory predictions");
        return new Row(label, s, cr, sz.fileBytes(), sz.payloadBytes(), crFile, crPayload, same, bits);
    }

    /**
     * A model trained with {@code data.rr_features: true} takes the RR features standardised with ITS training split's
     * statistics, which its run wrote to its provenance; they are applied unchanged here (never refitted on validation or test).
     */
    static org.ecgbench.signal.rhythm.Standardizer rhythmStandardizer(ExperimentSpec spec, Path src, ComputationGraph net, LabeledWindows val)
            throws IOException {
        boolean twoInputs = net.getConfiguration().getNetworkInputs().size() > 1;
        if (!twoInputs && val.aux == null) return null;
        if (twoInputs != (val.aux != null)) {
            throw new IllegalArgumentException(spec.file + ": the model in " + src + (twoInputs ? " takes RR features (a second input) but the spec"
                    + " has no data.rr_features: true" : " takes one input but the spec sets data.rr_features: true"));
        }
        var prov = Json.readObject(src.resolve("provenance.json"));
        if (!prov.hasNonNull("rr_standardizer_mean") || !prov.hasNonNull("rr_standardizer_sd")) {
            throw new IllegalArgumentException(src.resolve("provenance.json") + " has no rr_standardizer_mean/sd: cannot standardise the RR features"
                    + " as the model was trained");
        }
        double[] mean = new double[prov.get("rr_standardizer_mean").size()], sd = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = prov.get("rr_standardizer_mean").get(i).asDouble();
            sd[i] = prov.get("rr_standardizer_sd").get(i).asDouble();
        }
        if (mean.length != val.auxColumns()) {
            throw new IllegalArgumentException(src + ": the training run standardised " + mean.length + " RR features, the spec gives " + val.auxColumns());
        }
        return org.ecgbench.signal.rhythm.Standardizer.of(mean, sd);
    }

    /** Runs (or resumes) {@code quantization.train_spec}, whose output folder must be {@code quantization.source}. */
    private void trainFirst(RunContext ctx, Path src) throws IOException {
        checkTrainSpec(ctx, src);
        Path ts = ctx.root().resolve(ctx.spec().quantization.trainSpec).normalize();
        ctx.log().printf("no trained model in %s: running its training spec %s first%n", src, ts);
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.dataDir = ctx.options().dataDir;
        o.showProgress = ctx.showProgress();
        new ExperimentRunner(ctx.log()).run(ts, o);
    }

    /**
     * The record database of the spec, with the training run's split file: it must exist (quantization never
     * creates a split) and be the very file the model was trained with (same SHA-256 as in the training run's
     * provenance). Single-label protocols only: the qHuBERT tables are multi-class.
     */
    private RecordSource recordSource(RunContext ctx, Path src) {
        ExperimentSpec spec = ctx.spec();
        RecordSource rs = RecordSource.create(spec, ctx.root(), ctx.recordDataRoot()).withCache(ctx.cacheDir(), ctx.log());
        if (rs.multiLabel() || rs.binary()) {
            throw new SpecException(spec.file, spec.data.records.line, 1, "task quantize supports single-label multi-class protocols (the qHuBERT"
                    + " tables); " + rs.labels().protocol() + " is " + (rs.binary() ? "binary" : "multi-label"));
        }
        Path split = rs.splitFile(ctx.root(), ctx.specFile());
        if (!Files.isRegularFile(split)) {
            throw new IllegalArgumentException(spec.file + ": split file " + split + " does not exist; task quantize evaluates on the split its"
                    + " model was trained with: set split.file to the training spec's split file");
        }
        Path trainProv = src.resolve("provenance.json");
        if (Files.isRegularFile(trainProv)) {
            var tp = Json.readObject(trainProv);
            // the split's content (record -> fold) when the training run recorded it; else the file's bytes
            boolean byContent = tp.hasNonNull("split_content_sha256");
            String theirs = (byContent ? tp.get("split_content_sha256") : tp.path("split_file_sha256")).asText("");
            String mine = byContent ? org.ecgbench.databases.splits.SplitFile.contentSha256(split) : TrainEvalTask.sha256(split);
            if (!theirs.isEmpty() && !theirs.equals(mine)) {
                throw new IllegalArgumentException(spec.file + ": split file " + split + " (sha256 " + mine + ") is not the one the model in "
                        + src + " was trained with (sha256 " + theirs + " in " + trainProv + ")");
            }
        }
        ctx.nameFolds(split);
        ctx.log().printf("%s: %d records labelled by %s; split file %s%n", spec.data.dataset, rs.labels().size(), rs.labels().protocol(), ctx.rel(split));
        return rs;
    }

    private static void paperTable(StringBuilder sb, ExperimentSpec spec) {
        if (spec.paper.table.isEmpty()) return;
        sb.append("\n### The paper's table (").append(spec.paper.name).append("; ").append(spec.paper.protocol)
                .append(") — quoted for comparison, not our results\n\n");
        MarkdownTable t = new MarkdownTable().header("Method", "Acc", "Prec", "Rec", "F1", "CR");
        for (Map.Entry<String, Map<String, Double>> e : spec.paper.table.entrySet()) {
            Map<String, Double> m = e.getValue();
            t.row(e.getKey(), f(m.getOrDefault("accuracy", Double.NaN)), f(m.getOrDefault("precision", Double.NaN)),
                    f(m.getOrDefault("recall", Double.NaN)), f(m.getOrDefault("f1", Double.NaN)),
                    m.containsKey("cr") ? String.format(Locale.ROOT, "%.2fx", m.get("cr")) : "");
        }
        sb.append(t);
    }

    private static void laqSection(StringBuilder sb, ExperimentSpec spec, Laq.Result laq) {
        boolean asWritten = spec.quantization.reading == ExperimentSpec.Quantization.LaqReading.AS_WRITTEN;
        sb.append(String.format(Locale.ROOT, "%n## LAQ allocation%n%nα = %.2f, β = %.2f, γ = %.3f, margin = %.4f, candidate bits %s, metric %s,"
                        + " reading of eq. 3: %s (threshold %s); validation %s %.4f at full precision, %.4f after LAQ; %d validation"
                        + " evaluations, %.1f s search.%n%n",
                spec.quantization.alpha, spec.quantization.beta, spec.quantization.gamma, spec.quantization.margin,
                spec.quantization.candidateBits, spec.quantization.metric, spec.quantization.reading,
                asWritten ? "A0 − γ·I_l − margin, as printed: important layers get the looser threshold"
                        : "A0 − γ·(1 − I_l/(α+β)) − margin: important layers get the tighter threshold, as the paper's text says", spec.quantization.metric, laq.baseline(), laq.finalMetric(),
                laq.evaluations(), laq.searchMillis() / 1000.0));
        MarkdownTable layers = new MarkdownTable().header("layer", "ρ (param share)", "δ (log-variance)", "importance I", "bits").decimals(4);
        for (String l : laq.bits().keySet()) layers.row(l, laq.rho().get(l), laq.delta().get(l), laq.importance().get(l), laq.bits().get(l));
        sb.append(layers);
        sb.append("\nSearch trace (least important layer first):\n\n");
        MarkdownTable trace = new MarkdownTable().header("layer", "bits tried", "validation metric", "threshold", "accepted").decimals(4);
        for (Laq.Step st : laq.trace()) trace.row(st.layer(), st.bits(), st.metric(), st.threshold(), st.accepted());
        sb.append(trace);
        sb.append("\nPer-tensor accounting of the LAQ model:\n\n").append(laq.quantized().report().markdown());
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String cell(EvalSummary s, String m) {
        double[] c = s.recordCi.get(m);
        return f(s.get(m)) + (c == null ? "" : String.format(Locale.ROOT, " [%.3f–%.3f]", c[0], c[1]));
    }

    private String markdown(ExperimentSpec spec, List<Row> rows, Laq.Result laq, ComputationGraph net, Provenance prov, int nVal, int nTest,
                            long archBytes) {
        String unit = RecordSource.isRecordDataset(spec.data.dataset) ? "records" : "windows";
        StringBuilder sb = new StringBuilder("# " + spec.experiment + " — quantization table (qHuBERT Table 1 layout; Table 2 rows for the 12-lead datasets)\n\n");
        if (spec.smoke) sb.append("> **SMOKE RUN** — not results.\n\n");
        if (!spec.description.isBlank()) sb.append(spec.description.strip()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Model `%s` (%,d parameters) from `%s`; test split `%s` (%d %s), read once after every"
                        + " choice was made; LAQ decided on validation split `%s` (%d %s) only — the paper does not say which split"
                        + " its LAQ used. Acc = accuracy; Prec/Rec/F1 = macro averages; [record-level %d-resample bootstrap CI].%n%n",
                spec.model.name, net.numParams(), spec.quantization.source, spec.split.test, nTest, unit, spec.split.validation, nVal, unit,
                spec.evaluation.bootstrap));
        sb.append("Quantized: the weight tensors of every conv/dense/recurrent/attention layer (").append(spec.quantization.scheme)
                .append(", ").append(spec.quantization.granularity).append("); biases and batch-norm parameters and statistics stay float32."
                        + " **CR (file)** = float32 bytes of all parameters (4 × parameters) / the size on disk of the packed `.ecgq` file"
                        + " (header, every tensor and the checksum), which was reloaded and re-evaluated; *payload CR* = the same over the"
                        + " file's weight payload only (codes, scales, float tensors); *computed CR* = 32 × parameters / stored bits of the"
                        + " bit accounting. The network configuration is stored once per folder in `packed/architecture.json` ("
                        + String.format(Locale.ROOT, "%,d", archBytes) + " bytes, shared by every row, like the code of the model registry; not"
                        + " counted in any file size).\n\n");
        sb.append("The reloaded-file check compares predictions on the first 2,000 test windows: same predicted class for every window and"
                + " class probabilities within 1e-4 in every row, or the run stops (bit-identical output is not guaranteed by the multi-threaded"
                + " native kernels).\n\n");
        MarkdownTable t = new MarkdownTable().header("Method", "Acc", "Prec", "Rec", "F1", "**CR (file)**", "payload CR", "computed CR", "file bytes");
        for (Row r : rows) {
            t.row(r.label(), cell(r.test(), "accuracy"), cell(r.test(), "macro_precision"), cell(r.test(), "macro_recall"),
                    cell(r.test(), "macro_f1"), String.format(Locale.ROOT, "**%.2fx**", r.crFile()), String.format(Locale.ROOT, "%.2fx", r.crPayload()),
                    String.format(Locale.ROOT, "%.2fx", r.crComputed()), String.format(Locale.ROOT, "%,d", r.fileBytes()));
        }
        sb.append(t);
        paperTable(sb, spec);
        if (laq != null) laqSection(sb, spec, laq);
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown());
        return sb.toString();
    }

    private static String csv(List<Row> rows) {
        org.ecgbench.pipeline.io.Csv.Table t = new org.ecgbench.pipeline.io.Csv.Table("method", "accuracy", "acc_ci_low", "acc_ci_high",
                "macro_precision", "macro_recall", "macro_f1", "f1_ci_low", "f1_ci_high", "cr_computed", "cr_file", "cr_payload", "file_bytes", "payload_bytes",
                "bits");
        for (Row r : rows) {
            double[] a = r.test().recordCi.getOrDefault("accuracy", new double[] {Double.NaN, Double.NaN});
            double[] fci = r.test().recordCi.getOrDefault("macro_f1", new double[] {Double.NaN, Double.NaN});
            t.row(r.label(), f6(r.test().get("accuracy")), f6(a[0]), f6(a[1]), f6(r.test().get("macro_precision")), f6(r.test().get("macro_recall")),
                    f6(r.test().get("macro_f1")), f6(fci[0]), f6(fci[1]), String.format(Locale.ROOT, "%.4f", r.crComputed()),
                    String.format(Locale.ROOT, "%.4f", r.crFile()), String.format(Locale.ROOT, "%.4f", r.crPayload()), r.fileBytes(), r.payloadBytes(), r.bits() == null ? "" : r.bits().toString());
        }
        return t.toString();
    }

    private static String f6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String laqJson(Laq.Result laq, ExperimentSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reading", spec.quantization.reading.key());
        m.put("metric", spec.quantization.metric.key());
        m.put("margin", spec.quantization.margin);
        m.put("baseline", laq.baseline());
        m.put("final", laq.finalMetric());
        m.put("bits", laq.bits());
        m.put("importance", laq.importance());
        m.put("rho", laq.rho());
        m.put("delta", laq.delta());
        m.put("cr", laq.quantized().report().compressionRatio());
        m.put("search_ms", laq.searchMillis());
        m.put("evaluations", laq.evaluations());
        return Json.write(m) + "\n";
    }

}
