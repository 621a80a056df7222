package org.ecgbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import com.fasterxml.jackson.databind.JsonNode;
import org.ecgbench.pipeline.io.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.signal.data.DataPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Cross-architecture comparison table recomputed from saved results (no retraining): macro F1,
 * accuracy, Se and +P of S and V with record-level CIs, parameters, KB, FLOPs and training time.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Build a comparison table from results/<experiment>/ folders (metrics.csv, summary.json, provenance.json).")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULT_DIR", arity = "1..*", description = "Result folders to compare.")
    List<Path> dirs;

    @Option(names = "--output", defaultValue = "results/comparison_ds1_ds2.md", description = "Markdown table to write (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--layout", defaultValue = "beats", description = "beats (train_eval folders, MIT-BIH beat metrics) or quant"
            + " (task quantize folders: their Full-Precision and LAQ rows in qHuBERT Table 2 layout, with the papers' rows of each spec).")
    String layout;

    @Option(names = "--csv", defaultValue = "results/comparison_ds1_ds2.csv", description = "beats layout: machine-readable table, one row per"
            + " experiment plus the quoted published rows (default ${DEFAULT-VALUE}).")
    Path csv;

    @Option(names = "--pairs-csv", defaultValue = "results/comparison_ds1_ds2_pairs.csv", description = "beats layout: paired record-level"
            + " bootstrap differences of every pair of architectures (default ${DEFAULT-VALUE}).")
    Path pairsCsv;

    @Option(names = "--figures", defaultValue = "results/comparison_ds1_ds2_figures", description = "beats layout: folder of the PNG figures"
            + " (forest plot of differences, confusion heatmaps, per-record F1) (default ${DEFAULT-VALUE}).")
    Path figures;

    @Option(names = "--resamples", defaultValue = "2000", description = "beats layout: paired bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--bootstrap-seed", defaultValue = "7", description = "beats layout: seed of the paired bootstrap (default ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Option(names = "--no-pairs", description = "beats layout: only the table (no paired bootstrap, no figures).")
    boolean noPairs;

    /**
     * Published MIT-BIH DS1 -> DS2 (AAMI) figures, quoted from the papers for comparison; not our results. Keys: metric names
     * of {@code metrics.csv}.
     */
    static final Map<String, Map<String, Double>> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("de Chazal et al. 2004 (weighted LDA, RR + morphology, 2 leads)",
                Map.of("accuracy", 0.862, "recall_S", 0.76, "precision_S", 0.38, "recall_V", 0.77, "precision_V", 0.82));
        PUBLISHED.put("Saenz-Cogollo & Agelli 2020 (random forest, 6 features, LOPO CV on DS1)",
                Map.of("accuracy", 0.961, "f1_S", 0.731, "f1_V", 0.909));
        PUBLISHED.put("Niu et al. 2020 (symbolic + multi-perspective CNN)", Map.of("accuracy", 0.964, "f1_S", 0.766, "f1_V", 0.897));
    }

    /** Columns of the CSV that carry a record-level CI. */
    static final List<String> CSV_METRICS = List.of("accuracy", "macro_f1", "recall_S", "precision_S", "f1_S", "recall_V", "precision_V", "f1_V", "f1_F",
            "cv_macro_f1");

    @Override
    public Integer call() throws Exception {
        if (layout.equals("quant")) return quant();
        if (!layout.equals("beats")) throw new IllegalArgumentException("--layout must be beats or quant, got '" + layout + "'");
        Path root = DataPaths.projectRoot();
        StringBuilder sb = new StringBuilder("# Beat models under the shared inter-patient protocol (MIT-BIH DS1 -> DS2)\n\n");
        sb.append("Recomputed by `ecgbench compare` from each run's `metrics.csv` and `summary.json` (no retraining). Cells: test value"
                + " [record-level bootstrap CI]. Se = recall (sensitivity), +P = precision. Each run's provenance is in its folder."
                + " *rhythm*: the model sees RR-interval features (classical feature sets, or `data.rr_features: true`)."
                + " *selection*: how epochs and decisions were chosen on DS1 — `hold-out` (4 validation records), or `CVk` (patient-wise k-fold"
                + " cross-validation on all 22 DS1 records, test predicted by the fold ensemble) followed by its out-of-fold macro F1"
                + " (`cv_macro_f1` in the CSV, with its record-level CI).\n\n");
        sb.append("| experiment | model | rhythm | selection | macro F1 | accuracy | Se S | +P S | Se V | +P V | params | KB (f32) | MFLOPs | train s | epochs (best) | commit |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder csvOut = new StringBuilder("experiment,source,model,kind,rhythm_context,seed,n_windows");
        for (String k : CSV_METRICS) csvOut.append(',').append(k).append(',').append(k).append("_ci_low,").append(k).append("_ci_high");
        csvOut.append(",params,commit\n");
        Map<String, List<double[]>> bySeed = new LinkedHashMap<>();
        Map<String, org.ecgbench.experiments.report.PairwiseComparison.Architecture> archs = new LinkedHashMap<>();
        java.util.Set<String> windows = new java.util.TreeSet<>();
        String leftOut = null;
        for (Path d0 : dirs) {
            Path d = d0.isAbsolute() ? d0 : root.resolve(d0);
            Map<String, String[]> m = testMetrics(d);
            JsonNode summary = Json.readObject(d.resolve("summary.json"));
            JsonNode prov = Json.readObject(d.resolve("provenance.json"));
            boolean classical = json(summary, "kind").equals("classical");
            // majority ignores its feature rows: no rhythm context whatever its feature set
            String rhythm = json(summary, "rhythm_context").equals("true") && !json(summary, "model").equals("majority") ? "yes" : "no";
            String epochs = classical ? "–" : json(summary, "epochs_run") + " (" + json(summary, "best_epoch") + ")";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", d.getFileName(),
                    json(summary, "model") + (classical ? " (" + json(summary, "feature_set") + ")" : ""), rhythm, selection(prov, m, classical), cell(m, "macro_f1"), cell(m, "accuracy"),
                    cell(m, "recall_S"), cell(m, "precision_S"), cell(m, "recall_V"), cell(m, "precision_V"), classical ? "–" : json(summary, "params"),
                    classical ? "–" : fmt(json(summary, "weight_kb_f32"), 1), classical ? "–" : fmt(json(summary, "flops_per_window"), 1e-6),
                    fmt(json(summary, "train_seconds"), 1), epochs, json(prov, "git_commit").substring(0, 7)));
            String[] n = m.get("n_windows");
            if (n != null) windows.add(n[0]);
            if (leftOut == null && summary.findValue("test_q_beats_excluded") != null) {
                int edge = 0;
                for (JsonNode v : summary.findValue("test_dropped_window_fit")) edge += v.asInt();
                leftOut = String.format(Locale.ROOT, "%d Q beats (outside N/S/V/F) and %d edge beats (window does not fit) of DS2 are left out of every row",
                        summary.findValue("test_q_beats_excluded").asInt(), edge);
            }
            csvOut.append(csvRow(d.getFileName().toString(), "this repository", json(summary, "model"), classical ? "classical" : "deep", rhythm,
                    json(prov, "train_seed"), n == null ? "" : n[0], m, classical ? "" : json(summary, "params"), json(prov, "git_commit")));
            if (!archived(d)) addRun(archs, d, classical, rhythm.equals("yes"));
            if (m.containsKey("macro_f1") && m.containsKey("accuracy")) {
                String group = d.getFileName().toString().replaceFirst("_seed\\d+$", "");
                bySeed.computeIfAbsent(group, k -> new ArrayList<>()).add(new double[] {Double.parseDouble(m.get("macro_f1")[0]),
                        Double.parseDouble(m.get("accuracy")[0])});
            }
        }
        sb.append(seedSummary(bySeed));
        if (!noPairs && archs.size() >= 2) sb.append(pairs(root, new ArrayList<>(archs.values())));
        sb.append(published());
        if (!windows.isEmpty()) {
            sb.append("\nTest windows per row: ").append(String.join(", ", windows)).append(windows.size() == 1 ? " (the same DS2 beats in every row)" : "")
                    .append(leftOut == null ? "" : "; " + leftOut).append(".\n");
        }
        StringBuilder cmd = new StringBuilder("ecgbench compare");
        for (Path d : dirs) cmd.append(' ').append(d.isAbsolute() ? DataPaths.display(d) : d.toString());
        if (noPairs) cmd.append(" --no-pairs");
        else if (resamples != 2000 || bootstrapSeed != 7) cmd.append(" --resamples ").append(resamples).append(" --bootstrap-seed ").append(bootstrapSeed);
        sb.append("\nRegenerate: `").append(cmd).append("`\n");
        for (Map.Entry<String, Map<String, Double>> e : PUBLISHED.entrySet()) {
            Map<String, String[]> m = new LinkedHashMap<>();
            e.getValue().forEach((k, v) -> m.put(k, new String[] {String.format(Locale.ROOT, "%.3f", v), "", ""}));
            csvOut.append(csvRow("published", "quoted: " + e.getKey(), "", "published", "yes", "", "", m, "", ""));
        }
        Path out = output.isAbsolute() ? output : root.resolve(output);
        AtomicFiles.writeString(out, sb.toString());
        Path c = csv.isAbsolute() ? csv : root.resolve(csv);
        AtomicFiles.writeString(c, csvOut.toString());
        System.out.print(sb);
        return 0;
    }

    /** Runs under {@code results/archive/} are rows of the table but not part of the paired comparison. */
    static boolean archived(Path d) {
        Path parent = d.normalize().getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("archive");
    }

    /** Adds a run to its architecture: folders {@code <experiment>_seedNN} are seeds of {@code <experiment>}. */
    static void addRun(Map<String, org.ecgbench.experiments.report.PairwiseComparison.Architecture> archs, Path d, boolean baseline, boolean rhythm) {
        String name = d.getFileName().toString().replaceFirst("_seed\\d+$", "");
        var a = archs.get(name);
        List<Path> runs = new ArrayList<>(a == null ? List.of() : a.runs());
        runs.add(d);
        if (a != null && (a.baseline() != baseline || a.rhythm() != rhythm)) {
            throw new IllegalArgumentException(d + " is a seed of " + name + " but differs from its other runs in kind or rhythm context");
        }
        archs.put(name, new org.ecgbench.experiments.report.PairwiseComparison.Architecture(name, List.copyOf(runs), baseline, rhythm));
    }

    /** The paired record-level bootstrap section, its CSV and the figures. */
    private String pairs(Path root, List<org.ecgbench.experiments.report.PairwiseComparison.Architecture> archs) throws java.io.IOException {
        long t0 = System.currentTimeMillis();
        var pc = org.ecgbench.experiments.report.PairwiseComparison.run(archs, resamples, bootstrapSeed, 0.95);
        Path pcsv = pairsCsv.isAbsolute() ? pairsCsv : root.resolve(pairsCsv);
        AtomicFiles.writeString(pcsv, pc.csv());
        Path fig = figures.isAbsolute() ? figures : root.resolve(figures);
        org.ecgbench.experiments.report.ComparisonFigures.writeAll(pc, fig);
        org.ecgbench.pipeline.io.Provenance prov = org.ecgbench.pipeline.io.Provenance.collect(DataPaths.projectRoot());
        prov.put("command", "ecgbench compare (beats layout); the row folders and their commits are listed in " + DataPaths.display(
                output.isAbsolute() ? output : root.resolve(output)));
        prov.put("architectures", archs.size());
        prov.put("paired_bootstrap_resamples", resamples);
        prov.put("bootstrap_seed", bootstrapSeed);
        prov.put("pairs_csv", DataPaths.display(pcsv));
        prov.write(fig.resolve("provenance.json"));
        System.err.printf(Locale.ROOT, "paired bootstrap: %d architectures, %d comparisons, %d resamples in %.1f s; wrote %s and %s/%n", archs.size(),
                pc.pairs().size(), resamples, (System.currentTimeMillis() - t0) / 1000.0, DataPaths.display(pcsv), DataPaths.display(fig));
        return pc.markdown(DataPaths.display(pcsv), DataPaths.display(fig));
    }

    /** Test rows of a result folder's {@code metrics.csv}: metric → {value, record CI low, high}; "n_windows" → {count}. */
    /** How a run chose its epochs and decisions on DS1 (see the table's legend). */
    static String selection(JsonNode prov, Map<String, String[]> m, boolean classical) {
        if (classical) return "classical";
        JsonNode folds = prov.findValue("cv_folds");
        if (folds == null) return "hold-out";
        String[] cv = m.get("cv_macro_f1");
        return "CV" + folds.size() + (cv == null ? "" : " " + String.format(Locale.ROOT, "%.3f", Double.parseDouble(cv[0])));
    }

    static Map<String, String[]> testMetrics(Path d) throws java.io.IOException {
        requireResultFolder(d, "metrics.csv", "summary.json", "provenance.json");
        Map<String, String[]> m = new LinkedHashMap<>();
        try (var r = Files.newBufferedReader(d.resolve("metrics.csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                if (rec.get("split").equals("test")) {
                    m.put(rec.get("metric"), new String[] {rec.get("value"), rec.get("record_ci_low"), rec.get("record_ci_high")});
                    m.putIfAbsent("n_windows", new String[] {rec.get("n_windows")});
                } else if (rec.get("split").equals("cv") && rec.get("metric").equals("macro_f1")) { // cross-validated runs: out-of-fold
                    m.put("cv_macro_f1", new String[] {rec.get("value"), rec.get("record_ci_low"), rec.get("record_ci_high")});
                }
            }
        }
        return m;
    }

    static String csvRow(String experiment, String source, String model, String kind, String rhythm, String seed, String n, Map<String, String[]> m,
                         String params, String commit) {
        StringBuilder sb = new StringBuilder();
        sb.append(csvField(experiment)).append(',').append(csvField(source)).append(',').append(model).append(',').append(kind).append(',')
                .append(rhythm).append(',').append(seed.equals("n/a") ? "" : seed).append(',').append(n);
        for (String k : CSV_METRICS) {
            String[] v = m.get(k);
            sb.append(',').append(v == null ? "" : v[0]).append(',').append(v == null ? "" : v[1]).append(',').append(v == null ? "" : v[2]);
        }
        return sb.append(',').append(params.equals("n/a") ? "" : params).append(',').append(commit.equals("n/a") ? "" : commit).append('\n').toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The published rows, quoted from the papers (not recomputed, no CIs). */
    static String published() {
        StringBuilder sb = new StringBuilder("\n### Published DS1 -> DS2 figures (quoted from the papers, not our results)\n\n");
        sb.append("| publication | accuracy | Se S | +P S | F1 S | Se V | +P V | F1 V |\n|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Double>> e : PUBLISHED.entrySet()) {
            sb.append("| ").append(e.getKey());
            for (String k : List.of("accuracy", "recall_S", "precision_S", "f1_S", "recall_V", "precision_V", "f1_V")) {
                Double v = e.getValue().get(k);
                sb.append(" | ").append(v == null ? "–" : String.format(Locale.ROOT, "%.3f", v));
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    /**
     * qHuBERT Table 2 layout from quantization result folders: per folder, the Full-Precision and LAQ rows of its
     * {@code table2.csv} (or {@code table1.csv}) with record-level CIs and compression ratios, the dataset, label
     * protocol and leads of its spec (named in its provenance), then each distinct paper table of those specs.
     */
    private Integer quant() throws Exception {
        Path root = DataPaths.projectRoot();
        StringBuilder sb = new StringBuilder("# Quantized models in the qHuBERT Table 2 layout\n\n");
        sb.append("Recomputed by `ecgbench compare --layout quant` from each quantization run's table (no re-evaluation). Acc, macro Prec /"
                + " Rec / F1 on the test split [record-level bootstrap CI for Acc and F1]; CR = compression ratio of the packed model."
                + " LAQ bit-widths were chosen on each run's validation split. Each run's provenance is in its folder.\n\n");
        sb.append("| experiment | dataset (protocol) | leads | model | method | Acc | Prec | Rec | F1 | CR | smoke | commit |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, org.ecgbench.pipeline.spec.ExperimentSpec> papers = new LinkedHashMap<>();
        for (Path d0 : dirs) {
            Path d = d0.isAbsolute() ? d0 : root.resolve(d0);
            Path csv = Files.exists(d.resolve("table2.csv")) ? d.resolve("table2.csv") : d.resolve("table1.csv");
            if (!Files.exists(csv)) throw new IllegalArgumentException(d + " has no table2.csv or table1.csv (not a task: quantize result folder)");
            requireResultFolder(d, "provenance.json");
            JsonNode prov = Json.readObject(d.resolve("provenance.json"));
            String specFile = json(prov, "spec_file");
            org.ecgbench.pipeline.spec.ExperimentSpec spec = org.ecgbench.pipeline.spec.ExperimentSpec.load(root.resolve(specFile));
            if (!spec.paper.table.isEmpty()) papers.putIfAbsent(spec.paper.name, spec);
            String dataset = spec.data.dataset + (spec.data.records != null ? " (" + spec.data.records.labelProtocol + ")" : " (" + spec.data.labels + ")");
            String leads = spec.data.leadsGiven || spec.data.records == null ? String.join(" ", spec.data.leads) : "12";
            try (var r = Files.newBufferedReader(csv)) {
                for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                    String method = rec.get("method");
                    if (!method.equals("Full-Precision") && !method.equals("LAQ")) continue;
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3f | %.3f | %s | %.2fx | %s | %s |%n", d.getFileName(), dataset,
                            leads, spec.model.name, method, ci(rec, "accuracy", "acc_ci_low", "acc_ci_high"),
                            Double.parseDouble(rec.get("macro_precision")), Double.parseDouble(rec.get("macro_recall")),
                            ci(rec, "macro_f1", "f1_ci_low", "f1_ci_high"), Double.parseDouble(rec.get("cr_computed")),
                            spec.smoke ? "**SMOKE**" : "", json(prov, "git_commit").substring(0, 7)));
                }
            }
        }
        for (org.ecgbench.pipeline.spec.ExperimentSpec spec : papers.values()) {
            sb.append("\n### ").append(spec.paper.name).append(" — quoted for comparison, not our results\n\n");
            if (!spec.paper.protocol.isBlank()) sb.append(spec.paper.protocol).append("\n\n");
            sb.append("| method | Acc | Prec | Rec | F1 | CR |\n|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<String, Double>> e : spec.paper.table.entrySet()) {
                Map<String, Double> m = e.getValue();
                sb.append("| ").append(e.getKey());
                for (String k : List.of("accuracy", "precision", "recall", "f1")) {
                    sb.append(" | ").append(m.containsKey(k) ? String.format(Locale.ROOT, "%.4f", m.get(k)) : "–");
                }
                sb.append(" | ").append(m.containsKey("cr") ? String.format(Locale.ROOT, "%.2fx", m.get("cr")) : "–").append(" |\n");
            }
        }
        if (sb.indexOf("**SMOKE**") >= 0) {
            sb.insert(sb.indexOf("\n\n") + 2, "> Rows marked **SMOKE** come from smoke runs (reduced data and epochs): pipeline checks, not results.\n\n");
        }
        Path out = output.isAbsolute() ? output : root.resolve(output);
        AtomicFiles.writeString(out, sb.toString());
        System.out.print(sb);
        return 0;
    }

    private static String ci(CSVRecord rec, String v, String lo, String hi) {
        String s = String.format(Locale.ROOT, "%.3f", Double.parseDouble(rec.get(v)));
        String l = rec.get(lo), h = rec.get(hi);
        if (!l.isEmpty() && !l.equals("NaN")) s += String.format(Locale.ROOT, " [%.3f–%.3f]", Double.parseDouble(l), Double.parseDouble(h));
        return s;
    }

    /**
     * Experiments that differ only by a {@code _seedNN} suffix are replicates with another training seed: their
     * spread (mean, sample SD, min-max of the test point estimates) says how much of a gap between models is noise.
     */
    static String seedSummary(Map<String, List<double[]>> bySeed) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<double[]>> e : bySeed.entrySet()) {
            List<double[]> v = e.getValue();
            if (v.size() < 2) continue;
            if (sb.length() == 0) {
                sb.append("\n### Across training seeds\n\nRuns that differ only in `training.seed` (folders `<experiment>_seedNN`): mean, sample SD and"
                        + " range of the test point estimates. A difference between models smaller than these spreads is not evidence.\n\n"
                        + "| experiment | seeds | macro F1 mean ± SD (min–max) | accuracy mean ± SD (min–max) |\n|---|---|---|---|\n");
            }
            sb.append("| ").append(e.getKey()).append(" | ").append(v.size()).append(" | ").append(spread(v, 0)).append(" | ").append(spread(v, 1)).append(" |\n");
        }
        return sb.toString();
    }

    private static String spread(List<double[]> v, int k) {
        double mean = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] x : v) {
            mean += x[k] / v.size();
            min = Math.min(min, x[k]);
            max = Math.max(max, x[k]);
        }
        double ss = 0;
        for (double[] x : v) ss += (x[k] - mean) * (x[k] - mean);
        return String.format(Locale.ROOT, "%.3f ± %.3f (%.3f–%.3f)", mean, Math.sqrt(ss / (v.size() - 1)), min, max);
    }

    static String cell(Map<String, String[]> m, String k) {
        String[] v = m.get(k);
        if (v == null || v[0].isEmpty()) return "n/a";
        String s = String.format(Locale.ROOT, "%.3f", Double.parseDouble(v[0]));
        if (!v[1].isEmpty()) s += String.format(Locale.ROOT, " [%.3f–%.3f]", Double.parseDouble(v[1]), Double.parseDouble(v[2]));
        return s;
    }

    /** The first value named {@code key} anywhere in the JSON tree (depth first), as text; "n/a" when absent. */
    static String json(JsonNode n, String key) {
        JsonNode v = n.findValue(key);
        return v == null || v.isNull() ? "n/a" : v.asText();
    }

    /** A clear error for a folder that does not exist or holds an unfinished run. */
    static void requireResultFolder(Path d, String... files) {
        if (!Files.isDirectory(d)) throw new IllegalArgumentException("no result folder " + d);
        for (String f : files) {
            if (!Files.isRegularFile(d.resolve(f))) {
                throw new IllegalArgumentException(d + " has no " + f + ": not a finished run of the expected kind (rerun its spec)");
            }
        }
    }

    static String fmt(String v, double scale) {
        try {
            double d = Double.parseDouble(v) * scale;
            return String.format(Locale.ROOT, scale == 1 ? "%.1f" : "%.2f", d);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
