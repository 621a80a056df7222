package org.ecgbench.experiments.explain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ECGencode's interpretable filters (Bontinck et al., Fig. 10): the frequency response of every temporal kernel of the
 * first convolution ({@code enc_temporal_k*}, weights {@code [filters, 1, 1, k]}), {@code |H(f)| = |Σ_n w[n] e^{−i2πfn/fs}|}
 * on 257 frequencies from 0 to fs/2, and the spatial (depthwise over leads) filters of {@code enc_spatial}
 * (weights {@code [leads, 1, channels, augmentedLeads]}) as a lead-by-filter table and heatmap.
 */
public final class FilterAnalysis {
    private FilterAnalysis() {}

    /** True when the graph has ECGencode's temporal and spatial layers. */
    public static boolean applies(ComputationGraph net) {
        return !temporalLayers(net).isEmpty() && net.getLayer("enc_spatial") != null;
    }

    static List<Layer> temporalLayers(ComputationGraph net) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : net.getLayers()) if (l.conf().getLayer().getLayerName().startsWith("enc_temporal_k")) out.add(l);
        return out;
    }

    /** Writes the CSVs and PNGs into {@code out} and returns a markdown summary (peak frequency per filter, lead table). */
    public static String write(ComputationGraph net, double fs, String[] leadNames, Path out, String title) throws IOException {
        StringBuilder csv = new StringBuilder("layer,kernel,filter,freq_hz,magnitude,magnitude_db_rel_peak\n");
        StringBuilder md = new StringBuilder("### Temporal filters: frequency responses\n\n| layer | filter | kernel | peak frequency (Hz) | −3 dB band (Hz) |\n|---|---|---|---|---|\n");
        int nf = 257;
        for (Layer l : temporalLayers(net)) {
            String name = l.conf().getLayer().getLayerName();
            INDArray w = l.getParam("W").castTo(DataType.DOUBLE);
            int filters = (int) w.size(0), k = (int) w.size(3);
            XYChart chart = new XYChartBuilder().width(640).height(360).title(title + ": " + name + " (k = " + k + ")")
                    .xAxisTitle("frequency (Hz)").yAxisTitle("|H(f)| (dB re peak)").build();
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            for (int f = 0; f < filters; f++) {
                double[] taps = new double[k];
                for (int n = 0; n < k; n++) taps[n] = w.getDouble(f, 0, 0, n);
                double[] freq = new double[nf], mag = new double[nf], db = new double[nf];
                double peak = 0;
                int peakAt = 0;
                for (int i = 0; i < nf; i++) {
                    freq[i] = fs / 2 * i / (nf - 1);
                    double re = 0, im = 0;
                    for (int n = 0; n < k; n++) {
                        double ph = -2 * Math.PI * freq[i] * n / fs;
                        re += taps[n] * Math.cos(ph);
                        im += taps[n] * Math.sin(ph);
                    }
                    mag[i] = Math.hypot(re, im);
                    if (mag[i] > peak) { peak = mag[i]; peakAt = i; }
                }
                int lo = peakAt, hi = peakAt;
                for (int i = 0; i < nf; i++) db[i] = 20 * Math.log10(Math.max(mag[i], 1e-12) / Math.max(peak, 1e-12));
                while (lo > 0 && db[lo - 1] >= -3) lo--;
                while (hi < nf - 1 && db[hi + 1] >= -3) hi++;
                for (int i = 0; i < nf; i++) csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.6g,%.3f%n", name, k, f, freq[i], mag[i], db[i]));
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f–%.1f |%n", name, f, k, freq[peakAt], freq[lo], freq[hi]));
                chart.addSeries("filter " + f, freq, db).setMarker(SeriesMarkers.NONE);
            }
            AtomicFiles.write(out.resolve("filters_" + name + ".png"), o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
        }
        AtomicFiles.writeString(out.resolve("temporal_filter_responses.csv"), csv.toString());
        md.append("\nCurves: `temporal_filter_responses.csv`, `filters_*.png` (fs = ").append(String.format(Locale.ROOT, "%.0f", fs))
                .append(" Hz; the layer's stride subsamples its output after filtering, so responses above fs/(2·stride) alias).\n\n");
        md.append(spatial(net, leadNames, out, title));
        return md.toString();
    }

    private static String spatial(ComputationGraph net, String[] leadNames, Path out, String title) throws IOException {
        INDArray w = net.getLayer("enc_spatial").getParam("W").castTo(DataType.DOUBLE); // [leads, 1, channels, aug]
        int leads = (int) w.size(0), ch = (int) w.size(2), aug = (int) w.size(3);
        String[] cols = new String[leads];
        for (int l = 0; l < leads; l++) cols[l] = l < leadNames.length ? leadNames[l] : "lead" + l;
        String[] rows = new String[ch * aug];
        double[][] v = new double[ch * aug][leads];
        double[] meanAbs = new double[leads];
        StringBuilder csv = new StringBuilder("temporal_channel,augmented_lead," + String.join(",", cols) + "\n");
        for (int c = 0; c < ch; c++) {
            for (int a = 0; a < aug; a++) {
                int r = c * aug + a;
                rows[r] = "ch " + c + " / aug " + a;
                csv.append(c).append(',').append(a);
                for (int l = 0; l < leads; l++) {
                    v[r][l] = w.getDouble(l, 0, c, a);
                    meanAbs[l] += Math.abs(v[r][l]) / (ch * aug);
                    csv.append(String.format(Locale.ROOT, ",%.6g", v[r][l]));
                }
                csv.append('\n');
            }
        }
        AtomicFiles.writeString(out.resolve("spatial_filters.csv"), csv.toString());
        ExplainPlots.heatmap(out.resolve("spatial_filters.png"), title + ": spatial (depthwise over leads) filter weights", rows, cols, v);
        StringBuilder md = new StringBuilder("### Spatial filters: lead topography\n\n");
        md.append(String.format(Locale.ROOT, "%d temporal channels × %d augmented leads = %d spatial filters over %d lead(s): `spatial_filters.csv`,"
                + " `spatial_filters.png` (rows = filters, columns = leads).%s%n%n", ch, aug, ch * aug, leads,
                leads == 1 ? " With one input lead each spatial filter is a single gain: there is no topography to read." : ""));
        md.append("| lead | mean |weight| over the spatial filters |\n|---|---|\n");
        for (int l = 0; l < leads; l++) md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", cols[l], meanAbs[l]));
        return md.append('\n').toString();
    }
}
