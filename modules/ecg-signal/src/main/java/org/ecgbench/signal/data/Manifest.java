package org.ecgbench.signal.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a dataset folder against a checksum list in {@code sha256sum} format
 * ({@code <hex>  <relative path>} per line; {@code MANIFEST.sha256} or PhysioNet's {@code SHA256SUMS.txt}).
 */
public final class Manifest {
    private Manifest() {}

    public record Entry(String sha256, String path) {}

    public record VerifyResult(List<String> ok, List<String> missing, List<String> mismatched) {
        public boolean allOk() {
            return missing.isEmpty() && mismatched.isEmpty();
        }
    }

    /** The checksum list of a folder: MANIFEST.sha256, else SHA256SUMS.txt. */
    public static Path manifestOf(Path dir) throws NoSuchFileException {
        for (String n : new String[] {"MANIFEST.sha256", "SHA256SUMS.txt", "SHA256SUMS"}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) return p;
        }
        throw new NoSuchFileException(dir.toString(), null, "no MANIFEST.sha256 or SHA256SUMS.txt in the folder");
    }

    public static List<Entry> parse(Path list) throws IOException {
        List<Entry> out = new ArrayList<>();
        int ln = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            ln++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] t = line.split("\\s+\\*?", 2);
            if (t.length != 2 || !t[0].matches("[0-9a-fA-F]{64}")) {
                throw new IOException(list + ":" + ln + ": not a sha256sum line: '" + line + "'");
            }
            String path = t[1].startsWith("./") ? t[1].substring(2) : t[1];
            out.add(new Entry(t[0].toLowerCase(), path));
        }
        return out;
    }

    public static VerifyResult verify(Path dir, Path list) throws IOException {
        List<String> ok = new ArrayList<>(), missing = new ArrayList<>(), bad = new ArrayList<>();
        for (Entry e : parse(list)) {
            Path f = dir.resolve(e.path());
            if (!Files.isRegularFile(f)) missing.add(e.path());
            else if (!sha256(f).equals(e.sha256())) bad.add(e.path());
            else ok.add(e.path());
        }
        return new VerifyResult(ok, missing, bad);
    }

    public static VerifyResult verify(Path dir) throws IOException {
        return verify(dir, manifestOf(dir));
    }

    /** SHA-256 of the folder's checksum list: identifies the exact copy used (for provenance). */
    public static String manifestDigest(Path dir) throws IOException {
        return sha256(manifestOf(dir));
    }

    public static String sha256(Path f) throws IOException {
        return org.ecgbench.signal.util.Hashes.sha256Hex(f);
    }
}
