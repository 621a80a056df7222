package org.ecgbench.experiments.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.io.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves from saved {@code train_eval} result folders (no retraining): test macro AUC with its bootstrap CI
 * against the number of training records, per (task, model), and a power law fitted to the measured points and
 * extrapolated to a larger training set. The fit is least squares of {@code log(1 - AUC) = log a - b log n} (the error
 * {@code 1 - AUC} falling as a power of the training-set size), unweighted; with three points it is a two-parameter fit
 * to three numbers, so the extrapolation is labelled as such everywhere it is written.
 */
public final class LearningCurve {
    private LearningCurve() {}

    /** One measured point: a result folder's test macro AUC with its CI and its training-record count. */
    public record Point(String task, String model, int trainRecords, double macroAuc, double ciLow, double ciHigh, String folder, boolean smoke) {}

    /** {@code 1 - AUC = a * n^(-b)}; {@code predict(n)} gives the AUC. */
    public record PowerLaw(double a, double b, int points) {
        public double predict(double n) {
            return 1 - a * Math.pow(n, -b);
        }
    }

    /** Reads a result folder: task = label protocol, model = model name, n = training records used, test macro AUC and CI. */
    public static Point read(Path folder) throws IOException {
        JsonNode summary = Json.readObject(folder.resolve("summary.json"));
        String task = summary.path("label_protocol").asText("");
        String model = summary.path("model").asText("");
        // RunFacts writes facts.train.record_count; folders written before it hold facts.train_records = "<n> records ..."
        JsonNode count = summary.path("facts").path("train").path("record_count");
        String tr = count.isNumber() ? count.asText() : summary.path("facts").path("train_records").asText("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)").matcher(tr.strip());
        if (!m.find()) throw new IllegalArgumentException(folder + "/summary.json: facts.train.record_count (or facts.train_records) '" + tr + "' is not a count");
        if (summary.path("facts").has("refit")) {
            throw new IllegalArgumentException(folder + ": the tested model was refitted on train + validation; a learning curve needs runs without training.refit");
        }
        double[] auc = null;
        try (Reader r = Files.newBufferedReader(folder.resolve("metrics.csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                if (rec.get("split").equals("test") && rec.get("metric").equals("macro_auc")) {
                    auc = new double[] {num(rec.get("value")), num(rec.get("ci_low")), num(rec.get("ci_high"))};
                }
            }
        }
        if (auc == null) throw new IllegalArgumentException(folder + "/metrics.csv has no test macro_auc row");
        return new Point(task, model, Integer.parseInt(m.group(1)), auc[0], auc[1], auc[2], folder.getFileName().toString(),
                summary.path("smoke").asBoolean(false));
    }

    private static double num(String s) {
        return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }

    /** Least-squares power law through the points (at least two distinct sizes, every AUC below 1). */
    public static PowerLaw fit(List<Point> pts) {
        int n = pts.size();
        if (n < 2 || pts.stream().mapToInt(Point::trainRecords).distinct().count() < 2) {
            throw new IllegalArgumentException("a power-law fit needs at least two different training-set sizes, got " + n + " point(s)");
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : pts) {
            if (!(p.macroAuc() < 1)) throw new IllegalArgumentException(p.folder() + ": macro AUC " + p.macroAuc() + " leaves no error to fit");
            double x = Math.log(p.trainRecords());
            double y = Math.log(1 - p.macroAuc());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        return new PowerLaw(Math.exp(intercept), -slope, n);
    }

    /** Groups points by task and model (first-seen order), each sorted by training-set size. */
    public static Map<String, List<Point>> groups(List<Point> pts) {
        Map<String, List<Point>> g = new LinkedHashMap<>();
        for (Point p : pts) g.computeIfAbsent(p.task() + " / " + p.model(), k -> new ArrayList<>()).add(p);
        g.values().forEach(l -> l.sort(Comparator.comparingInt(Point::trainRecords)));
        return g;
    }

    /**
     * Writes {@code learning_curve.csv} (task, model, train_records, macro_auc, ci_low, ci_high, kind, source; kind
     * {@code measured} or {@code extrapolated_power_law}, the latter without CI), {@code learning_curve.png} and
     * {@code learning_curve.md} into {@code out}.
     */
    public static void write(Path out, List<Point> pts, int extrapolateTo) throws IOException {
        Files.createDirectories(out);
        Map<String, List<Point>> g = groups(pts);
        Csv.Table t = new Csv.Table("task", "model", "train_records", "macro_auc", "ci_low", "ci_high", "kind", "source");
        StringBuilder md = new StringBuilder("# Learning curves: test macro AUC against training records\n\n");
        md.append("Recomputed by `ecgbench learning-curve` from each run's `metrics.csv` and `summary.json` (no retraining); every run's"
                + " provenance is in its folder. Measured: test macro AUC [bootstrap CI]. **Extrapolated** rows are a power law"
                + " `1 - AUC = a n^-b` fitted by least squares in log-space to the measured points of the same task and model and evaluated"
                + " at " + extrapolateTo + " training records: an extrapolation far outside the measured range, not a measurement.\n\n");
        md.append("| task | model | train records | macro AUC [CI] | kind | source |\n|---|---|---|---|---|---|\n");
        XYChart c = new XYChartBuilder().width(900).height(560).title("Test macro AUC vs training records (extrapolation dashed)")
                .xAxisTitle("training records (log scale)").yAxisTitle("macro AUC (fold 10)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, List<Point>> e : g.entrySet()) {
            List<Point> l = e.getValue();
            double[] x = new double[l.size()], y = new double[l.size()], err = new double[l.size()];
            for (int i = 0; i < l.size(); i++) {
                Point p = l.get(i);
                x[i] = p.trainRecords();
                y[i] = p.macroAuc();
                err[i] = Double.isNaN(p.ciHigh()) ? 0 : Math.max(p.ciHigh() - p.macroAuc(), p.macroAuc() - p.ciLow());
                t.row(p.task(), p.model(), p.trainRecords(), f(p.macroAuc()), f(p.ciLow()), f(p.ciHigh()), p.smoke() ? "measured_smoke" : "measured",
                        p.folder());
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f [%s, %s] | %s | `%s` |%n", p.task(), p.model(), p.trainRecords(),
                        p.macroAuc(), f(p.ciLow()), f(p.ciHigh()), p.smoke() ? "measured (SMOKE)" : "measured", p.folder()));
            }
            XYSeries s = c.addSeries(e.getKey() + " (measured, 95% CI)", x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (l.stream().mapToInt(Point::trainRecords).distinct().count() >= 2) {
                PowerLaw pl = fit(l);
                double at = pl.predict(extrapolateTo);
                t.row(l.get(0).task(), l.get(0).model(), extrapolateTo, f(at), "", "", "extrapolated_power_law", String.format(Locale.ROOT,
                        "fit of %d points: 1-AUC = %.4g * n^-%.4f", pl.points(), pl.a(), pl.b()));
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f (no CI) | **extrapolated** (power law, a = %.4g, b = %.4f, %d points) | |%n",
                        l.get(0).task(), l.get(0).model(), extrapolateTo, at, pl.a(), pl.b(), pl.points()));
                int k = 40;
                double lo = Math.log(l.get(0).trainRecords()), hi = Math.log(extrapolateTo);
                double[] fx = new double[k], fy = new double[k];
                for (int i = 0; i < k; i++) {
                    fx[i] = Math.exp(lo + (hi - lo) * i / (k - 1));
                    fy[i] = pl.predict(fx[i]);
                }
                XYSeries fs = c.addSeries(e.getKey() + " power-law EXTRAPOLATION", fx, fy);
                fs.setMarker(SeriesMarkers.NONE);
                fs.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        t.write(out.resolve("learning_curve.csv"));
        AtomicFiles.writeString(out.resolve("learning_curve.md"), md.toString());
        AtomicFiles.write(out.resolve("learning_curve.png"), o -> BitmapEncoder.saveBitmap(c, o, BitmapEncoder.BitmapFormat.PNG));
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
