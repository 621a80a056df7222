package org.ecgbench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small builder for GitHub-flavoured Markdown tables: a header, optional per-column alignment,
 * rows of cells (any objects; {@code null} → empty; doubles are written with
 * {@link TableFormat#number} at {@link #decimals(int)} decimals). Pipes in cells are escaped and
 * newlines replaced by spaces; columns are padded so the source is readable as plain text.
 *
 * <pre>{@code
 * String md = new MarkdownTable().header("model", "F1").align(Align.LEFT, Align.RIGHT)
 *         .row("cnn", 0.912).toString();
 * }</pre>
 */
public final class MarkdownTable {
    /** Column alignment. */
    public enum Align { LEFT, CENTER, RIGHT, NONE }

    private String[] header;
    private Align[] align;
    private final List<String[]> rows = new ArrayList<>();
    private int decimals = 3;

    /** Sets the column names (fixes the column count). */
    public MarkdownTable header(String... names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("MarkdownTable.header: at least one column is required");
        }
        if (!rows.isEmpty() && names.length != header.length) {
            throw new IllegalArgumentException("MarkdownTable.header: " + names.length
                    + " columns but the rows already added have " + header.length);
        }
        header = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            header[i] = cell(names[i]);
        }
        return this;
    }

    /** Sets the alignment of every column (one per header column). */
    public MarkdownTable align(Align... a) {
        requireHeader("align");
        if (a == null || a.length != header.length) {
            throw new IllegalArgumentException("MarkdownTable.align: " + (a == null ? 0 : a.length)
                    + " alignments for " + header.length + " columns");
        }
        align = a.clone();
        return this;
    }

    /** Decimals used for Double/Float cells (default 3). */
    public MarkdownTable decimals(int d) {
        if (d < 0) {
            throw new IllegalArgumentException("MarkdownTable.decimals: " + d + " must be >= 0");
        }
        decimals = d;
        return this;
    }

    /** Appends a row; it must have exactly one cell per header column. */
    public MarkdownTable row(Object... cells) {
        requireHeader("row");
        if (cells == null || cells.length != header.length) {
            throw new IllegalArgumentException("MarkdownTable.row: row " + (rows.size() + 1) + " has "
                    + (cells == null ? 0 : cells.length) + " cells but the header has " + header.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            if (c instanceof Double || c instanceof Float) {
                r[i] = TableFormat.number(((Number) c).doubleValue(), decimals);
            } else {
                r[i] = cell(c == null ? "" : c.toString());
            }
        }
        rows.add(r);
        return this;
    }

    /** Number of data rows. */
    public int rowCount() {
        return rows.size();
    }

    private void requireHeader(String op) {
        if (header == null) {
            throw new IllegalStateException("MarkdownTable." + op + ": call header(...) first");
        }
    }

    private static String cell(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }

    /** The table as Markdown, one line per row, ending with a newline. */
    @Override
    public String toString() {
        requireHeader("toString");
        int n = header.length;
        Align[] al = align == null ? filled(n) : align;
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(3, header[i].length());
        }
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w, al);
        sb.append('|');
        for (int i = 0; i < n; i++) {
            sb.append(' ');
            switch (al[i]) {
                case LEFT -> sb.append(':').append("-".repeat(w[i] - 1));
                case RIGHT -> sb.append("-".repeat(w[i] - 1)).append(':');
                case CENTER -> sb.append(':').append("-".repeat(w[i] - 2)).append(':');
                case NONE -> sb.append("-".repeat(w[i]));
            }
            sb.append(" |");
        }
        sb.append('\n');
        for (String[] r : rows) {
            line(sb, r, w, al);
        }
        return sb.toString();
    }

    private static Align[] filled(int n) {
        Align[] a = new Align[n];
        Arrays.fill(a, Align.NONE);
        return a;
    }

    private static void line(StringBuilder sb, String[] cells, int[] w, Align[] al) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int pad = w[i] - c.length();
            sb.append(' ');
            switch (al[i]) {
                case RIGHT -> sb.append(" ".repeat(pad)).append(c);
                case CENTER -> sb.append(" ".repeat(pad / 2)).append(c).append(" ".repeat(pad - pad / 2));
                default -> sb.append(c).append(" ".repeat(pad));
            }
            sb.append(" |");
        }
        sb.append('\n');
    }
}
