package org.ecgbench.experiments.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ecgbench.pipeline.io.AtomicFiles;

/**
 * PNG figures drawn with Java2D (headless): an ECG trace with its attribution as a colour band under it (one row per
 * method, or a lead grid per method for multi-lead inputs), and heatmaps. Signed maps use a blue–white–red scale
 * symmetric about 0 (scaled by the map's largest |value|); non-negative maps (Grad-CAM) a white–red scale from the
 * map's minimum to its maximum (the usual Grad-CAM display normalisation; the panel prints both values).
 */
public final class ExplainPlots {
    private ExplainPlots() {}

    /** One panel: a trace, its map, whether the map is signed, and a label. */
    public record Panel(String label, double[] trace, double[] map, boolean signed) {}

    private static final int PANEL_W = 560, PANEL_H = 110, BAND_H = 16, MARGIN = 8, TITLE_H = 22;

    /** Panels in a grid of {@code cols} columns under a title. */
    public static void grid(Path png, String title, List<Panel> panels, int cols, double fs) throws IOException {
        int rows = (panels.size() + cols - 1) / cols;
        int w = cols * (PANEL_W + MARGIN) + MARGIN;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        List<String> lines = wrap(title, titleFont, w - 2 * MARGIN);
        int titleH = TITLE_H + 16 * (lines.size() - 1);
        int h = titleH + rows * (PANEL_H + BAND_H + 26) + MARGIN;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        for (int i = 0; i < lines.size(); i++) g.drawString(lines.get(i), MARGIN, 16 + 16 * i);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < panels.size(); i++) {
            int x0 = MARGIN + (i % cols) * (PANEL_W + MARGIN);
            int y0 = titleH + (i / cols) * (PANEL_H + BAND_H + 26);
            panel(g, panels.get(i), x0, y0, fs);
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }

    /** Splits {@code text} at spaces into lines no wider than {@code width} pixels in {@code font}. */
    static List<String> wrap(String text, Font font, int width) {
        java.awt.FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) > width && line.length() > 0) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (line.length() > 0) out.add(line.toString());
        return out;
    }

    private static void panel(Graphics2D g, Panel p, int x0, int y0, double fs) {
        int n = p.trace().length;
        g.setColor(Color.DARK_GRAY);
        g.drawString(p.label(), x0, y0 + 12);
        int top = y0 + 16, ph = PANEL_H - 16;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : p.trace()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (hi - lo < 1e-12) { hi = lo + 1; }
        double scale = 0, mLo = Double.POSITIVE_INFINITY, mHi = Double.NEGATIVE_INFINITY;
        for (double v : p.map()) {
            scale = Math.max(scale, Math.abs(v));
            mLo = Math.min(mLo, v);
            mHi = Math.max(mHi, v);
        }
        // faint background shading behind the trace and a solid band under it; non-negative maps are drawn min–max
        for (int px = 0; px < PANEL_W; px++) {
            int s = Math.min(n - 1, (int) ((long) px * n / PANEL_W));
            Color c = p.signed() ? colour(p.map()[s], scale, true) : colour(p.map()[s] - mLo, mHi - mLo, false);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            g.drawLine(x0 + px, top, x0 + px, top + ph);
            g.setColor(c);
            g.drawLine(x0 + px, top + ph + 2, x0 + px, top + ph + 2 + BAND_H);
        }
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x0, top, PANEL_W, ph);
        Path2D.Double path = new Path2D.Double();
        for (int s = 0; s < n; s++) {
            double px = x0 + (double) s * PANEL_W / (n - 1);
            double py = top + ph - 4 - (p.trace()[s] - lo) / (hi - lo) * (ph - 8);
            if (s == 0) path.moveTo(px, py); else path.lineTo(px, py);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.GRAY);
        String axis = fs > 0 ? String.format(Locale.ROOT, "0 … %.0f ms (%d samples at %.0f Hz)", 1000.0 * n / fs, n, fs) : n + " samples";
        g.drawString(axis + (p.signed() ? String.format(Locale.ROOT, "   band scale ±%.3g", scale)
                : String.format(Locale.ROOT, "   band white %.3g → red %.3g", mLo, mHi)), x0, top + ph + BAND_H + 16);
    }

    /** Blue–white–red for signed values (|v| / scale), white–red for non-negative ones. */
    static Color colour(double v, double scale, boolean signed) {
        double u = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
        if (!signed) {
            u = Math.max(0, u);
            return new Color(255, (int) Math.round(255 * (1 - 0.85 * u)), (int) Math.round(255 * (1 - u)));
        }
        if (u >= 0) return new Color(255, (int) Math.round(255 * (1 - u)), (int) Math.round(255 * (1 - u)));
        return new Color((int) Math.round(255 * (1 + u)), (int) Math.round(255 * (1 + u)), 255);
    }

    /** A heatmap {@code values[row][col]} with row and column labels, blue–white–red symmetric about 0. */
    public static void heatmap(Path png, String title, String[] rowLabels, String[] colLabels, double[][] values) throws IOException {
        int cell = 26, left = 130, top = 50;
        int w = left + colLabels.length * cell + 20, h = top + rowLabels.length * cell + 30;
        double scale = 0;
        for (double[] r : values) for (double v : r) scale = Math.max(scale, Math.abs(v));
        java.awt.FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        BufferedImage img = new BufferedImage(Math.max(Math.max(w, 420), fm.stringWidth(title) + 16), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 8, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int c = 0; c < colLabels.length; c++) g.drawString(colLabels[c], left + c * cell + 3, top - 6);
        for (int r = 0; r < rowLabels.length; r++) {
            g.setColor(Color.BLACK);
            g.drawString(rowLabels[r], 8, top + r * cell + cell / 2 + 4);
            for (int c = 0; c < colLabels.length; c++) {
                g.setColor(colour(values[r][c], scale, true));
                g.fillRect(left + c * cell, top + r * cell, cell - 1, cell - 1);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "blue = negative, red = positive weight; scale ±%.3g", scale), 8, h - 10);
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }
}
