package org.ecgbench.pipeline.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ecgbench.signal.util.Hashes;

/**
 * What data a run actually read: the SHA-256 over every file's path (relative to the data root), size and SHA-256,
 * and over the split lists. It goes into the provenance and the checkpoint key, so a corrupted or replaced data
 * folder, or other splits, give another fingerprint and a resume with them is refused. Per-file hashes are cached by
 * absolute path, size and modification time ({@code ~/.cache/ecgbench/file-sha256.tsv}, or the folder of the system
 * property {@code ecgbench.cache}), so a second run costs a directory listing.
 */
public record DataFingerprint(String sha256, int files, long bytes) {
    private static final Map<String, String> MEMO = new ConcurrentHashMap<>();
    private static volatile boolean loaded;

    /** {@code "sha256:<hex> (<n> files, <bytes> bytes)"}. */
    @Override
    public String toString() {
        return sha256 + " (" + files + " files, " + bytes + " bytes)";
    }

    public static DataFingerprint of(Path dataRoot, Collection<Path> files, Map<String, List<String>> splits) {
        TreeMap<String, Path> byName = new TreeMap<>();
        Path root = dataRoot == null ? null : dataRoot.toAbsolutePath().normalize();
        for (Path f : files) {
            Path a = f.toAbsolutePath().normalize();
            byName.put(root != null && a.startsWith(root) ? root.relativize(a).toString() : a.toString(), a);
        }
        StringBuilder sb = new StringBuilder();
        long bytes = 0;
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            try {
                long size = Files.size(e.getValue());
                bytes += size;
                sb.append(e.getKey()).append('\t').append(size).append('\t').append(fileSha256(e.getValue())).append('\n');
            } catch (IOException x) {
                throw new UncheckedIOException("cannot fingerprint " + e.getValue() + ": " + x.getMessage(), x);
            }
        }
        new TreeMap<>(splits).forEach((name, recs) -> sb.append("split ").append(name).append('\t').append(String.join(",", recs)).append('\n'));
        return new DataFingerprint("sha256:" + Hashes.sha256Hex(sb.toString()), byName.size(), bytes);
    }

    /** The file's SHA-256, from the cache when its size and modification time are unchanged. */
    static String fileSha256(Path f) throws IOException {
        load();
        long size = Files.size(f);
        long mtime = Files.getLastModifiedTime(f).toMillis();
        String key = f.toAbsolutePath().normalize() + "\t" + size + "\t" + mtime;
        String hit = MEMO.get(key);
        if (hit != null) return hit;
        String sha = Hashes.sha256Hex(f);
        MEMO.put(key, sha);
        append(sha + "\t" + key + "\n");
        return sha;
    }

    private static Path cacheFile() {
        String dir = System.getProperty("ecgbench.cache");
        Path base = dir != null && !dir.isBlank() ? Paths.get(dir) : Paths.get(System.getProperty("user.home"), ".cache", "ecgbench");
        return base.resolve("file-sha256.tsv");
    }

    private static synchronized void load() {
        if (loaded) return;
        loaded = true;
        Path c = cacheFile();
        if (!Files.isRegularFile(c)) return;
        try {
            for (String line : Files.readAllLines(c, StandardCharsets.UTF_8)) {
                String[] p = line.split("\t");
                if (p.length == 4 && p[0].matches("[0-9a-f]{64}")) MEMO.put(p[1] + "\t" + p[2] + "\t" + p[3], p[0]);
            }
        } catch (IOException e) {
            // an unreadable cache only costs time: every file is hashed again
        }
    }

    /** Appends one line; a cache that cannot be written is skipped (it only saves time). */
    private static synchronized void append(String line) {
        try {
            Path c = cacheFile();
            Files.createDirectories(c.getParent());
            Files.writeString(c, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException | SecurityException e) {
            // read-only home: no cache
        }
    }
}
