package org.ecgbench.experiments.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Accuracy and macro F1 against compression ratio (fixed bit-widths as a line, LAQ as a separate point), PNG. */
public final class QuantPlot {
    private QuantPlot() {}

    public static void write(Path png, String title, List<String> labels, double[] cr, double[] acc, double[] f1) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title + ": test metrics vs compression")
                .xAxisTitle("compression ratio by file size (x)").yAxisTitle("metric").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        int nFixed = 0;
        for (String l : labels) if (!l.equals("LAQ")) nFixed++;
        double[] x = new double[nFixed], a = new double[nFixed], f = new double[nFixed];
        int j = 0;
        Integer laq = null;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equals("LAQ")) {
                laq = i;
                continue;
            }
            x[j] = cr[i];
            a[j] = acc[i];
            f[j] = f1[i];
            j++;
        }
        c.addSeries("accuracy (FP, 8..1 bit)", x, a).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("macro F1 (FP, 8..1 bit)", x, f).setMarker(SeriesMarkers.SQUARE);
        if (laq != null) {
            XYSeries s1 = c.addSeries("LAQ accuracy", new double[] {cr[laq]}, new double[] {acc[laq]});
            s1.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s1.setMarker(SeriesMarkers.DIAMOND);
            XYSeries s2 = c.addSeries("LAQ macro F1", new double[] {cr[laq]}, new double[] {f1[laq]});
            s2.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s2.setMarker(SeriesMarkers.TRIANGLE_UP);
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
