package org.ecgbench.experiments.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ecgbench.eval.PairedBootstrap;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG figures of {@link PairwiseComparison}: forest plot of differences, confusion heatmaps, per-record F1 (XChart). */
public final class ComparisonFigures {
    private ComparisonFigures() {}

    private static final Color[] METRIC_COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
    private static final String[] METRIC_LABELS = {"macro F1", "F1 S", "F1 V"};

    /** Writes every figure into {@code dir}; returns the files written. */
    public static List<Path> writeAll(PairwiseComparison c, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        PairwiseComparison.Architecture bb = c.bestBaseline(), bd = c.bestDeep();
        List<BufferedImage> panels = new ArrayList<>();
        if (bb != null) panels.add(forestPanel(c, bb, "baseline"));
        if (bd != null) panels.add(forestPanel(c, bd, "deep model"));
        if (!panels.isEmpty()) {
            Path f = dir.resolve("forest_differences.png");
            writeSideBySide(f, panels);
            out.add(f);
        }
        for (PairwiseComparison.Architecture a : c.architectures()) {
            Path f = dir.resolve("confusion_" + a.name() + ".png");
            confusion(f, a.name() + (a.runs().size() > 1 ? " (" + a.runs().size() + " seeds pooled)" : ""), c.classes(), c.pooledConfusion(a));
            out.add(f);
        }
        Path pr = dir.resolve("per_record_f1.png");
        perRecord(pr, c);
        out.add(pr);
        Path csv = dir.resolve("per_record_f1.csv");
        AtomicFiles.writeString(csv, c.perRecordCsv());
        out.add(csv);
        return out;
    }

    /** One forest panel: each other architecture minus {@code ref}, one row per architecture, three metrics offset vertically. */
    static BufferedImage forestPanel(PairwiseComparison c, PairwiseComparison.Architecture ref, String what) {
        List<PairwiseComparison.Architecture> others = new ArrayList<>(c.architectures());
        others.remove(ref);
        int n = others.size();
        XYChart ch = new XYChartBuilder().width(900).height(120 + 34 * n).title("A − " + ref.name() + " (best " + what + "), DS2, paired 95 % CI (thick: excludes 0)")
                .xAxisTitle("difference").yAxisTitle("").build();
        ch.getStyler().setChartBackgroundColor(Color.WHITE);
        ch.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        ch.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        ch.getStyler().setYAxisMin(-1.0);
        ch.getStyler().setYAxisMax((double) n);
        ch.getStyler().setYAxisTicksVisible(false);
        // row labels as text annotations in a band to the right of the data (XChart has no categorical y axis for XY data)
        double lo = 0, hi = 0;
        for (PairwiseComparison.Architecture o : others) {
            for (String m : PairwiseComparison.METRICS) {
                PairedBootstrap.Difference d = c.samples().difference(o.name(), ref.name(), m);
                if (!Double.isNaN(d.lower())) lo = Math.min(lo, d.lower());
                if (!Double.isNaN(d.upper())) hi = Math.max(hi, d.upper());
            }
        }
        double range = Math.max(1e-3, hi - lo);
        ch.getStyler().setXAxisMin(lo - 0.05 * range);
        ch.getStyler().setXAxisMax(hi + 0.75 * range);
        for (int i = 0; i < n; i++) ch.addAnnotation(new org.knowm.xchart.AnnotationText(label(others.get(i)), hi + 0.42 * range, n - 1 - i, false));
        XYSeries zero = ch.addSeries("0", new double[] {0, 0}, new double[] {-1.0, n});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.GRAY);
        zero.setShowInLegend(false);
        zero.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.SOLID);
        for (int m = 0; m < PairwiseComparison.METRICS.size(); m++) {
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                PairedBootstrap.Difference d = c.samples().difference(others.get(i).name(), ref.name(), PairwiseComparison.METRICS.get(m));
                double yi = n - 1 - i + 0.22 * (1 - m);
                x[i] = d.point();
                y[i] = yi;
                XYSeries ci = ch.addSeries(PairwiseComparison.METRICS.get(m) + " ci " + i, new double[] {d.lower(), d.upper()}, new double[] {yi, yi});
                ci.setMarker(SeriesMarkers.NONE);
                ci.setLineColor(METRIC_COLORS[m]);
                ci.setLineWidth(d.significant() ? 3f : 1.2f);
                ci.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.SOLID);
                ci.setShowInLegend(false);
            }
            XYSeries pts = ch.addSeries(METRIC_LABELS[m], x, y);
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.CIRCLE);
            pts.setMarkerColor(METRIC_COLORS[m]);
        }
        return BitmapEncoder.getBufferedImage(ch);
    }

    private static String label(PairwiseComparison.Architecture a) {
        String s = a.name().replaceFirst("_ds1_ds2$", "");
        return s + (a.runs().size() > 1 ? " (" + a.runs().size() + " seeds)" : "");
    }

    private static void writeSideBySide(Path f, List<BufferedImage> panels) throws IOException {
        int w = 0, h = 0;
        for (BufferedImage p : panels) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage all = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        AtomicFiles.write(f, out -> ImageIO.write(all, "png", out));
    }

    /** Heatmap of a confusion matrix; cells = % of the true class (row), title gives the counts' total. */
    static void confusion(Path f, String title, String[] classes, long[][] c) throws IOException {
        int k = classes.length;
        List<String> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (String s : classes) xs.add("pred " + s);
        for (int i = k - 1; i >= 0; i--) ys.add("true " + classes[i]);
        List<Number[]> cells = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < k; i++) {
            long row = 0;
            for (long v : c[i]) row += v;
            total += row;
            for (int j = 0; j < k; j++) {
                double pct = row == 0 ? 0 : 100.0 * c[i][j] / row;
                cells.add(new Number[] {j, k - 1 - i, Math.round(pct * 10) / 10.0});
            }
        }
        HeatMapChart ch = new HeatMapChartBuilder().width(760).height(500)
                .title(String.format(Locale.ROOT, "%s: %% of true class (%,d windows)", title, total)).build();
        ch.getStyler().setShowValue(true);
        ch.getStyler().setMin(0);
        ch.getStyler().setMax(100);
        ch.getStyler().setChartBackgroundColor(Color.WHITE);
        ch.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        ch.getStyler().setValueFontColor(new Color(0xd62728));
        ch.addSeries("confusion", xs, ys, cells);
        AtomicFiles.write(f, out -> BitmapEncoder.saveBitmap(ch, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Per-record macro F1 (mean over seeds) of the best baseline, the best deep model and the always-N baseline when present. */
    static void perRecord(Path f, PairwiseComparison c) throws IOException {
        List<String> recs = new ArrayList<>();
        long[][] sup = c.recordSupport();
        int sIdx = List.of(c.classes()).indexOf("S"), vIdx = List.of(c.classes()).indexOf("V");
        for (int r = 0; r < c.records().size(); r++) {
            recs.add(c.records().get(r) + (sIdx >= 0 && vIdx >= 0 ? " (S" + sup[r][sIdx] + " V" + sup[r][vIdx] + ")" : ""));
        }
        CategoryChart ch = new CategoryChartBuilder().width(1400).height(560).title("DS2 per-record macro F1 (classes present in the record; mean over seeds)")
                .xAxisTitle("record (S and V beats)").yAxisTitle("macro F1").build();
        ch.getStyler().setChartBackgroundColor(Color.WHITE);
        ch.getStyler().setXAxisLabelRotation(60);
        ch.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        ch.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        ch.getStyler().setYAxisMin(0.0);
        ch.getStyler().setYAxisMax(1.0);
        List<PairwiseComparison.Architecture> shown = new ArrayList<>();
        for (PairwiseComparison.Architecture a : new PairwiseComparison.Architecture[] {c.bestBaseline(), c.bestDeep()}) if (a != null) shown.add(a);
        PairwiseComparison.Architecture bestNoRhythm = null;
        for (PairwiseComparison.Architecture a : c.architectures()) {
            if (a.baseline() || a.rhythm()) continue;
            if (bestNoRhythm == null || c.samples().point(a.name(), "macro_f1") > c.samples().point(bestNoRhythm.name(), "macro_f1")) bestNoRhythm = a;
        }
        if (bestNoRhythm != null && !shown.contains(bestNoRhythm)) shown.add(bestNoRhythm);
        for (PairwiseComparison.Architecture a : shown) {
            double[] v = c.perRecordMacroF1(a);
            List<Double> ys = new ArrayList<>();
            for (double x : v) ys.add(x);
            ch.addSeries(label(a) + (a.baseline() ? " [baseline]" : a.rhythm() ? " [deep, rhythm]" : " [deep]"), recs, ys);
        }
        AtomicFiles.write(f, out -> BitmapEncoder.saveBitmap(ch, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
