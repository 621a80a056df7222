package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one reader of WFDB signal files ({@code .dat}) in ecgbench, used by MIT-BIH ({@link WfdbRecord}) and by the
 * PTB-XL / CinC readers of ecg-databases. Supported formats: 16 (16-bit two's complement, little endian),
 * 212 (pairs of 12-bit samples packed in 3 bytes) and 80 (8-bit offset binary). Signals stored in one file are
 * interleaved frame by frame. Samples are returned in adu, unchanged; the WFDB invalid-sample marker of each
 * format ({@link #invalidValue}) is left in place for the caller to turn into NaN.
 */
public final class WfdbSignalFile {
    private WfdbSignalFile() {}

    /** True for the formats this reader decodes (16, 212, 80). */
    public static boolean supported(int format) {
        return format == 16 || format == 212 || format == 80;
    }

    /**
     * The adu value WFDB uses for "no valid sample" in {@code format}: -32768 (16), -2048 (212), -128 (80);
     * {@link Integer#MIN_VALUE} for formats without one.
     */
    public static int invalidValue(int format) {
        return switch (format) {
            case 16 -> -32768;
            case 212 -> -2048;
            case 80 -> -128;
            default -> Integer.MIN_VALUE;
        };
    }

    /** Bytes needed for {@code samples} samples (all signals together) in {@code format}. */
    static long bytesFor(int format, long samples) {
        return switch (format) {
            case 16 -> samples * 2;
            case 212 -> (samples * 3 + 1) / 2;
            default -> samples;
        };
    }

    /**
     * Reads {@code nsig} interleaved signals from {@code dat}, starting at {@code byteOffset}. With
     * {@code nSamples} &lt; 0 the count is inferred from the file size. Returns adu values {@code [signal][sample]}.
     * Errors name the file and the problem (missing, empty, truncated, unsupported format).
     */
    public static int[][] read(Path dat, int format, int nsig, long nSamples, long byteOffset) throws IOException {
        if (!supported(format)) {
            throw new WfdbFormatException(dat, "unsupported format " + format + " in " + dat.getFileName()
                    + " (ecgbench reads WFDB formats 16, 212 and 80)");
        }
        if (nsig <= 0) throw new WfdbFormatException(dat, "no signals to read (" + nsig + " requested)");
        byte[] b;
        try {
            b = Files.readAllBytes(dat);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dat.toString(), null, "WFDB signal file not found");
        } catch (IOException e) {
            throw new IOException(dat + ": cannot read WFDB signal file: " + e.getMessage(), e);
        }
        long avail = b.length - byteOffset;
        if (b.length == 0) {
            throw new WfdbFormatException(dat, "empty signal file (0 bytes); the header expects "
                    + (nSamples < 0 ? "samples" : nSamples + " samples x " + nsig + " signals") + " in format " + format);
        }
        if (avail < 0) {
            throw new WfdbFormatException(dat, "byte offset " + byteOffset + " is beyond the end of the file (" + b.length + " bytes)");
        }
        long n = nSamples;
        if (n < 0) {
            n = format == 212 ? (avail * 2 / 3) / nsig : avail / bytesFor(format, nsig);
        }
        if (n > Integer.MAX_VALUE) throw new WfdbFormatException(dat, "record too long: " + n + " samples");
        long need = byteOffset + bytesFor(format, n * nsig);
        if (b.length < need) {
            throw new WfdbFormatException(dat, String.format(Locale.ROOT,
                    "truncated signal file: %d samples x %d signals in format %d need %d bytes, the file has %d",
                    n, nsig, format, need, b.length));
        }
        int len = (int) n;
        int[][] out = new int[nsig][len];
        int o = (int) byteOffset;
        switch (format) {
            case 16 -> {
                for (int i = 0; i < len; i++) {
                    for (int k = 0; k < nsig; k++) {
                        out[k][i] = (short) ((b[o] & 0xFF) | (b[o + 1] << 8));
                        o += 2;
                    }
                }
            }
            case 80 -> {
                for (int i = 0; i < len; i++) {
                    for (int k = 0; k < nsig; k++) out[k][i] = (b[o++] & 0xFF) - 128;
                }
            }
            default -> {
                // format 212: pairs of 12-bit samples in 3 bytes, samples taken in frame order
                long total = (long) len * nsig;
                for (long j = 0; j < total; j += 2) {
                    int b0 = b[o] & 0xFF, b1 = b[o + 1] & 0xFF;
                    int v0 = b0 | ((b1 & 0x0F) << 8);
                    if (v0 > 2047) v0 -= 4096;
                    out[(int) (j % nsig)][(int) (j / nsig)] = v0;
                    if (j + 1 < total) {
                        int b2 = b[o + 2] & 0xFF;
                        int v1 = b2 | ((b1 & 0xF0) << 4);
                        if (v1 > 2047) v1 -= 4096;
                        out[(int) ((j + 1) % nsig)][(int) ((j + 1) / nsig)] = v1;
                    }
                    o += 3;
                }
            }
        }
        return out;
    }
}
