package org.ecgbench.experiments.search;

import java.io.IOException;
import java.nio.file.Path;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Cross-validation score of every trial (points) and the best score so far (line), PNG. */
public final class SearchPlot {
    private SearchPlot() {}

    public static void write(Path png, String title, String metric, double[] trial, double[] score) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("trial").yAxisTitle("CV " + metric).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] best = new double[score.length];
        double b = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < score.length; i++) {
            if (!Double.isNaN(score[i])) b = Math.max(b, score[i]);
            best[i] = Double.isInfinite(b) ? Double.NaN : b;
        }
        XYSeries s = c.addSeries("trial score", trial, score);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("best so far", trial, best).setMarker(SeriesMarkers.NONE);
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
