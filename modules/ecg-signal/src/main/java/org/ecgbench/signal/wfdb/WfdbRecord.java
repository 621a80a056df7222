package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A WFDB record's samples (ADC units, one {@code int[]} per signal) read from its signal files in
 * format 212, 16 or 80 ({@link WfdbSignalFile}). Conversion to millivolts uses each signal's gain and baseline, and its units
 * (µV and V are converted to mV).
 */
public final class WfdbRecord {
    private final WfdbHeader header;
    private final int[][] adc;

    private WfdbRecord(WfdbHeader header, int[][] adc) {
        this.header = header;
        this.adc = adc;
    }

    public WfdbHeader header() { return header; }
    public int length() { return adc.length == 0 ? 0 : adc[0].length; }
    public int[] adc(int signal) { return adc[signal]; }

    /**
     * Reads the header and every signal file it names (resolved beside the header). When the header omits the
     * number of samples it is inferred from the signal file sizes. Errors name the file and the problem.
     */
    public static WfdbRecord read(Path hea) throws IOException {
        WfdbHeader h = WfdbHeader.parse(hea);
        int nsig = h.numSignals();
        long n = h.numSamples();
        if (n > Integer.MAX_VALUE) throw new WfdbFormatException(hea, "record too long: " + n + " samples");
        int[][] out = new int[nsig][];
        for (int s = 0; s < nsig; s++) {
            WfdbHeader.Signal sig = h.signal(s);
            if (sig.samplesPerFrame() != 1) {
                throw new WfdbFormatException(hea, "signal " + s + " has " + sig.samplesPerFrame() + " samples per frame; only 1 is supported");
            }
            if (sig.skew() != 0) throw new WfdbFormatException(hea, "signal " + s + " has skew " + sig.skew() + "; unsupported");
        }
        int s = 0;
        while (s < nsig) {
            String fname = h.signal(s).fileName();
            int first = s;
            while (s < nsig && h.signal(s).fileName().equals(fname)) s++;
            int count = s - first;
            int format = h.signal(first).format();
            for (int k = first; k < s; k++) {
                if (h.signal(k).format() != format) {
                    throw new WfdbFormatException(hea, "signals in " + fname + " use different formats; unsupported");
                }
            }
            Path dat = hea.resolveSibling(fname);
            int[][] dec = WfdbSignalFile.read(dat, format, count, n, h.signal(first).byteOffset());
            for (int k = 0; k < count; k++) out[first + k] = dec[k];
        }
        for (int k = 1; k < nsig; k++) {
            if (out[k].length != out[0].length) {
                throw new WfdbFormatException(hea, "signal files hold different numbers of samples (" + out[0].length + " for signal 0, "
                        + out[k].length + " for signal " + k + ") and the header gives none");
            }
        }
        return new WfdbRecord(h, out);
    }

    /** The WFDB invalid-sample value of a signal's format ({@link WfdbSignalFile#invalidValue}). */
    public int invalidValue(int signal) {
        return WfdbSignalFile.invalidValue(header.signal(signal).format());
    }

    /** What NaN in {@link #millivolts} stands for, e.g. {@code WFDB -2048} (for messages). */
    public String invalidCause(int signal) {
        return "WFDB " + invalidValue(signal);
    }

    /** Number of samples of a signal equal to its format's invalid-sample value. */
    public int invalidCount(int signal) {
        int bad = invalidValue(signal), c = 0;
        for (int v : adc[signal]) if (v == bad) c++;
        return c;
    }

    /** Warnings of the header (record-name mismatch, duplicate signal names). */
    public List<String> warnings() {
        return header.warnings();
    }

    /** WFDB checksum of a signal: the sum of its samples as a signed 16-bit value. */
    public int checksum(int signal) {
        int sum = 0;
        for (int v : adc[signal]) sum += v;
        return (short) sum;
    }

    /**
     * The signal in millivolts: (adc − baseline) / gain, scaled from the header's units; the format's invalid-sample
     * value ({@link #invalidValue}) becomes NaN.
     */
    public double[] millivolts(int signal) {
        WfdbHeader.Signal s = header.signal(signal);
        double scale = switch (s.units().toLowerCase()) {
            case "uv", "µv", "microvolts" -> 1e-3;
            case "v", "volts" -> 1e3;
            default -> 1.0;
        };
        int[] a = adc[signal];
        double[] mv = new double[a.length];
        double g = s.gain();
        int base = s.baseline();
        int bad = invalidValue(signal);
        for (int i = 0; i < a.length; i++) mv[i] = a[i] == bad ? Double.NaN : (a[i] - base) / g * scale;
        return mv;
    }

    /**
     * Index of the lead named {@code lead} ({@code "first"} = signal 0); throws naming the record and
     * the leads it has when absent (MIT-BIH 114 has MLII second; 102 and 104 have no MLII).
     */
    public int signalIndex(String lead) throws WfdbFormatException {
        if (lead.equalsIgnoreCase("first")) return 0;
        int i = header.indexOf(lead);
        if (i < 0) {
            throw new WfdbFormatException(header.file(), "record " + header.recordName() + " has no lead '" + lead
                    + "'; its leads are " + header.leadNames());
        }
        return i;
    }
}
