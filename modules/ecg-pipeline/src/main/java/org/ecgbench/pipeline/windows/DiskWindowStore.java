package org.ecgbench.pipeline.windows;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Windows streamed from a cache file, so that inputs larger than the heap (full CODE-15%, PTB-XL at 500 Hz) can
 * be trained on: the heap holds one batch, the operating system's page cache the rest. Reads are positional
 * ({@link FileChannel#read(ByteBuffer, long)}), thread-safe and need no memory mapping (files may exceed 2 GB).
 *
 * <p>File layout (little-endian): magic {@code ECGWIN01} (8 bytes), leads (int32), samples (int32), windows
 * (int64), key (32 bytes: SHA-256 of the caller's description of what the file holds — records, pipeline,
 * database), then {@code windows x leads x samples} float32 values, window-major. A file is written to a
 * temporary name and renamed when complete, so a crash never leaves a truncated cache under the real name; an
 * interrupted run that finds a complete file with the same key reuses it instead of reading the database again.
 */
public final class DiskWindowStore implements WindowStore, Closeable {
    static final byte[] MAGIC = "ECGWIN01".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of the cache file header: magic, version, shape, count and key hash. */
    public static final int HEADER = 8 + 4 + 4 + 8 + 32;

    private final Path file;
    private final int leads, samples;
    private final int[] index; // window i of this view = stored window index[i]
    private final Shared shared;

    /** One open channel shared by a file's views. */
    private static final class Shared {
        final FileChannel ch;
        Shared(FileChannel ch) { this.ch = ch; }
    }

    private DiskWindowStore(Path file, int leads, int samples, int[] index, Shared shared) {
        this.file = file;
        this.leads = leads;
        this.samples = samples;
        this.index = index;
        this.shared = shared;
    }

    /** SHA-256 of a key text (what the cache holds); stored in the header and compared on reuse. */
    public static byte[] key(String description) {
        return org.ecgbench.signal.util.Hashes.sha256(description.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a complete cache file, or returns null when the file is absent or holds something else (another key,
     * shape or window count) — the caller then rebuilds it. A file with the right header but the wrong size is
     * an error naming the file (it was not written by {@link Writer}).
     */
    public static DiskWindowStore openIfMatches(Path file, byte[] key, int expectedWindows) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, h, 0, file);
            h.flip();
            byte[] magic = new byte[8];
            h.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException("window cache " + file + " is not an ecgbench window cache (bad magic)");
            int l = h.getInt(), s = h.getInt();
            long n = h.getLong();
            byte[] k = new byte[32];
            h.get(k);
            if (!Arrays.equals(k, key) || n != expectedWindows) {
                ch.close();
                return null;
            }
            long want = HEADER + n * l * s * 4L;
            if (ch.size() != want) {
                throw new IOException("window cache " + file + " is " + ch.size() + " bytes, expected " + want + " for " + n + " windows of "
                        + l + " x " + s + " (truncated or corrupt: delete it)");
            }
            int[] idx = new int[(int) n];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            return new DiskWindowStore(file, l, s, idx, new Shared(ch));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("window cache " + file + " ends early at byte " + (pos + b.position()));
        }
    }

    @Override public int size() { return index.length; }
    @Override public int leads() { return leads; }
    @Override public int samples() { return samples; }
    @Override public boolean onDisk() { return true; }
    public Path file() { return file; }

    @Override
    public float[][] get(int i) {
        float[] flat = new float[leads * samples];
        copyTo(i, flat, 0);
        float[][] out = new float[leads][];
        for (int c = 0; c < leads; c++) out[c] = Arrays.copyOfRange(flat, c * samples, (c + 1) * samples);
        return out;
    }

    @Override
    public void copyTo(int i, float[] dst, int offset) {
        int per = leads * samples;
        ByteBuffer b = ByteBuffer.allocate(per * 4).order(ByteOrder.LITTLE_ENDIAN);
        try {
            readFully(shared.ch, b, HEADER + (long) index[i] * per * 4L, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read window " + index[i] + " of " + file + ": " + e.getMessage(), e);
        }
        b.flip();
        b.asFloatBuffer().get(dst, offset, per);
    }

    @Override
    public WindowStore subset(int[] idx) {
        int[] ni = new int[idx.length];
        for (int i = 0; i < idx.length; i++) ni[i] = index[idx[i]];
        return new DiskWindowStore(file, leads, samples, ni, shared);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "streamed from disk cache %s (%,d windows, %.1f MB float32)", file, size(),
                (double) size() * leads * samples * 4 / 1e6);
    }

    @Override
    public void close() throws IOException {
        shared.ch.close();
    }

    /** Writes a cache file window by window; {@link #commit()} renames it into place and opens it. */
    public static final class Writer implements Closeable {
        private final Path target, tmp;
        private final int leads, samples;
        private final long windows;
        private final byte[] key;
        private final DataOutputStream out;
        private final ByteBuffer row;
        private long written;
        private boolean committed;

        public Writer(Path target, byte[] key, long windows, int leads, int samples) throws IOException {
            if (key.length != 32) throw new IllegalArgumentException("key must be a SHA-256 (32 bytes)");
            this.target = target.toAbsolutePath();
            this.leads = leads;
            this.samples = samples;
            this.windows = windows;
            this.key = key;
            Files.createDirectories(this.target.getParent());
            this.tmp = Files.createTempFile(this.target.getParent(), "." + target.getFileName() + ".", ".tmp");
            OutputStream os = Files.newOutputStream(tmp);
            this.out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20));
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(leads).putInt(samples).putLong(windows).put(key);
            out.write(h.array());
            this.row = ByteBuffer.allocate(leads * samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        }

        public void add(float[][] w) throws IOException {
            if (w.length != leads) throw new IllegalArgumentException("window has " + w.length + " leads, cache " + target + " holds " + leads);
            if (written >= windows) throw new IllegalStateException("cache " + target + " was declared with " + windows + " windows");
            row.clear();
            for (float[] lead : w) {
                if (lead.length != samples) {
                    throw new IllegalArgumentException("window has " + lead.length + " samples, cache " + target + " holds " + samples);
                }
                for (float v : lead) row.putFloat(v);
            }
            out.write(row.array());
            written++;
        }

        public DiskWindowStore commit() throws IOException {
            if (written != windows) throw new IllegalStateException("cache " + target + ": " + written + " of " + windows + " windows written");
            out.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            DiskWindowStore s = openIfMatches(target, key, (int) windows);
            if (s == null) throw new IOException("cache " + target + " does not read back");
            return s;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }
}
