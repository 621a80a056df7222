package org.ecgbench.experiments.task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.experiments.search.SearchPlot;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.spec.ExperimentSpec;

/** The outputs of {@code task: search} besides trials.csv: the plot, the best spec, report.md and summary.json. */
final class SearchReport {
    private final RunContext ctx;
    private final SearchTask.Prepared p;
    private final SearchTask.Performed r;

    SearchReport(RunContext ctx, SearchTask.Prepared p, SearchTask.Performed r) {
        this.ctx = ctx;
        this.p = p;
        this.r = r;
    }

    void write() throws IOException {
        ExperimentSpec spec = ctx.spec();
        List<SearchTask.Trial> ok = r.trials().stream().filter(t -> !Double.isNaN(t.score())).toList();
        double[] x = new double[r.trials().size()], y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.trials().get(i).index();
            y[i] = r.trials().get(i).score();
        }
        if (x.length > 0) SearchPlot.write(ctx.output().resolve("trials.png"), spec.experiment + ": " + spec.search.method + " search",
                spec.search.metric.key(), x, y);
        SearchTask.Trial best = ok.stream().max(Comparator.comparingDouble(SearchTask.Trial::score)).orElse(null);
        String bestName = spec.experiment + "_best";
        if (best != null) writeBestSpec(best, bestName);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", spec.experiment);
        s.put("method", spec.search.method.key());
        s.put("objective", spec.search.folds + "-fold record-wise CV mean " + spec.search.metric + " on " + spec.search.records);
        s.put("trials_run", r.trials().size());
        s.put("trials_failed", r.trials().size() - ok.size());
        s.put("stop_reason", r.stopReason());
        s.put("search_seconds", r.trials().stream().mapToDouble(SearchTask.Trial::seconds).sum());
        s.put("folds", p.folds);
        if (best != null) {
            s.put("best_trial", best.index());
            s.put("best_cv_score", best.score());
            s.put("best_cv_sd", best.sd());
            s.put("best_params", best.params());
            s.put("best_spec", "best_spec.yaml (experiment " + bestName + ")");
        }
        AtomicFiles.writeString(ctx.output().resolve("summary.json"), Json.write(s));
        AtomicFiles.writeString(ctx.output().resolve("report.md"), markdown(best, s));
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
    }

    private void writeBestSpec(SearchTask.Trial best, String bestName) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Map<String, Object> v = new LinkedHashMap<>(best.params());
        v.putAll(spec.search.bestOverrides);
        String desc = "Best configuration of search " + spec.experiment + " (trial " + best.index() + ", CV " + spec.search.metric + " "
                + String.format(Locale.ROOT, "%.4f", best.score()) + " over " + spec.search.folds + " record-wise folds of " + spec.search.records
                + ")" + (spec.search.bestOverrides.isEmpty() ? "" : "; then " + spec.search.bestOverrides);
        String yaml = "# Written by task: search (" + spec.file + "); run it with `ecgbench run` like any spec.\n"
                + p.specs.yaml(v, bestName, desc, null);
        ExperimentSpec.fromYaml(yaml, "best_spec.yaml"); // it parses, or the search fails here rather than later
        AtomicFiles.writeString(ctx.output().resolve("best_spec.yaml"), yaml);
    }

    private String markdown(SearchTask.Trial best, Map<String, Object> s) {
        ExperimentSpec spec = ctx.spec();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append("\n\n").append(spec.description.strip()).append("\n\n");
        sb.append("- method: ").append(spec.search.method).append(" (Arbiter candidate generator, seed ").append(spec.search.seed).append(")\n");
        sb.append("- objective: ").append(s.get("objective")).append("; the test split (").append(spec.split.test).append(") is never read\n");
        for (int f = 0; f < p.folds.size(); f++) sb.append("  - fold ").append(f).append(": ").append(p.folds.get(f)).append('\n');
        sb.append("- budget: ").append(spec.search.trials).append(" trials, ").append(spec.search.maxMinutes).append(" min; per fold ")
                .append(spec.training.epochs).append(" epoch(s)").append(spec.training.maxBeatsPerClass != null ? ", at most "
                        + spec.training.maxBeatsPerClass + " training windows per class" : "").append('\n');
        sb.append(String.format(Locale.ROOT, "- ran %d trials (%d failed) in %.1f min; stopped: %s%n", r.trials().size(), s.get("trials_failed"),
                (Double) s.get("search_seconds") / 60, r.stopReason()));
        if (best != null) {
            sb.append(String.format(Locale.ROOT, "- best: trial %d, CV %s %.4f ± %.4f (sd over folds), %s → `best_spec.yaml`%n", best.index(),
                    spec.search.metric, best.score(), best.sd(), best.params()));
        }
        sb.append("\n![score vs trial](trials.png)\n\n## Trials (best first)\n\n| trial | CV ").append(spec.search.metric).append(" | sd | seconds |");
        for (String k : p.paths) sb.append(' ').append(k).append(" |");
        sb.append("\n|---|---|---|---|").append("---|".repeat(p.paths.size())).append('\n');
        List<SearchTask.Trial> sorted = new ArrayList<>(r.trials());
        sorted.sort(Comparator.comparingDouble((SearchTask.Trial t) -> Double.isNaN(t.score()) ? Double.NEGATIVE_INFINITY : t.score()).reversed());
        for (SearchTask.Trial t : sorted) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.0f |", t.index(), Double.isNaN(t.score()) ? t.status() : String.format(Locale.ROOT, "%.4f", t.score()),
                    Double.isNaN(t.sd()) ? "" : String.format(Locale.ROOT, "%.4f", t.sd()), t.seconds()));
            for (String k : p.paths) sb.append(' ').append(t.params().get(k)).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }
}
