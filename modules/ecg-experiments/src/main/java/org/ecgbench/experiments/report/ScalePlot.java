package org.ecgbench.experiments.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The scale figure of {@code ecgbench bench --scale} (one PNG, three panels): epoch time against the number of windows,
 * seconds per 1,000 windows against the input length, and peak memory (RSS growth, Java heap, ND4J workspaces) per configuration.
 */
public final class ScalePlot {
    private ScalePlot() {}

    public static void write(Path png, List<Map<String, Object>> rows, String subtitle) throws IOException {
        int w = 560, h = 440;
        XYChart a = new XYChartBuilder().width(w).height(h).title("epoch time vs windows").xAxisTitle("windows (1 x 360)")
                .yAxisTitle("seconds per epoch").build();
        XYChart b = new XYChartBuilder().width(w).height(h).title("time vs input length").xAxisTitle("values per window (leads x samples)")
                .yAxisTitle("seconds per 1,000 windows").build();
        CategoryChart c = new CategoryChartBuilder().width(w).height(h).title("peak memory per configuration").xAxisTitle("configuration")
                .yAxisTitle("MB").build();
        for (XYChart x : List.of(a, b)) {
            x.getStyler().setXAxisLogarithmic(true);
            x.getStyler().setYAxisLogarithmic(true);
            x.getStyler().setChartBackgroundColor(Color.WHITE);
        }
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Map<String, Object>> win = rows.stream().filter(r -> "windows".equals(r.get("axis"))).toList();
        List<Map<String, Object>> len = rows.stream().filter(r -> "length".equals(r.get("axis"))).toList();
        if (!win.isEmpty()) {
            a.addSeries(String.valueOf(win.get(0).get("model")), col(win, "windows"), col(win, "epoch_seconds")).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!len.isEmpty()) {
            double[] x = new double[len.size()], y = new double[len.size()];
            for (int i = 0; i < len.size(); i++) {
                Map<String, Object> r = len.get(i);
                x[i] = ((Number) r.get("leads")).doubleValue() * ((Number) r.get("samples")).doubleValue();
                y[i] = 1000 * ((Number) r.get("epoch_seconds")).doubleValue() / ((Number) r.get("windows")).doubleValue();
            }
            b.addSeries(String.valueOf(len.get(0).get("model")), x, y).setMarker(SeriesMarkers.SQUARE);
        }
        List<String> names = rows.stream().map(r -> r.get("model") + " " + r.get("leads") + "x" + r.get("samples") + " n=" + r.get("windows")).toList();
        if (!rows.isEmpty()) {
            c.addSeries("peak RSS", names, box(rows, "peak_rss_mb"));
            c.addSeries("peak RSS growth (this configuration)", names, box(rows, "peak_rss_growth_mb"));
            c.addSeries("peak Java heap used", names, box(rows, "peak_heap_mb"));
            c.addSeries("ND4J workspaces (off-heap)", names, box(rows, "peak_workspaces_mb"));
            c.getStyler().setXAxisLabelRotation(60);
        }
        BufferedImage img = new BufferedImage(3 * w, h + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        a.paint(g, w, h);
        g.translate(w, 0);
        b.paint(g, w, h);
        g.translate(w, 0);
        c.paint(g, w, h);
        g.translate(-2 * w, 0);
        g.setColor(Color.DARK_GRAY);
        g.drawString(subtitle, 10, h + 20);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(png, out -> out.write(bytes.toByteArray()));
    }

    private static double[] col(List<Map<String, Object>> rows, String k) {
        return rows.stream().mapToDouble(r -> ((Number) r.get(k)).doubleValue()).toArray();
    }

    private static List<Double> box(List<Map<String, Object>> rows, String k) {
        return rows.stream().map(r -> ((Number) r.get(k)).doubleValue()).toList();
    }
}
