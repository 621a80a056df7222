package org.ecgbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.runner.io.AtomicFiles;
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

    @Override
    public Integer call() throws Exception {
        Path root = DataPaths.projectRoot();
        StringBuilder sb = new StringBuilder("# Beat models under the shared inter-patient protocol (MIT-BIH DS1 -> DS2)\n\n");
        sb.append("Recomputed by `ecgbench compare` from each run's `metrics.csv` and `summary.json` (no retraining). Cells: test value"
                + " [record-level bootstrap CI]. Se = recall (sensitivity), +P = precision. Each run's provenance is in its folder.\n\n");
        sb.append("| experiment | model | macro F1 | accuracy | Se S | +P S | Se V | +P V | params | KB (f32) | MFLOPs | train s | epochs (best) | commit |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Path d0 : dirs) {
            Path d = d0.isAbsolute() ? d0 : root.resolve(d0);
            Map<String, String[]> m = new LinkedHashMap<>();
            try (var r = Files.newBufferedReader(d.resolve("metrics.csv"))) {
                for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                    if (rec.get("split").equals("test")) {
                        m.put(rec.get("metric"), new String[] {rec.get("value"), rec.get("record_ci_low"), rec.get("record_ci_high")});
                    }
                }
            }
            String summary = Files.readString(d.resolve("summary.json"));
            String prov = Files.readString(d.resolve("provenance.json"));
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", d.getFileName(),
                    json(summary, "model"), cell(m, "macro_f1"), cell(m, "accuracy"), cell(m, "recall_S"), cell(m, "precision_S"),
                    cell(m, "recall_V"), cell(m, "precision_V"), json(summary, "params"), fmt(json(summary, "weight_kb_f32"), 1),
                    fmt(json(summary, "flops_per_window"), 1e-6), fmt(json(summary, "train_seconds"), 1),
                    json(summary, "epochs_run") + " (" + json(summary, "best_epoch") + ")", json(prov, "git_commit").substring(0, 7)));
        }
        Path out = output.isAbsolute() ? output : root.resolve(output);
        AtomicFiles.writeString(out, sb.toString());
        System.out.print(sb);
        return 0;
    }

    static String cell(Map<String, String[]> m, String k) {
        String[] v = m.get(k);
        if (v == null || v[0].isEmpty()) return "n/a";
        String s = String.format(Locale.ROOT, "%.3f", Double.parseDouble(v[0]));
        if (!v[1].isEmpty()) s += String.format(Locale.ROOT, " [%.3f–%.3f]", Double.parseDouble(v[1]), Double.parseDouble(v[2]));
        return s;
    }

    static String json(String s, String key) {
        var mt = java.util.regex.Pattern.compile("\"" + key + "\": \"?([^\",\\n]*)\"?").matcher(s);
        return mt.find() ? mt.group(1) : "n/a";
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
