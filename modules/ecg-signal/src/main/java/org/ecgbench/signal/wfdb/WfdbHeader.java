package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parsed single-segment WFDB header ({@code .hea}), the one header parser of ecgbench: the record line, one
 * line per signal and the {@code #} comment lines, with CRLF or LF line endings (WFDB header(5)). It also reads
 * the PhysioNet/CinC Challenge 2020/2021 and PTB-XL conventions: {@code #Key: value} comments ({@code #Age},
 * {@code #Sex}, {@code #Dx}, see {@link #commentFields()}), gain with baseline and units
 * ({@code 1000.0(-5)/uV}), signal files named {@code .mat}, and 2020 record lines naming the record
 * {@code E00009.mat}. Multi-segment headers are rejected with a clear message.
 *
 * <p>Record line: {@code name[/nseg] nsig [fs[/counterfs][(base)] [nsamp [time [date]]]]}.
 * Signal line: {@code file format[xspf][:skew][+offset] gain[(baseline)][/units] adcres adczero initval checksum
 * blocksize description}. A zero or missing gain means the WFDB default of {@value #DEFAULT_GAIN} adu per unit;
 * the baseline defaults to the ADC zero.
 *
 * <p>Every error is a {@link WfdbFormatException} naming the file, the line and what was found. Oddities that
 * do not stop reading are collected in {@link #warnings()} (and logged at WARN): a record name that differs from
 * the file name, and signal names that occur more than once (lead selection by name takes the first).
 */
public final class WfdbHeader {
    private static final Logger LOG = LoggerFactory.getLogger(WfdbHeader.class);

    /** WFDB default gain (adu per physical unit) when a header gives 0 or none. */
    public static final double DEFAULT_GAIN = 200.0;

    /**
     * One signal line. {@code baseline} is the physical zero in adu (defaults to {@code adcZero});
     * {@code description} is the lead name, with inner spaces kept.
     */
    public record Signal(String fileName, int format, int samplesPerFrame, int skew, long byteOffset, double gain,
                         int baseline, String units, int adcResolution, int adcZero, int initialValue, int checksum,
                         int blockSize, String description, boolean hasChecksum) {}

    private final Path file;
    private final String recordName;
    private final int numSignals;
    private final double samplingFrequency;
    private final long numSamples;
    private final List<Signal> signals;
    private final List<String> comments;
    private final Map<String, String> commentFields;
    private final List<String> warnings;

    private WfdbHeader(Path file, String recordName, int numSignals, double fs, long numSamples, List<Signal> signals,
                       List<String> comments, List<String> warnings) {
        this.file = file;
        this.recordName = recordName;
        this.numSignals = numSignals;
        this.samplingFrequency = fs;
        this.numSamples = numSamples;
        this.signals = Collections.unmodifiableList(signals);
        this.comments = Collections.unmodifiableList(comments);
        Map<String, String> f = new LinkedHashMap<>();
        for (String c : comments) {
            int colon = c.indexOf(':');
            if (colon > 0) f.putIfAbsent(c.substring(0, colon).strip(), c.substring(colon + 1).strip());
        }
        this.commentFields = Collections.unmodifiableMap(f);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** The header file this was parsed from. */
    public Path file() { return file; }
    /** Record name from the record line (CinC 2020 headers write e.g. {@code E00009.mat}). */
    public String recordName() { return recordName; }
    public int numSignals() { return numSignals; }
    /** Sampling frequency in Hz (WFDB default 250 when the record line omits it). */
    public double samplingFrequency() { return samplingFrequency; }
    /** Samples per signal, or -1 when the record line omits it (readers then infer it from the signal file size). */
    public long numSamples() { return numSamples; }
    public List<Signal> signals() { return signals; }
    public Signal signal(int i) { return signals.get(i); }
    /** Comment lines without the leading '#', in file order. */
    public List<String> comments() { return comments; }
    /** {@code #Key: value} comments as key to value (first occurrence of a key wins), in file order. */
    public Map<String, String> commentFields() { return commentFields; }
    /** The value of a {@code #Key: value} comment, or null when absent. */
    public String comment(String key) { return commentFields.get(key); }
    /** Problems that did not stop parsing (record-name mismatch, duplicate signal names); each names the file. */
    public List<String> warnings() { return warnings; }

    /** Signal descriptions (lead names), in order. */
    public List<String> leadNames() {
        List<String> out = new ArrayList<>();
        for (Signal s : signals) out.add(s.description());
        return out;
    }

    /** Index of the first signal whose description equals {@code lead} (case-insensitive), or -1. */
    public int indexOf(String lead) {
        for (int i = 0; i < signals.size(); i++) if (signals.get(i).description().equalsIgnoreCase(lead)) return i;
        return -1;
    }

    private static final Pattern GAIN = Pattern.compile("^([-+0-9.eE]+)(?:\\(([-+]?\\d+)\\))?(?:/(\\S+))?$");
    private static final Pattern FORMAT = Pattern.compile("^(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?$");

    /** Reads and parses a header file (ISO-8859-1). A missing file is a {@link NoSuchFileException} naming it. */
    public static WfdbHeader parse(Path hea) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(hea, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(hea.toString(), null, "WFDB header not found");
        } catch (IOException e) {
            throw new IOException(hea + ": cannot read WFDB header: " + e.getMessage(), e);
        }
        return parse(hea, lines);
    }

    /** Parses header lines; {@code hea} names the file in messages and locates the signal files. */
    public static WfdbHeader parse(Path hea, List<String> lines) throws WfdbFormatException {
        List<String> comments = new ArrayList<>();
        String[] rec = null;
        int recLine = 0;
        List<Signal> sigs = new ArrayList<>();
        int nsig = 0;
        double fs = 250;
        long nsamp = -1;
        String name = null;
        for (int ln = 1; ln <= lines.size(); ln++) {
            String raw = lines.get(ln - 1);
            String line = raw.replace("\r", "").strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash).strip();
            String[] t = line.split("\\s+");
            if (rec == null) {
                rec = t;
                recLine = ln;
                if (t[0].contains("/")) {
                    throw new WfdbFormatException(hea, ln, "multi-segment records (" + t[0] + ") are not supported");
                }
                name = t[0];
                if (t.length < 2) {
                    throw new WfdbFormatException(hea, ln, "record line needs at least a name and a number of signals, got '" + line + "'");
                }
                nsig = parseInt(hea, ln, t[1], "number of signals");
                if (nsig < 0) throw new WfdbFormatException(hea, ln, "number of signals " + nsig + " is negative");
                if (t.length > 2) {
                    String f = t[2].split("/")[0].split("\\(")[0];
                    fs = parseDouble(hea, ln, f, "sampling frequency");
                    if (!(fs > 0) || Double.isInfinite(fs)) {
                        throw new WfdbFormatException(hea, ln, "sampling frequency must be a positive number, got '" + t[2] + "'");
                    }
                }
                if (t.length > 3) {
                    nsamp = parseLong(hea, ln, t[3], "number of samples");
                    if (nsamp < 0) throw new WfdbFormatException(hea, ln, "number of samples " + nsamp + " is negative");
                }
                continue;
            }
            if (sigs.size() >= nsig) {
                throw new WfdbFormatException(hea, ln, "more signal lines than the " + nsig + " announced on the record line");
            }
            sigs.add(parseSignal(hea, ln, t, line));
        }
        if (rec == null) throw new WfdbFormatException(hea, 1, "no record line (the file is empty or only comments)");
        if (sigs.size() != nsig) {
            throw new WfdbFormatException(hea, recLine, "record line announces " + nsig + " signals but " + sigs.size()
                    + (sigs.size() == 1 ? " signal line follows" : " signal lines follow"));
        }
        List<String> warnings = new ArrayList<>();
        String fileName = hea.getFileName() == null ? "" : hea.getFileName().toString();
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".hea") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String bare = name.toLowerCase(Locale.ROOT).endsWith(".mat") ? name.substring(0, name.length() - 4) : name;
        if (!bare.equals(stem)) {
            warnings.add(hea + ": record name '" + name + "' on the record line differs from the file name '" + fileName
                    + "' (the file name is used as the record id)");
        }
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < sigs.size(); i++) {
            byName.computeIfAbsent(sigs.get(i).description().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> idx : byName.values()) {
            if (idx.size() > 1) {
                warnings.add(hea + ": signal name '" + sigs.get(idx.get(0)).description() + "' is used by " + idx.size()
                        + " signals (numbers " + idx + " counting from 0); selecting that lead by name takes signal " + idx.get(0));
            }
        }
        for (String w : warnings) LOG.warn(w);
        return new WfdbHeader(hea, name, nsig, fs, nsamp, sigs, comments, warnings);
    }

    private static Signal parseSignal(Path hea, int ln, String[] t, String line) throws WfdbFormatException {
        if (t.length < 2) throw new WfdbFormatException(hea, ln, "signal line needs a file name and a format, got '" + line + "'");
        Matcher fm = FORMAT.matcher(t[1]);
        if (!fm.matches()) throw new WfdbFormatException(hea, ln, "cannot parse format field '" + t[1] + "'");
        int format = parseInt(hea, ln, fm.group(1), "format");
        int spf = fm.group(2) == null ? 1 : parseInt(hea, ln, fm.group(2), "samples per frame");
        int skew = fm.group(3) == null ? 0 : parseInt(hea, ln, fm.group(3), "skew");
        long offset = fm.group(4) == null ? 0 : parseLong(hea, ln, fm.group(4), "byte offset");
        double gain = DEFAULT_GAIN;
        Integer baseline = null;
        String units = "mV";
        if (t.length > 2) {
            Matcher gm = GAIN.matcher(t[2]);
            if (!gm.matches()) {
                throw new WfdbFormatException(hea, ln, "cannot parse ADC gain field '" + t[2] + "' (expected e.g. 200 or 200(0)/mV)");
            }
            gain = parseDouble(hea, ln, gm.group(1), "ADC gain");
            if (Double.isInfinite(gain)) throw new WfdbFormatException(hea, ln, "ADC gain must be finite, got '" + t[2] + "'");
            if (gain == 0) gain = DEFAULT_GAIN; // WFDB: 0 means uncalibrated, use the default
            if (gm.group(2) != null) baseline = parseInt(hea, ln, gm.group(2), "baseline");
            if (gm.group(3) != null) units = gm.group(3);
        }
        int res = t.length > 3 ? parseInt(hea, ln, t[3], "ADC resolution") : 12;
        int zero = t.length > 4 ? parseInt(hea, ln, t[4], "ADC zero") : 0;
        int init = t.length > 5 ? parseInt(hea, ln, t[5], "initial value") : zero;
        int checksum = t.length > 6 ? parseInt(hea, ln, t[6], "checksum") : 0;
        int block = t.length > 7 ? parseInt(hea, ln, t[7], "block size") : 0;
        String desc = t.length > 8 ? line.split("\\s+", 9)[8].strip() : "";
        return new Signal(t[0], format, spf, skew, offset, gain, baseline == null ? zero : baseline, units, res, zero, init,
                checksum, block, desc, t.length > 6);
    }

    private static int parseInt(Path f, int ln, String v, String what) throws WfdbFormatException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(f, ln, what + " must be an integer, got '" + v + "'");
        }
    }

    private static long parseLong(Path f, int ln, String v, String what) throws WfdbFormatException {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(f, ln, what + " must be an integer, got '" + v + "'");
        }
    }

    private static double parseDouble(Path f, int ln, String v, String what) throws WfdbFormatException {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(f, ln, what + " must be a number, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d signals %s, %.1f Hz, %d samples", recordName, numSignals, leadNames(),
                samplingFrequency, numSamples);
    }
}
