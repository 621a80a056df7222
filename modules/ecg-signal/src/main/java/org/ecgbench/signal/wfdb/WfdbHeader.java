package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed single-segment WFDB header ({@code .hea}): the record line, one line per signal and
 * the {@code #} comment lines, with CRLF or LF line endings. Multi-segment headers are rejected
 * with a clear message. Follows the WFDB header(5) specification.
 */
public final class WfdbHeader {

    /** One signal line. */
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

    private WfdbHeader(Path file, String recordName, int numSignals, double fs, long numSamples, List<Signal> signals,
                       List<String> comments) {
        this.file = file;
        this.recordName = recordName;
        this.numSignals = numSignals;
        this.samplingFrequency = fs;
        this.numSamples = numSamples;
        this.signals = Collections.unmodifiableList(signals);
        this.comments = Collections.unmodifiableList(comments);
    }

    public Path file() { return file; }
    public String recordName() { return recordName; }
    public int numSignals() { return numSignals; }
    public double samplingFrequency() { return samplingFrequency; }
    public long numSamples() { return numSamples; }
    public List<Signal> signals() { return signals; }
    public Signal signal(int i) { return signals.get(i); }
    /** Comment lines without the leading '#', in file order. */
    public List<String> comments() { return comments; }

    /** Signal descriptions (lead names), in order. */
    public List<String> leadNames() {
        List<String> out = new ArrayList<>();
        for (Signal s : signals) out.add(s.description());
        return out;
    }

    /** Index of the signal whose description equals {@code lead} (case-insensitive), or -1. */
    public int indexOf(String lead) {
        for (int i = 0; i < signals.size(); i++) if (signals.get(i).description().equalsIgnoreCase(lead)) return i;
        return -1;
    }

    private static final Pattern GAIN = Pattern.compile("^([-+0-9.eE]+)(?:\\(([-+]?\\d+)\\))?(?:/(\\S+))?$");
    private static final Pattern FORMAT = Pattern.compile("^(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?$");

    public static WfdbHeader parse(Path hea) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(hea, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(hea.toString(), null, "WFDB header not found");
        }
        List<String> comments = new ArrayList<>();
        String[] rec = null;
        int recLine = 0;
        List<Signal> sigs = new ArrayList<>();
        int nsig = 0;
        double fs = 250;
        long nsamp = 0;
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
                String[] nameParts = t[0].split("/");
                name = nameParts[0];
                if (nameParts.length > 1) {
                    throw new WfdbFormatException(hea, ln, "multi-segment records (" + t[0] + ") are not supported");
                }
                if (t.length < 2) throw new WfdbFormatException(hea, ln, "record line needs at least a name and a number of signals, got '" + line + "'");
                nsig = parseInt(hea, ln, t[1], "number of signals");
                if (nsig < 0) throw new WfdbFormatException(hea, ln, "negative number of signals " + nsig);
                if (t.length > 2) {
                    String f = t[2].split("/")[0].split("\\(")[0];
                    fs = parseDouble(hea, ln, f, "sampling frequency");
                    if (!(fs > 0)) throw new WfdbFormatException(hea, ln, "sampling frequency must be > 0, got " + t[2]);
                }
                if (t.length > 3) nsamp = parseLong(hea, ln, t[3], "number of samples");
                continue;
            }
            if (sigs.size() >= nsig) {
                throw new WfdbFormatException(hea, ln, "more signal lines than the " + nsig + " announced on the record line");
            }
            sigs.add(parseSignal(hea, ln, t, raw));
        }
        if (rec == null) throw new WfdbFormatException(hea, 1, "no record line (the file is empty or only comments)");
        if (sigs.size() != nsig) {
            throw new WfdbFormatException(hea, recLine, "record line announces " + nsig + " signals but " + sigs.size() + " signal lines follow");
        }
        return new WfdbHeader(hea, name, nsig, fs, nsamp, sigs, comments);
    }

    private static Signal parseSignal(Path hea, int ln, String[] t, String raw) throws WfdbFormatException {
        if (t.length < 2) throw new WfdbFormatException(hea, ln, "signal line needs a file name and a format, got '" + raw.strip() + "'");
        Matcher fm = FORMAT.matcher(t[1]);
        if (!fm.matches()) throw new WfdbFormatException(hea, ln, "cannot parse format field '" + t[1] + "'");
        int format = Integer.parseInt(fm.group(1));
        int spf = fm.group(2) == null ? 1 : Integer.parseInt(fm.group(2));
        int skew = fm.group(3) == null ? 0 : Integer.parseInt(fm.group(3));
        long offset = fm.group(4) == null ? 0 : Long.parseLong(fm.group(4));
        double gain = 200;
        Integer baseline = null;
        String units = "mV";
        if (t.length > 2) {
            Matcher gm = GAIN.matcher(t[2]);
            if (!gm.matches()) throw new WfdbFormatException(hea, ln, "cannot parse ADC gain field '" + t[2] + "' (expected e.g. 200 or 200(0)/mV)");
            gain = parseDouble(hea, ln, gm.group(1), "ADC gain");
            if (gain == 0) gain = 200; // WFDB: 0 means uncalibrated, use the default
            if (gm.group(2) != null) baseline = Integer.parseInt(gm.group(2));
            if (gm.group(3) != null) units = gm.group(3);
        }
        int res = t.length > 3 ? parseInt(hea, ln, t[3], "ADC resolution") : 12;
        int zero = t.length > 4 ? parseInt(hea, ln, t[4], "ADC zero") : 0;
        int init = t.length > 5 ? parseInt(hea, ln, t[5], "initial value") : zero;
        int checksum = t.length > 6 ? parseInt(hea, ln, t[6], "checksum") : 0;
        int block = t.length > 7 ? parseInt(hea, ln, t[7], "block size") : 0;
        StringBuilder desc = new StringBuilder();
        for (int i = 8; i < t.length; i++) desc.append(i > 8 ? " " : "").append(t[i]);
        return new Signal(t[0], format, spf, skew, offset, gain, baseline == null ? zero : baseline, units, res, zero, init,
                checksum, block, desc.toString(), t.length > 6);
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
            return Double.parseDouble(v);
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
