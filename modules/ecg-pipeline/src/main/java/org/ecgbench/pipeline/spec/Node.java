package org.ecgbench.pipeline.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that remembers where it came from, with strict typed accessors. Every error
 * names {@code file:line:column}; unknown keys get a "did you mean" hint.
 */
public final class Node {
    private final String file;
    private final org.yaml.snakeyaml.nodes.Node raw;
    private final String path;

    Node(String file, org.yaml.snakeyaml.nodes.Node raw, String path) {
        this.file = file;
        this.raw = raw;
        this.path = path;
    }

    public String path() { return path; }
    public int line() { return raw.getStartMark().getLine() + 1; }
    public int column() { return raw.getStartMark().getColumn() + 1; }
    public String file() { return file; }

    public SpecException error(String message) {
        return new SpecException(file, line(), column(), message);
    }

    public boolean isMap() { return raw instanceof MappingNode; }
    public boolean isList() { return raw instanceof SequenceNode; }
    public boolean isNull() { return raw instanceof ScalarNode s && s.getTag().equals(Tag.NULL); }

    private static String kind(org.yaml.snakeyaml.nodes.Node n) {
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        if (n instanceof ScalarNode s) {
            Tag t = s.getTag();
            if (t.equals(Tag.INT)) return "an integer (" + s.getValue() + ")";
            if (t.equals(Tag.FLOAT)) return "a number (" + s.getValue() + ")";
            if (t.equals(Tag.BOOL)) return "a boolean (" + s.getValue() + ")";
            if (t.equals(Tag.NULL)) return "null";
            return "a string ('" + s.getValue() + "')";
        }
        return "an unsupported YAML node";
    }

    /** Entries of a mapping, in file order. Rejects duplicate keys. */
    public Map<String, Node> entries() {
        if (!(raw instanceof MappingNode m)) throw error("'" + path + "' must be a mapping, got " + kind(raw));
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new Node(file, t.getKeyNode(), path).error("keys in '" + path + "' must be plain strings");
            }
            String key = k.getValue();
            Node child = new Node(file, t.getValueNode(), path.isEmpty() ? key : path + "." + key);
            if (out.put(key, child) != null) throw new Node(file, k, path).error("duplicate key '" + key + "' in '" + path + "'");
        }
        return out;
    }

    /** Fails on any key not in {@code allowed}, with a did-you-mean hint. */
    public Map<String, Node> entries(Collection<String> allowed) {
        Map<String, Node> e = entries();
        Set<String> ok = new LinkedHashSet<>(allowed);
        for (Map.Entry<String, Node> x : e.entrySet()) {
            if (!ok.contains(x.getKey())) {
                String hint = closest(x.getKey(), ok);
                String where = path.isEmpty() ? "at the top level" : "in '" + path + "'";
                throw keyError(x.getValue(), "unknown key '" + x.getKey() + "' " + where
                        + (hint != null ? "; did you mean '" + hint + "'?" : "")
                        + " Allowed keys: " + String.join(", ", ok));
            }
        }
        return e;
    }

    private SpecException keyError(Node value, String msg) {
        // point at the key itself: one line above a block value, same line for a scalar
        MappingNode m = (MappingNode) raw;
        for (NodeTuple t : m.getValue()) {
            if (t.getValueNode() == value.raw) {
                return new SpecException(file, t.getKeyNode().getStartMark().getLine() + 1,
                        t.getKeyNode().getStartMark().getColumn() + 1, msg);
            }
        }
        return value.error(msg);
    }

    public List<Node> items() {
        if (!(raw instanceof SequenceNode s)) throw error("'" + path + "' must be a list, got " + kind(raw));
        List<Node> out = new ArrayList<>();
        int i = 0;
        for (org.yaml.snakeyaml.nodes.Node n : s.getValue()) out.add(new Node(file, n, path + "[" + (i++) + "]"));
        return out;
    }

    private ScalarNode scalar(String expected) {
        if (!(raw instanceof ScalarNode s) || isNull()) throw error("'" + path + "' must be " + expected + ", got " + kind(raw));
        return s;
    }

    public String asString() {
        ScalarNode s = scalar("a string");
        return s.getValue();
    }

    public long asLong() {
        ScalarNode s = scalar("an integer");
        if (!s.getTag().equals(Tag.INT)) throw error("'" + path + "' must be an integer, got " + kind(raw));
        try {
            return Long.decode(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("'" + path + "' must be an integer, got '" + s.getValue() + "'");
        }
    }

    public int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error("'" + path + "' is out of range: " + v);
        return (int) v;
    }

    public int asPositiveInt() {
        int v = asInt();
        if (v <= 0) throw error("'" + path + "' must be a positive integer, got " + v);
        return v;
    }

    public double asDouble() {
        ScalarNode s = scalar("a number");
        if (!s.getTag().equals(Tag.INT) && !s.getTag().equals(Tag.FLOAT)) {
            throw error("'" + path + "' must be a number, got " + kind(raw));
        }
        String v = s.getValue().replace("_", "");
        try {
            if (v.equals(".inf") || v.equals("+.inf")) return Double.POSITIVE_INFINITY;
            if (v.equals("-.inf")) return Double.NEGATIVE_INFINITY;
            if (v.equalsIgnoreCase(".nan")) throw error("'" + path + "' must be a finite number, got NaN");
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw error("'" + path + "' must be a number, got '" + s.getValue() + "'");
        }
    }

    public boolean asBoolean() {
        ScalarNode s = scalar("a boolean (true/false)");
        if (!s.getTag().equals(Tag.BOOL)) throw error("'" + path + "' must be a boolean (true/false), got " + kind(raw));
        return Boolean.parseBoolean(s.getValue().toLowerCase()) || s.getValue().equalsIgnoreCase("yes") || s.getValue().equalsIgnoreCase("on");
    }

    public List<String> asStringList() {
        List<String> out = new ArrayList<>();
        for (Node n : items()) out.add(n.asString());
        return out;
    }

    /** Converts to plain Java values (Map, List, String, Long, Double, Boolean, null). */
    public Object toPlain() {
        if (raw instanceof MappingNode) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : entries().entrySet()) m.put(e.getKey(), e.getValue().toPlain());
            return m;
        }
        if (raw instanceof SequenceNode) {
            List<Object> l = new ArrayList<>();
            for (Node n : items()) l.add(n.toPlain());
            return l;
        }
        ScalarNode s = (ScalarNode) raw;
        Tag t = s.getTag();
        if (t.equals(Tag.NULL)) return null;
        if (t.equals(Tag.INT)) return asLong();
        if (t.equals(Tag.FLOAT)) return asDouble();
        if (t.equals(Tag.BOOL)) return asBoolean();
        return s.getValue();
    }

    static String closest(String key, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(key.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
