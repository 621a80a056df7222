package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A WFDB record's samples (ADC units, one {@code int[]} per signal) read from its signal files in
 * format 212 or 16. Conversion to millivolts uses each signal's gain and baseline, and its units
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

    /** Reads the header and every signal file it names (resolved beside the header). */
    public static WfdbRecord read(Path hea) throws IOException {
        WfdbHeader h = WfdbHeader.parse(hea);
        int nsig = h.numSignals();
        long n = h.numSamples();
        if (nsig > 0 && n <= 0) throw new WfdbFormatException(hea, "the header gives no number of samples; unsupported");
        if (n > Integer.MAX_VALUE) throw new WfdbFormatException(hea, "record too long: " + n + " samples");
        int[][] out = new int[nsig][];
        // group signals by file (signals in one file are interleaved, in header order)
        Map<String, int[]> groups = new HashMap<>();
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
            int[][] dec = decode(dat, format, count, (int) n, h.signal(first).byteOffset());
            for (int k = 0; k < count; k++) out[first + k] = dec[k];
        }
        groups.clear();
        return new WfdbRecord(h, out);
    }

    static int[][] decode(Path dat, int format, int nsig, int n, long offset) throws IOException {
        if (format != 212 && format != 16) {
            throw new WfdbFormatException(dat, "unsupported format " + format + " in " + dat.getFileName()
                    + " (ecgbench reads formats 212 and 16)");
        }
        byte[] b;
        try {
            b = Files.readAllBytes(dat);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dat.toString(), null, "WFDB signal file not found");
        }
        long frames = n;
        long need = offset + (format == 16 ? frames * nsig * 2 : (frames * nsig * 3 + 1) / 2);
        if (b.length < need) {
            throw new WfdbFormatException(dat, "truncated signal file: " + n + " samples x " + nsig + " signals in format "
                    + format + " need " + need + " bytes, the file has " + b.length);
        }
        int[][] out = new int[nsig][n];
        int o = (int) offset;
        if (format == 16) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nsig; k++) {
                    out[k][i] = (short) ((b[o] & 0xFF) | (b[o + 1] << 8));
                    o += 2;
                }
            }
        } else {
            // format 212: pairs of 12-bit samples in 3 bytes, samples taken in frame order
            long total = (long) n * nsig;
            for (long j = 0; j < total; j += 2) {
                int b0 = b[o] & 0xFF, b1 = b[o + 1] & 0xFF;
                int v0 = b0 | ((b1 & 0x0F) << 8);
                if (v0 > 2047) v0 -= 4096;
                put(out, nsig, j, v0);
                if (j + 1 < total) {
                    int b2 = b[o + 2] & 0xFF;
                    int v1 = b2 | ((b1 & 0xF0) << 4);
                    if (v1 > 2047) v1 -= 4096;
                    put(out, nsig, j + 1, v1);
                }
                o += 3;
            }
        }
        return out;
    }

    private static void put(int[][] out, int nsig, long j, int v) {
        out[(int) (j % nsig)][(int) (j / nsig)] = v;
    }

    /** WFDB checksum of a signal: the sum of its samples as a signed 16-bit value. */
    public int checksum(int signal) {
        int sum = 0;
        for (int v : adc[signal]) sum += v;
        return (short) sum;
    }

    /** The signal in millivolts: (adc − baseline) / gain, scaled from the header's units. */
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
        for (int i = 0; i < a.length; i++) mv[i] = (a[i] - base) / g * scale;
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
