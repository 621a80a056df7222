package org.ecgbench.experiments.predict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Self-contained HTML pages of a prediction (inline CSS and SVG, no script, no external resource): the ECG strip of
 * the first seconds at full resolution with the beats labelled and coloured by class, the whole recording as a
 * scrollable stack of rows, a beat-to-beat heart-rate plot, and the summary; for record models the leads and the
 * per-label probabilities.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The scrollable rows cover at most this much of a recording (a 24-h Holter would make a page of ~40 MB). */
    static final double MAX_ROWS_SECONDS = 3600;

    /** Colour of a class or beat symbol. */
    static String colour(String cls) {
        return switch (cls) {
            case "N" -> "#2e7d32";
            case "S", "A" -> "#1565c0";
            case "V" -> "#c62828";
            case "F" -> "#ef6c00";
            case "L" -> "#00838f";
            case "R" -> "#6d4c41";
            default -> "#6a1b9a";
        };
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String f(double v, int d) {
        return String.format(Locale.ROOT, "%." + d + "f", v);
    }

    /** Display signal: the lead minus its centred 0.6 s moving average (baseline wander removed for the eye only). */
    static double[] display(double[] x, double fs) {
        int n = x.length, h = Math.max(1, (int) Math.round(0.3 * fs));
        double[] c = new double[n + 1];
        double last = 0;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i])) last = x[i];
            y[i] = last;
            c[i + 1] = c[i] + y[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - h), b = Math.min(n, i + h + 1);
            out[i] = y[i] - (c[b] - c[a]) / (b - a);
        }
        return out;
    }

    /**
     * One strip as an SVG: samples {@code [from, to)} of {@code y} (display mV) over {@code width} px, {@code pxPerMv}
     * vertically, ECG-paper grid (0.2 s / 0.5 mV) when {@code grid}, min/max decimated to the pixel columns, and the beats
     * inside drawn as coloured labels (class names) above their R peaks.
     */
    static String strip(double[] y, double fs, long from, long to, int width, int height, double pxPerMv, boolean grid,
                        long[] beatSample, String[] beatClass, boolean labelAll) {
        StringBuilder sb = new StringBuilder();
        double spp = (double) (to - from) / width; // samples per pixel
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'>",
                width + 40, height, width + 40, height));
        sb.append("<rect x='0' y='0' width='100%' height='100%' fill='#fffdf8'/>");
        double mid = height * 0.58;
        if (grid) {
            for (double t = 0; t <= (to - from) / fs + 1e-9; t += 0.2) {
                double px = 40 + t * fs / spp;
                boolean major = Math.abs(t - Math.rint(t)) < 1e-6;
                sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='0' x2='%.1f' y2='%d' stroke='%s' stroke-width='%s'/>", px, px, height,
                        major ? "#e8a0a0" : "#f6d5d5", major ? "1" : "0.6"));
                if (major) sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' fill='#999'>%s s</text>", px + 2, height - 3,
                        f((from / fs) + t, 0)));
            }
            for (double mv = -3; mv <= 3; mv += 0.5) {
                double py = mid - mv * pxPerMv;
                if (py < 0 || py > height) continue;
                sb.append(String.format(Locale.ROOT, "<line x1='40' y1='%.1f' x2='%d' y2='%.1f' stroke='%s' stroke-width='0.6'/>", py, width + 40, py,
                        Math.abs(mv - Math.rint(mv)) < 1e-9 ? "#e8a0a0" : "#f6d5d5"));
            }
        }
        sb.append(String.format(Locale.ROOT, "<text x='2' y='14' font-size='11' fill='#555'>%s</text>", hms(from / fs)));
        sb.append("<polyline fill='none' stroke='#222' stroke-width='1' points='");
        for (int px = 0; px < width; px++) {
            long a = from + (long) Math.floor(px * spp), b = Math.min(to, from + (long) Math.floor((px + 1) * spp));
            if (a >= y.length) break;
            if (b <= a) b = a + 1;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (long i = a; i < b && i < y.length; i++) {
                lo = Math.min(lo, y[(int) i]);
                hi = Math.max(hi, y[(int) i]);
            }
            double yl = clamp(mid - lo * pxPerMv, height), yh = clamp(mid - hi * pxPerMv, height);
            if (spp <= 1.0 || yl == yh) sb.append(px + 40).append(',').append(f(yl, 1)).append(' ');
            else sb.append(px + 40).append(',').append(f(yh, 1)).append(' ').append(px + 40).append(',').append(f(yl, 1)).append(' ');
        }
        sb.append("'/>");
        for (int i = 0; i < beatSample.length; i++) {
            long s = beatSample[i];
            if (s < from || s >= to) continue;
            double px = 40 + (s - from) / spp;
            String c = beatClass[i];
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='16' x2='%.1f' y2='22' stroke='%s' stroke-width='1.5'/>", px, px, colour(c)));
            if (labelAll || !c.equals("N")) {
                sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='13' font-size='%d' font-weight='bold' text-anchor='middle' fill='%s'>%s</text>",
                        px, labelAll ? 12 : 10, colour(c), esc(c)));
            }
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static double clamp(double v, int h) {
        return Math.max(24, Math.min(h - 2, v));
    }

    static String hms(double s) {
        int t = (int) Math.floor(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }

    /** Beat-to-beat heart rate (60 / RR) over time, each beat coloured by class. */
    static String hrPlot(long[] samples, String[] cls, double fs, double durationS, int width, int height) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'>", width + 50, height + 20));
        sb.append("<rect x='0' y='0' width='100%' height='100%' fill='#fbfbfb'/>");
        double maxHr = 200;
        for (int hr = 0; hr <= maxHr; hr += 40) {
            double py = height - hr / maxHr * (height - 10);
            sb.append(String.format(Locale.ROOT, "<line x1='45' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/><text x='2' y='%.1f' font-size='10' fill='#666'>%d bpm</text>",
                    py, width + 45, py, py + 3, hr));
        }
        for (int m = 0; m <= durationS / 60; m += Math.max(1, (int) Math.ceil(durationS / 60 / 10))) {
            double px = 45 + m * 60 / durationS * width;
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' fill='#666'>%d min</text>", px, height + 14, m));
        }
        for (int i = 1; i < samples.length; i++) {
            double rr = (samples[i] - samples[i - 1]) / fs;
            if (rr <= 0) continue;
            double hr = Math.min(maxHr, 60 / rr);
            double px = 45 + samples[i] / fs / durationS * width, py = height - hr / maxHr * (height - 10);
            sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='%s' fill='%s'/>", px, py, cls[i].equals("N") ? "1.2" : "2.2",
                    colour(cls[i])));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>" + esc(title) + "</title>\n<style>"
                + "body{font-family:Helvetica,Arial,sans-serif;margin:18px;color:#222;max-width:1600px}"
                + "h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}"
                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "th{background:#f0f0f0}td.l,th.l{text-align:left}.sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:middle}"
                + ".scroll{max-height:560px;overflow-y:auto;border:1px solid #ccc;padding:4px;background:#fff}.small{font-size:12px;color:#555}"
                + ".flex{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}"
                + "</style></head><body>\n" + body + "\n</body></html>\n";
    }

    /** A two-column table of facts. */
    static String facts(Map<String, ?> m) {
        StringBuilder sb = new StringBuilder("<table>");
        for (Map.Entry<String, ?> e : m.entrySet()) {
            sb.append("<tr><th class='l'>").append(esc(e.getKey())).append("</th><td class='l'>").append(esc(String.valueOf(e.getValue())))
                    .append("</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    /** The beat report page. */
    static String beatPage(BeatPredict.Outcome o, double firstSeconds, double rowSeconds) {
        EcgInput in = o.input();
        double fs = in.fs();
        double[] y = display(in.mv()[o.leadIndex()[0]], fs);
        long[] s = o.result().sample();
        String[] c = o.symbolsForDisplay();
        StringBuilder b = new StringBuilder();
        b.append("<h1>ecgbench predict: ").append(esc(in.name())).append("</h1>");
        b.append("<div class='small'>").append(esc(in.source())).append(" &middot; model <b>").append(esc(o.model().name())).append("</b> (")
                .append(esc(o.model().spec.model.name)).append(", spec ").append(esc(String.valueOf(o.model().provenance.get("spec_file"))))
                .append(") &middot; beats found by the QRS detector; no reference annotation was used for prediction</div>");
        b.append("<div class='flex'><div><h2>Summary</h2>").append(summaryTable(o)).append("</div>");
        b.append("<div><h2>Recording</h2>").append(facts(o.recordingFacts())).append("</div>");
        if (o.ec57() != null) b.append("<div><h2>Against reference annotations (evaluation only)</h2>").append(facts(o.ec57())).append("</div>");
        b.append("</div>");
        long first = Math.min(in.length(), Math.round(firstSeconds * fs));
        b.append("<h2>First ").append(f(first / fs, 0)).append(" s (lead ").append(esc(o.leadName())).append(", 25 mm/s-style grid: 0.2 s, 0.5 mV)</h2>");
        int w = (int) Math.min(1500, Math.max(600, first / fs * 125));
        b.append(strip(y, fs, 0, first, w, 230, 60, true, s, c, true));
        b.append("<h2>Heart rate (beat to beat)</h2>").append(hrPlot(s, c, fs, in.length() / fs, 1400, 160));
        long row = Math.round(rowSeconds * fs);
        long shown = Math.min(in.length(), Math.round(MAX_ROWS_SECONDS * fs));
        b.append("<h2>").append(shown < in.length() ? "First hour" : "Whole recording").append(" (").append(f(rowSeconds, 0))
                .append(" s per row; non-N beats labelled").append(shown < in.length() ? "; beats.csv and the annotation file hold every beat" : "")
                .append(")</h2><div class='scroll'>");
        for (long a = 0; a < shown; a += row) {
            b.append(strip(y, fs, a, Math.min(in.length(), a + row), (int) Math.round(1400.0 * Math.min(row, in.length() - a) / row), 90, 28, false, s, c,
                    false)).append("<br>");
        }
        b.append("</div><h2>Model</h2>").append(facts(o.model().describe()));
        b.append("<p class='small'>Written by <code>ecgbench predict</code>. Colours: ");
        for (String k : List.of("N", "S", "V", "F", "Q")) b.append("<span class='sw' style='background:").append(colour(k)).append("'></span>").append(k).append(" ");
        b.append("(Q = unclassified: window outside the recording). Files: beats.csv, ").append(esc(o.annotationFile()))
                .append(" (WFDB MIT format), summary.json.</p>");
        return page("ecgbench predict " + in.name(), b.toString());
    }

    private static String summaryTable(BeatPredict.Outcome o) {
        StringBuilder sb = new StringBuilder("<table><tr><th class='l'>class</th><th>beats</th><th>%</th></tr>");
        Map<String, Integer> counts = o.counts();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            sb.append("<tr><td class='l'><span class='sw' style='background:").append(colour(e.getKey())).append("'></span>").append(esc(e.getKey()))
                    .append("</td><td>").append(e.getValue()).append("</td><td>").append(f(total == 0 ? 0 : 100.0 * e.getValue() / total, 1)).append("</td></tr>");
        }
        Map<String, String> more = new LinkedHashMap<>();
        more.put("all beats", String.valueOf(total));
        more.put("PVC burden (V / all beats)", f(100 * o.pvcBurden(), 2) + " %");
        more.put("mean heart rate", f(o.meanHeartRate(), 1) + " bpm");
        for (Map.Entry<String, String> e : more.entrySet()) {
            sb.append("<tr><th class='l'>").append(esc(e.getKey())).append("</th><td colspan='2'>").append(esc(e.getValue())).append("</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    /** The record-model page: every lead of the recording and the per-label probabilities. */
    static String recordPage(RecordPredict.Outcome o) {
        EcgInput in = o.input();
        StringBuilder b = new StringBuilder();
        b.append("<h1>ecgbench predict: ").append(esc(in.name())).append("</h1><div class='small'>").append(esc(in.source()))
                .append(" &middot; model <b>").append(esc(o.model().name())).append("</b> (").append(esc(o.model().spec.model.name))
                .append(", label protocol ").append(esc(o.model().spec.data.records.labelProtocol)).append(")</div>");
        if (o.model().spec.smoke) {
            b.append("<p style='color:#b00'><b>SMOKE model</b>: trained for a pipeline check on a few records; its probabilities mean nothing clinically.</p>");
        }
        b.append("<div class='flex'><div><h2>Prediction</h2><table><tr><th class='l'>label</th><th>probability</th><th>threshold</th><th>decision</th></tr>");
        for (RecordPredict.LabelRow r : o.rows()) {
            b.append("<tr><td class='l'>").append(esc(r.label())).append("</td><td>").append(f(r.probability(), 4)).append("</td><td>")
                    .append(Double.isNaN(r.threshold()) ? "-" : f(r.threshold(), 4)).append("</td><td>").append(r.positive() ? "<b>yes</b>" : "no")
                    .append("</td></tr>");
        }
        b.append("</table></div><div><h2>Recording</h2>").append(facts(o.recordingFacts())).append("</div></div>");
        b.append("<h2>Leads (display: baseline removed by a 0.6 s moving average; grid 0.2 s / 0.5 mV)</h2>");
        double fs = in.fs();
        long n = Math.min(in.length(), Math.round(10 * fs));
        for (int l = 0; l < in.mv().length; l++) {
            b.append("<div class='small'>").append(esc(in.leadNames().get(l))).append("</div>");
            b.append(strip(display(in.mv()[l], fs), fs, 0, n, 1250, 120, 40, true, new long[0], new String[0], false)).append("<br>");
        }
        b.append("<h2>Model</h2>").append(facts(o.model().describe()));
        return page("ecgbench predict " + in.name(), b.toString());
    }
}
