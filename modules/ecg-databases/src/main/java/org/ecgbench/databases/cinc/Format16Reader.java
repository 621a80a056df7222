package org.ecgbench.databases.cinc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reader for WFDB format-16 signal files ({@code .dat}): 16-bit two's complement little-endian samples,
 * interleaved frame by frame over all signals stored in the file (as in PTB-XL {@code records100/}
 * and {@code records500/}).
 */
public final class Format16Reader {
    private Format16Reader() {}

    /**
     * Reads {@code nSignals} interleaved signals starting at {@code byteOffset}. When {@code nSamples} is
     * negative the count is inferred from the file size. Returns adu values {@code [signal][sample]}.
     */
    public static short[][] read(Path dat, int nSignals, int nSamples, long byteOffset) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WFDB signal file " + dat + ": " + e.getMessage(), e);
        }
        if (nSignals <= 0) throw new IllegalArgumentException("WFDB signal file " + dat + ": no signals requested");
        long avail = bytes.length - byteOffset;
        if (avail < 0) throw new IllegalArgumentException("WFDB signal file " + dat + ": offset " + byteOffset + " beyond end of file");
        long frameBytes = 2L * nSignals;
        int n = nSamples >= 0 ? nSamples : (int) (avail / frameBytes);
        if (avail < n * frameBytes) {
            throw new IllegalArgumentException("WFDB format-16 file " + dat + " is truncated: header says " + n
                    + " samples x " + nSignals + " signals (" + n * frameBytes + " bytes) but the file holds " + avail + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        short[][] out = new short[nSignals][n];
        int pos = (int) byteOffset;
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < nSignals; s++) {
                out[s][i] = b.getShort(pos);
                pos += 2;
            }
        }
        return out;
    }
}
