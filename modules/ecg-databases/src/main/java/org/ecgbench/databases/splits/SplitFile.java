package org.ecgbench.databases.splits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Split files: UTF-8 text, lines starting with {@code #} are comments, blank lines are ignored, every other
 * line is {@code <record_id>\t<fold>} with an integer fold (its meaning, e.g. 0 = train, 1 = val, 2 = test,
 * is stated in the comments by whoever wrote the file).
 */
public final class SplitFile {
    private SplitFile() {}

    /** Writes the assignment (in map order) after the comment lines. */
    public static void write(Path file, Map<String, Integer> folds, List<String> comments) {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) for (String line : c.split("\n", -1)) sb.append("# ").append(line).append('\n');
        for (Map.Entry<String, Integer> e : folds.entrySet()) {
            String id = e.getKey();
            if (id.isEmpty() || id.contains("\t") || id.contains("\n") || id.startsWith("#")) {
                throw new IllegalArgumentException("record id '" + id + "' cannot be written to split file " + file);
            }
            sb.append(id).append('\t').append(e.getValue()).append('\n');
        }
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write split file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads an assignment; malformed lines and duplicate ids are errors naming the file and line. */
    public static LinkedHashMap<String, Integer> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split file " + file + ": " + e.getMessage(), e);
        }
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] t = line.split("\t", -1);
            if (t.length != 2 || t[0].isBlank()) {
                throw new IllegalArgumentException("split file " + file + " line " + (i + 1) + ": expected '<record_id><TAB><fold>', got '" + line + "'");
            }
            int fold;
            try {
                fold = Integer.parseInt(t[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("split file " + file + " line " + (i + 1) + ": fold '" + t[1] + "' is not an integer");
            }
            if (out.put(t[0].strip(), fold) != null) {
                throw new IllegalArgumentException("split file " + file + " line " + (i + 1) + ": record '" + t[0] + "' listed twice");
            }
        }
        return out;
    }

    /** Comment lines of a split file (without the leading {@code #} and one space). */
    /**
     * SHA-256 of what a split file says (its record TAB fold lines, sorted), not of its bytes: comments and line order
     * may change without changing the split.
     */
    public static String contentSha256(Path file) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(read(file)).forEach((id, fold) -> sb.append(id).append('\t').append(fold).append('\n'));
        return org.ecgbench.signal.util.Hashes.sha256Hex(sb.toString());
    }

    public static List<String> comments(Path file) {
        try {
            List<String> c = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (l.startsWith("#")) c.add(l.startsWith("# ") ? l.substring(2) : l.substring(1));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split file " + file + ": " + e.getMessage(), e);
        }
    }
}
