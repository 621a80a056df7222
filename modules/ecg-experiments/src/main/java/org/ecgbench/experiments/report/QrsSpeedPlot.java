package org.ecgbench.experiments.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The speed figure of {@code ecgbench detect-qrs --evaluate}: detection throughput per record (million samples/s, one thread). */
public final class QrsSpeedPlot {
    private QrsSpeedPlot() {}

    /**
     * @param records record names in run order
     * @param msamplesPerS detection throughput per record (million samples per second)
     * @param realtimeFactor seconds of ECG per second of detection, per record
     */
    public static void write(Path png, List<String> records, List<Double> msamplesPerS, List<Double> realtimeFactor, String subtitle)
            throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(1100).height(480)
                .title("QRS detection speed per record (one thread; " + subtitle + ")")
                .xAxisTitle("record (in run order; the first includes JIT warm-up)").yAxisTitle("million samples / s").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setXAxisLabelRotation(90);
        c.addSeries("detection throughput, million samples of one lead per second (real time at 360 Hz = 0.00036)", records, msamplesPerS);
        double median = realtimeFactor.stream().sorted().toList().get(realtimeFactor.size() / 2);
        c.setTitle(c.getTitle() + String.format(java.util.Locale.ROOT, "; median %.0fx real time", median));
        var img = BitmapEncoder.getBufferedImage(c);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        byte[] b = bytes.toByteArray();
        AtomicFiles.writeVia(png, tmp -> java.nio.file.Files.write(tmp, b));
    }
}
