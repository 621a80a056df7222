package org.ecgbench.databases.cinc;

import org.ecgbench.signal.wfdb.WfdbFormatException;
import org.ecgbench.signal.wfdb.WfdbHeader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CinC 2020/2021 or PTB-XL WFDB header: a thin view over {@link WfdbHeader} (the one WFDB header parser) that
 * adds the challenge's {@code #Key: value} comments ({@code #Age}, {@code #Sex}, {@code #Dx}) and unchecked
 * exceptions. Errors are {@link IllegalArgumentException}s whose message starts with
 * {@code malformed WFDB header <file>:<line>:} and says what was found; a missing file is an
 * {@link UncheckedIOException} naming it. Physical value = (adu - baseline) / gain.
 */
public final class CincHeader {
    /** WFDB default gain when a header gives 0 or none. */
    public static final double DEFAULT_GAIN = WfdbHeader.DEFAULT_GAIN;

    /** One signal line. */
    public record Signal(String fileName, int format, long byteOffset, double gain, double baseline, String units,
                         int adcResolution, int adcZero, int initialValue, String leadName) {
        /** adu to physical units. */
        public double toPhysical(double adu) {
            return (adu - baseline) / gain;
        }

        static Signal of(WfdbHeader.Signal s) {
            return new Signal(s.fileName(), s.format(), s.byteOffset(), s.gain(), s.baseline(), s.units(), s.adcResolution(),
                    s.adcZero(), s.initialValue(), s.description());
        }
    }

    private final WfdbHeader wfdb;
    private final List<Signal> signals;

    private CincHeader(WfdbHeader wfdb) {
        this.wfdb = wfdb;
        List<Signal> s = new ArrayList<>();
        for (WfdbHeader.Signal x : wfdb.signals()) s.add(Signal.of(x));
        this.signals = Collections.unmodifiableList(s);
    }

    /** Reads and parses a header file; errors name the file and line. */
    public static CincHeader read(Path hea) {
        try {
            return new CincHeader(WfdbHeader.parse(hea));
        } catch (WfdbFormatException e) {
            throw new IllegalArgumentException("malformed WFDB header " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read WFDB header " + hea + ": file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WFDB header " + hea + ": " + e.getMessage(), e);
        }
    }

    /** Parses header lines; {@code file} is used for error messages and resolving signal files. */
    public static CincHeader parse(Path file, List<String> lines) {
        try {
            return new CincHeader(WfdbHeader.parse(file, lines));
        } catch (WfdbFormatException e) {
            throw new IllegalArgumentException("malformed WFDB header " + e.getMessage(), e);
        }
    }

    /** The underlying WFDB header. */
    public WfdbHeader wfdb() { return wfdb; }
    /** The header file this was parsed from. */
    public Path file() { return wfdb.file(); }
    /** Record name from the record line (2020 headers write e.g. {@code E00009.mat}). */
    public String recordName() { return wfdb.recordName(); }
    public int nSignals() { return wfdb.numSignals(); }
    public double fs() { return wfdb.samplingFrequency(); }
    /** Samples per signal, -1 when the header omits it. */
    public int nSamples() {
        long n = wfdb.numSamples();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("WFDB header " + file() + ": " + n + " samples is too long");
        return (int) n;
    }
    public List<Signal> signals() { return signals; }
    /** All {@code #Key: value} comments (first occurrence of each key wins). */
    public Map<String, String> comments() { return wfdb.commentFields(); }
    /** Problems that did not stop parsing (record-name mismatch, duplicate lead names); each names the file. */
    public List<String> warnings() { return wfdb.warnings(); }

    public String[] leadNames() {
        String[] n = new String[signals.size()];
        for (int i = 0; i < n.length; i++) n[i] = signals.get(i).leadName();
        return n;
    }

    /** {@code #Age}, or null when absent, NaN, negative or not a number. Fractional ages are truncated. */
    public Integer age() {
        String a = comments().get("Age");
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
        return normaliseSex(comments().get("Sex"));
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
        String d = comments().get("Dx");
        List<String> out = new ArrayList<>();
        if (d == null) return out;
        for (String c : d.split(",")) {
            String v = c.strip();
            if (!v.isEmpty() && !out.contains(v)) out.add(v);
        }
        return out;
    }

    /**
     * Why this header gives no diagnosis, or null when it has at least one {@code #Dx} code:
     * {@code "<file> has no #Dx line"} or {@code "<file>: #Dx line is empty"}.
     */
    public String dxProblem() {
        String d = comments().get("Dx");
        if (d == null) return file() + " has no #Dx line";
        if (dx().isEmpty()) return file() + ": #Dx line is empty";
        return null;
    }
}
