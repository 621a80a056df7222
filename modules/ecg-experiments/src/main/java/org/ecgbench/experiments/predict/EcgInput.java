package org.ecgbench.experiments.predict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.wfdb.WfdbRecord;

/**
 * A recording to predict on, in millivolts: a WFDB record (header + signal files only; no annotation file is opened)
 * or a CSV file (one column per lead, optional header row naming the leads; a column named {@code time}, {@code time_s}
 * or {@code sample} is skipped; the sampling rate is given).
 *
 * @param name      record name (file name without extension)
 * @param fs        sampling frequency in Hz
 * @param leadNames lead names in the order of {@code mv}
 * @param mv        {@code [lead][sample]} in millivolts (NaN = invalid sample)
 * @param source    where it was read from, for reports (relative to the project root when inside it)
 */
public record EcgInput(String name, double fs, List<String> leadNames, double[][] mv, String source) {

    public int length() {
        return mv.length == 0 ? 0 : mv[0].length;
    }

    /** Index of a lead by name (case-insensitive), or -1. */
    public int leadIndex(String lead) {
        for (int i = 0; i < leadNames.size(); i++) if (leadNames.get(i).equalsIgnoreCase(lead)) return i;
        return -1;
    }

    /** A WFDB record given as {@code PATH/NAME} or {@code PATH/NAME.hea}: reads the header and its signal files only. */
    public static EcgInput wfdb(Path record) throws IOException {
        Path hea = record.toString().endsWith(".hea") ? record : Path.of(record + ".hea");
        if (!Files.isRegularFile(hea)) throw new IOException("record header not found: " + hea);
        WfdbRecord rec = WfdbRecord.read(hea);
        if (rec.header().numSignals() == 0) throw new IOException(hea + ": the record has no signals");
        double[][] mv = new double[rec.header().numSignals()][];
        for (int i = 0; i < mv.length; i++) mv[i] = rec.millivolts(i);
        String name = hea.getFileName().toString();
        name = name.substring(0, name.length() - 4);
        return new EcgInput(name, rec.header().samplingFrequency(), rec.header().leadNames(), mv, DataPaths.display(hea));
    }

    /**
     * A CSV file: rows = samples, columns = leads in millivolts (times {@code scale}); a first row with a non-numeric cell
     * is the header (lead names), else the leads are named {@code lead1, lead2, ...}. Lines starting with {@code #} are
     * comments; when {@code fs} is not positive, a leading comment {@code # fs: 250} gives the rate.
     */
    public static EcgInput csv(Path file, double fs, double scale) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!(fs > 0)) fs = commentRate(lines);
        if (!(fs > 0)) throw new IllegalArgumentException("a CSV signal needs its sampling rate: give --fs (Hz) or a first line '# fs: HZ'");
        List<String> names = null;
        List<double[]> rows = new ArrayList<>();
        int cols = -1;
        for (int ln = 0; ln < lines.size(); ln++) {
            String l = lines.get(ln).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] c = l.split("[,;\\t]");
            if (names == null && rows.isEmpty() && !numeric(c[0])) {
                names = new ArrayList<>();
                for (String s : c) names.add(s.strip().replace("\"", ""));
                cols = c.length;
                continue;
            }
            if (cols < 0) cols = c.length;
            if (c.length != cols) throw new IOException(file + ":" + (ln + 1) + ": " + c.length + " columns, expected " + cols);
            double[] r = new double[cols];
            for (int k = 0; k < cols; k++) {
                String s = c[k].strip();
                try {
                    r[k] = s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + (ln + 1) + ": '" + s + "' is not a number");
                }
            }
            rows.add(r);
        }
        if (rows.isEmpty()) throw new IOException(file + ": no samples");
        if (names == null) {
            names = new ArrayList<>();
            for (int k = 0; k < cols; k++) names.add("lead" + (k + 1));
        }
        List<String> leads = new ArrayList<>();
        List<double[]> sig = new ArrayList<>();
        for (int k = 0; k < cols; k++) {
            String n = names.get(k).toLowerCase(Locale.ROOT);
            if (n.equals("time") || n.equals("time_s") || n.equals("sample") || n.equals("t")) continue;
            double[] x = new double[rows.size()];
            for (int i = 0; i < x.length; i++) x[i] = rows.get(i)[k] * scale;
            leads.add(names.get(k));
            sig.add(x);
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new EcgInput(name, fs, leads, sig.toArray(new double[0][]), DataPaths.display(file));
    }

    /** The rate of a leading comment line {@code # fs: 250} (or {@code # fs=250}), else NaN. */
    static double commentRate(List<String> lines) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("^#\\s*fs\\s*[:=]\\s*([0-9.]+)\\s*(?:hz)?\\s*$", java.util.regex.Pattern.CASE_INSENSITIVE);
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty()) continue;
            if (!t.startsWith("#")) break;
            java.util.regex.Matcher m = p.matcher(t);
            if (m.matches()) return Double.parseDouble(m.group(1));
        }
        return Double.NaN;
    }

    private static boolean numeric(String s) {
        String t = s.strip();
        if (t.equalsIgnoreCase("nan")) return true;
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
