package org.ecgbench.experiments.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.pipeline.io.AtomicFiles;

/** Writes the figures and tables of one explain run (the markdown report is assembled by the task). */
public final class ExplainReport {
    private ExplainReport() {}

    /** Methods whose maps are non-negative (drawn white–red); the others are signed (blue–white–red). */
    static boolean signed(String method) {
        return !method.startsWith("grad_cam");
    }

    /** Per-example PNGs: one per example (a row per method) for one lead, one per example and method (a lead grid) otherwise. */
    public static List<String> examples(Path out, Explainer.Result r, String[] classNames, String[] leadNames, double fs, String title)
            throws IOException {
        Path dir = out.resolve("examples");
        Files.createDirectories(dir);
        List<String> files = new ArrayList<>();
        int[] seen = new int[classNames.length];
        for (Explainer.Window w : r.windows()) {
            if (seen[w.trueClass()]++ >= r.examplesPerClass()) continue;
            String base = String.format(Locale.ROOT, "%s_%d_rec%s_%d", classNames[w.trueClass()], seen[w.trueClass()], w.record(), w.sample());
            String head = String.format(Locale.ROOT, "%s — record %s sample %d: true %s, predicted %s (p = %.3f)%s", title, w.record(), w.sample(),
                    classNames[w.trueClass()], classNames[w.predicted()], w.probability(), w.correct() ? "" : " MISCLASSIFIED");
            if (w.input().length == 1) {
                List<ExplainPlots.Panel> panels = new ArrayList<>();
                for (Map.Entry<String, double[][]> m : w.maps().entrySet()) {
                    panels.add(new ExplainPlots.Panel(m.getKey(), w.input()[0], m.getValue()[0], signed(m.getKey())));
                }
                ExplainPlots.grid(dir.resolve(base + ".png"), head, panels, 1, fs);
                files.add("examples/" + base + ".png");
                continue;
            }
            for (Map.Entry<String, double[][]> m : w.maps().entrySet()) {
                List<ExplainPlots.Panel> panels = new ArrayList<>();
                for (int l = 0; l < w.input().length; l++) {
                    panels.add(new ExplainPlots.Panel(leadNames[l], w.input()[l], m.getValue()[l], signed(m.getKey())));
                }
                ExplainPlots.grid(dir.resolve(base + "_" + m.getKey() + ".png"), head + " — " + m.getKey(), panels, 2, fs);
                files.add("examples/" + base + "_" + m.getKey() + ".png");
            }
        }
        return files;
    }

    /** One row per explained window: where it is from, the prediction, and the per-method checks (IG gap, SHAP base). */
    public static void windowsCsv(Path file, Explainer.Result r, String[] classNames) throws IOException {
        StringBuilder sb = new StringBuilder("index,record,sample,true_class,predicted,probability,correct,example,method,map_sum,map_l1,notes\n");
        int[] seen = new int[classNames.length];
        for (Explainer.Window w : r.windows()) {
            boolean example = seen[w.trueClass()]++ < r.examplesPerClass();
            for (Map.Entry<String, double[][]> m : w.maps().entrySet()) {
                double sum = 0, l1 = 0;
                for (double[] row : m.getValue()) for (double v : row) { sum += v; l1 += Math.abs(v); }
                StringBuilder notes = new StringBuilder();
                for (Map.Entry<String, Double> n : w.notes().entrySet()) {
                    if (n.getKey().startsWith(m.getKey().equals("integrated_gradients") ? "ig_" : m.getKey().equals("kernel_shap") ? "shap_" : "-")) {
                        notes.append(notes.length() == 0 ? "" : ";").append(n.getKey()).append('=').append(String.format(Locale.ROOT, "%.6g", n.getValue()));
                    }
                }
                sb.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%.6f,%s,%s,%s,%.6g,%.6g,%s%n", w.index(), w.record(), w.sample(),
                        classNames[w.trueClass()], classNames[w.predicted()], w.probability(), w.correct(), example, m.getKey(), sum, l1, notes));
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Class-average curves: CSV ({@code method,class,lead,sample,mean_input,mean_attribution}; multi-lead inputs are
     * summed over leads, lead "all"; inputs over 1,000 samples averaged in bins, {@code sample} = the bin's first) and
     * one PNG per method with a panel per class.
     */
    public static void classMeans(Path out, Explainer.Result r, String[] classNames, double fs, String title) throws IOException {
        StringBuilder sb = new StringBuilder("method,class,lead,sample,mean_input,mean_attribution\n");
        for (Map.Entry<String, double[][][]> m : r.classMeans().entrySet()) {
            List<ExplainPlots.Panel> panels = new ArrayList<>();
            for (int c = 0; c < classNames.length; c++) {
                if (r.averaged()[c] == 0) continue;
                double[] in = leadSum(r.classMeanInput()[c], false), attr = leadSum(m.getValue()[c], true);
                String lead = r.classMeanInput()[c].length == 1 ? "0" : "all";
                int bin = (in.length + 999) / 1000; // long records: means over bins of this many samples, at most 1,000 rows
                for (int q = 0; q < in.length; q += bin) {
                    double si = 0, sa = 0;
                    int e = Math.min(in.length, q + bin);
                    for (int u = q; u < e; u++) { si += in[u]; sa += attr[u]; }
                    sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.5g,%.5g%n", m.getKey(), classNames[c], lead, q, si / (e - q), sa / (e - q)));
                }
                panels.add(new ExplainPlots.Panel(String.format(Locale.ROOT, "%s: mean of %d windows (L1-normalised maps)", classNames[c],
                        r.averaged()[c]), in, attr, signed(m.getKey())));
            }
            ExplainPlots.grid(out.resolve("class_mean_" + m.getKey() + ".png"), title + " — class-average " + m.getKey(), panels, 1, fs);
        }
        AtomicFiles.writeString(out.resolve("class_mean_attributions.csv"), sb.toString());
    }

    /** Lead 0 for one lead; the sum over leads otherwise (the input's mean over leads). */
    private static double[] leadSum(double[][] a, boolean sum) {
        if (a.length == 1) return a[0].clone();
        double[] out = new double[a[0].length];
        for (double[] row : a) for (int q = 0; q < out.length; q++) out[q] += sum ? row[q] : row[q] / a.length;
        return out;
    }
}
