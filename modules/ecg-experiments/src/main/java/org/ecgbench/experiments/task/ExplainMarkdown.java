package org.ecgbench.experiments.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.experiments.explain.Explainer;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.windows.LabeledWindows;

/** The report.md of a {@code task: explain} run. */
final class ExplainMarkdown {
    private ExplainMarkdown() {}

    static String report(RunContext ctx, ExplainTask.Prepared p, Explainer.Result r, LabeledWindows data, List<String> figures, String filters) {
        ExperimentSpec spec = ctx.spec();
        ExperimentSpec.Explain x = spec.explain;
        StringBuilder sb = new StringBuilder("# " + spec.experiment + " — explanations\n\n");
        if (spec.smoke || p.train.smoke) sb.append("> **SMOKE** — the explained model is a smoke-run model: a pipeline check, not a result.\n\n");
        if (!spec.description.isBlank()) sb.append(spec.description.strip()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Model `%s` (`%s`, %,d parameters) trained by `%s`; explained on its **%s** split (%d records, %d windows;"
                        + " model accuracy on them %.3f). Explanations are descriptive only: **nothing computed here influences any model, threshold or"
                        + " choice**; the test split is read here after every choice of the training run was made.%n%n",
                p.train.model.name, x.source, p.net.numParams(), ctx.rel(p.trainSpecFile), x.split, p.explainRecords.size(), data.size(), r.accuracy()));
        if (!p.trainSpecNote.isEmpty()) sb.append("**Warning**: ").append(p.trainSpecNote).append(".\n\n");
        sb.append(settings(p, x));
        sb.append(selection(r, data.classNames));
        sb.append(checks(r));
        sb.append("## Figures\n\nPer example (trace in black; the band under it and the faint shading behind it are the attribution;"
                + " signed maps blue < 0 < red, Grad-CAM maps white → red):\n\n");
        for (String f : figures) sb.append("- [`").append(f).append("`](").append(f).append(")\n");
        sb.append("\nClass averages (`class_mean_attributions.csv`; each window's map divided by its L1 norm before averaging):\n\n");
        for (String m : r.classMeans().keySet()) sb.append("- [`class_mean_").append(m).append(".png`](class_mean_").append(m).append(".png)\n");
        sb.append("\nEvery explained window and its per-method sums: `explained_windows.csv`.\n\n");
        if (!filters.isEmpty()) sb.append("## ECGencode filters\n\n").append(filters);
        sb.append("## Provenance\n\n").append(ctx.provenance().toMarkdown());
        return sb.toString();
    }

    private static String settings(ExplainTask.Prepared p, ExperimentSpec.Explain x) {
        Explainer.Settings s = p.settings;
        StringBuilder sb = new StringBuilder("## Settings\n\n");
        sb.append("- explained score: the **").append(x.target).append("** of the predicted class\n");
        sb.append("- methods: ").append(String.join(", ", s.methods())).append('\n');
        if (s.methods().stream().anyMatch(m -> m.startsWith("grad_cam"))) {
            sb.append("- Grad-CAM layer: `").append(s.layer()).append("`").append(x.layer.equals("auto") ? " (auto: last vertex with a time axis)" : "")
                    .append("; maps averaged over the layer's non-time axis, ReLU, linearly upsampled to the input length\n");
        }
        if (s.methods().contains("smoothgrad")) {
            sb.append(String.format(Locale.ROOT, "- SmoothGrad: %d samples, noise σ = %.2f × (max − min) of the window%n", s.smoothSamples(), s.smoothNoise()));
        }
        if (s.methods().contains("integrated_gradients")) {
            sb.append(String.format(Locale.ROOT, "- Integrated Gradients: %d trapezoid steps, baseline %s%n", s.igSteps(), s.igBaseline()));
        }
        if (s.methods().contains("kernel_shap") || s.igBaseline().equals("background_mean")) {
            sb.append(String.format(Locale.ROOT, "- background set: %d windows drawn at random (seed %d) from the training split `%s`%n",
                    p.background.length, x.seed, p.train.split.train == null ? "fold 0" : p.train.split.train));
        }
        if (s.methods().contains("kernel_shap")) {
            sb.append(String.format(Locale.ROOT, "- Kernel SHAP: %d equal time segments per lead (%d features), %d coalitions in complementary pairs"
                    + " (Shapley-kernel sizes), value = mean score over the background set%n", s.shapSegments(), s.shapSegments() * p.leadNames.length,
                    s.shapSamples() + (s.shapSamples() % 2)));
        }
        sb.append("- batch norms folded to their inference affine maps for differentiation: ").append(p.graph.foldedBatchNorms().size())
                .append(" (the rebuilt graph reproduced the trained model's probabilities within 1e-4 on 8 training windows)\n\n");
        return sb.toString();
    }

    private static String selection(Explainer.Result r, String[] classes) {
        StringBuilder sb = new StringBuilder("## Windows\n\n");
        MarkdownTable t = new MarkdownTable().header("class", "correctly classified available", "explained (averaged)", "drawn as examples");
        for (int c = 0; c < classes.length; c++) {
            t.row(classes[c], r.correctAvailable()[c], r.averaged()[c]
                    + (r.correctAvailable()[c] == 0 && r.averaged()[c] > 0 ? " (misclassified: none correct)" : ""),
                    Math.min(r.averaged()[c], r.examplesPerClass()));
        }
        sb.append(t);
        sb.append("\nSeconds per method (all explained windows): ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : r.secondsPerMethod().entrySet()) parts.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()));
        return sb.append(String.join(", ", parts)).append(".\n\n").toString();
    }

    private static String checks(Explainer.Result r) {
        List<Double> gaps = new ArrayList<>();
        for (Explainer.Window w : r.windows()) if (w.notes().containsKey("ig_relative_gap")) gaps.add(w.notes().get("ig_relative_gap"));
        if (gaps.isEmpty()) return "";
        double[] g = gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "Integrated Gradients completeness on these windows (|Σa − (f(x) − f(x₀))| / |f(x) − f(x₀)|): median %.4f,"
                + " max %.4f over %d windows (float32 model; the unit test checks < 1 %% in float64).%n%n", g[g.length / 2], g[g.length - 1], g.length)
                + (Arrays.stream(g).anyMatch(v -> v > 0.05) ? "Some windows exceed 5 %: more `ig.steps` would tighten the integral.\n\n" : "");
    }
}
