package org.ecgbench.databases.cinc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WFDB header ({@code .hea}) as written by the PhysioNet/CinC Challenge 2020/2021 and by PTB-XL:
 * the record line, one line per signal, and {@code #Key: value} comment lines ({@code #Age}, {@code #Sex},
 * {@code #Dx}, ...). Only single-segment headers are supported.
 *
 * <p>Record line: {@code name[/nseg] nsig [fs[/counterfs][(base)] [nsamp [time [date]]]]}.
 * Signal line: {@code file format[xspf][:skew][+offset] gain[(baseline)][/units] adcres adczero initval checksum blocksize description}.
 * Physical value = (adu - baseline) / gain, where the baseline defaults to {@code adczero} and a zero or
 * missing gain means the WFDB default of 200 adu per unit.
 *
 * <p>This is a deliberately small, module-private parser kept in one class so that it can later be replaced
 * by {@code org.ecgbench.signal.wfdb.WfdbHeader}.
 */
public final class CincHeader {
    /** WFDB default gain when a header gives 0 or none. */
    public static final double DEFAULT_GAIN = 200.0;

    /** One signal line. */
    public record Signal(String fileName, int format, long byteOffset, double gain, double baseline, String units,
                         int adcResolution, int adcZero, int initialValue, String leadName) {
        /** adu to physical units. */
        public double toPhysical(double adu) {
            return (adu - baseline) / gain;
        }
    }

    private final Path file;
    private final String recordName;
    private final int nSignals;
    private final double fs;
    private final int nSamples;
    private final List<Signal> signals;
    private final Map<String, String> comments;

    private CincHeader(Path file, String recordName, int nSignals, double fs, int nSamples, List<Signal> signals,
                       Map<String, String> comments) {
        this.file = file;
        this.recordName = recordName;
        this.nSignals = nSignals;
        this.fs = fs;
        this.nSamples = nSamples;
        this.signals = Collections.unmodifiableList(signals);
        this.comments = Collections.unmodifiableMap(comments);
    }

    /** Reads and parses a header file; errors name the file and line. */
    public static CincHeader read(Path hea) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hea, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WFDB header " + hea + ": " + e.getMessage(), e);
        }
        return parse(hea, lines);
    }

    /** Parses header lines; {@code file} is used for error messages and resolving signal files. */
    public static CincHeader parse(Path file, List<String> lines) {
        String recordName = null;
        int nsig = -1;
        double fs = 250.0;
        int nsamp = -1;
        List<Signal> sigs = new ArrayList<>();
        Map<String, String> comments = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                String c = line.substring(1).strip();
                int colon = c.indexOf(':');
                if (colon > 0) comments.putIfAbsent(c.substring(0, colon).strip(), c.substring(colon + 1).strip());
                continue;
            }
            String[] t = line.split("\\s+");
            if (recordName == null) {
                if (t.length < 2) throw bad(file, lineNo, "record line needs at least a name and a signal count: '" + line + "'");
                recordName = t[0];
                if (recordName.contains("/")) {
                    throw bad(file, lineNo, "multi-segment records are not supported: '" + t[0] + "'");
                }
                nsig = parseInt(file, lineNo, t[1], "number of signals");
                if (t.length > 2) {
                    String f = t[2];
                    int cut = indexOfAny(f, '/', '(');
                    fs = parseDouble(file, lineNo, cut < 0 ? f : f.substring(0, cut), "sampling frequency");
                    if (!(fs > 0)) throw bad(file, lineNo, "sampling frequency must be positive, got " + fs);
                }
                if (t.length > 3) nsamp = parseInt(file, lineNo, t[3], "number of samples");
                continue;
            }
            if (sigs.size() >= nsig) {
                throw bad(file, lineNo, "more signal lines than the " + nsig + " declared on the record line");
            }
            sigs.add(parseSignal(file, lineNo, line, t));
        }
        if (recordName == null) throw bad(file, 0, "no record line (file empty or only comments)");
        if (sigs.size() != nsig) {
            throw bad(file, lineNo, "record line declares " + nsig + " signals but " + sigs.size() + " signal lines follow");
        }
        return new CincHeader(file, recordName, nsig, fs, nsamp, sigs, comments);
    }

    private static Signal parseSignal(Path file, int lineNo, String line, String[] t) {
        if (t.length < 2) throw bad(file, lineNo, "signal line needs at least file name and format: '" + line + "'");
        String fileName = t[0];
        String fmt = t[1];
        long offset = 0;
        int plus = fmt.indexOf('+');
        if (plus >= 0) {
            offset = parseInt(file, lineNo, fmt.substring(plus + 1), "byte offset");
            fmt = fmt.substring(0, plus);
        }
        int cut = indexOfAny(fmt, 'x', ':');
        int format = parseInt(file, lineNo, cut < 0 ? fmt : fmt.substring(0, cut), "signal format");
        double gain = DEFAULT_GAIN;
        Double baseline = null;
        String units = "mV";
        if (t.length > 2) {
            String g = t[2];
            int slash = g.indexOf('/');
            if (slash >= 0) {
                units = g.substring(slash + 1);
                g = g.substring(0, slash);
            }
            int paren = g.indexOf('(');
            if (paren >= 0) {
                int close = g.indexOf(')', paren);
                if (close < 0) throw bad(file, lineNo, "unclosed baseline parenthesis in gain '" + t[2] + "'");
                baseline = parseDouble(file, lineNo, g.substring(paren + 1, close), "baseline");
                g = g.substring(0, paren);
            }
            gain = parseDouble(file, lineNo, g, "gain");
            if (gain == 0) gain = DEFAULT_GAIN;
            if (!(gain > 0) && !(gain < 0)) throw bad(file, lineNo, "gain is not a number: '" + t[2] + "'");
        }
        int adcRes = t.length > 3 ? parseInt(file, lineNo, t[3], "ADC resolution") : 0;
        int adcZero = t.length > 4 ? parseInt(file, lineNo, t[4], "ADC zero") : 0;
        int init = t.length > 5 ? parseInt(file, lineNo, t[5], "initial value") : 0;
        String desc = "";
        if (t.length > 8) {
            // description = everything after the 8th token, spaces kept
            String[] parts = line.split("\\s+", 9);
            desc = parts[8].strip();
        }
        return new Signal(fileName, format, offset, gain, baseline != null ? baseline : adcZero, units, adcRes, adcZero, init, desc);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a), j = s.indexOf(b);
        if (i < 0) return j;
        if (j < 0) return i;
        return Math.min(i, j);
    }

    private static int parseInt(Path f, int line, String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw bad(f, line, what + " is not an integer: '" + s + "'");
        }
    }

    private static double parseDouble(Path f, int line, String s, String what) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(f, line, what + " is not a number: '" + s + "'");
        }
    }

    private static IllegalArgumentException bad(Path f, int line, String msg) {
        return new IllegalArgumentException("malformed WFDB header " + f + (line > 0 ? " line " + line : "") + ": " + msg);
    }

    /** The header file this was parsed from. */
    public Path file() { return file; }
    /** Record name from the record line (2020 headers write e.g. {@code E00009.mat}). */
    public String recordName() { return recordName; }
    public int nSignals() { return nSignals; }
    public double fs() { return fs; }
    /** Samples per signal, -1 when the header omits it. */
    public int nSamples() { return nSamples; }
    public List<Signal> signals() { return signals; }
    /** All {@code #Key: value} comments (first occurrence of each key wins). */
    public Map<String, String> comments() { return comments; }

    public String[] leadNames() {
        String[] n = new String[signals.size()];
        for (int i = 0; i < n.length; i++) n[i] = signals.get(i).leadName();
        return n;
    }

    /** {@code #Age}, or null when absent, NaN, negative or not a number. Fractional ages are truncated. */
    public Integer age() {
        String a = comments.get("Age");
        if (a == null) return null;
        try {
            double d = Double.parseDouble(a.strip());
            if (Double.isNaN(d) || d < 0) return null;
            return (int) d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code #Sex} normalised to {@code Male}/{@code Female}, or null when unknown. */
    public String sex() {
        return normaliseSex(comments.get("Sex"));
    }

    /** Normalises sex spellings ({@code M}, {@code male}, {@code F}, {@code Female}, ...); null for unknown. */
    public static String normaliseSex(String s) {
        if (s == null) return null;
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.equals("m") || v.equals("male")) return "Male";
        if (v.equals("f") || v.equals("female")) return "Female";
        return null;
    }

    /** {@code #Dx} codes in header order, duplicates removed; empty when absent. */
    public List<String> dx() {
        String d = comments.get("Dx");
        List<String> out = new ArrayList<>();
        if (d == null) return out;
        for (String c : d.split(",")) {
            String v = c.strip();
            if (!v.isEmpty() && !out.contains(v)) out.add(v);
        }
        return out;
    }
}
