package org.ecgbench.databases.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets a {@link LabelProtocol} assigns: class names and, per kept record id, a multi-hot vector over
 * the classes (exactly one true for single-label protocols). Records the protocol excludes are absent.
 */
public final class LabelSet {
    private final String protocol;
    private final List<String> classes;
    private final boolean multiLabel;
    private final Map<String, boolean[]> targets;

    public LabelSet(String protocol, List<String> classes, boolean multiLabel, Map<String, boolean[]> targets) {
        this.protocol = protocol;
        this.classes = List.copyOf(classes);
        this.multiLabel = multiLabel;
        Map<String, boolean[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, boolean[]> e : targets.entrySet()) {
            boolean[] v = e.getValue();
            if (v.length != classes.size()) throw new IllegalArgumentException("record " + e.getKey() + ": target length " + v.length + " != " + classes.size() + " classes");
            int n = 0;
            for (boolean b : v) if (b) n++;
            if (!multiLabel && n != 1) throw new IllegalArgumentException("single-label protocol " + protocol + ": record " + e.getKey() + " has " + n + " classes");
            copy.put(e.getKey(), v.clone());
        }
        this.targets = Collections.unmodifiableMap(copy);
    }

    public String protocol() { return protocol; }
    public List<String> classes() { return classes; }
    public boolean multiLabel() { return multiLabel; }

    /** Kept record ids, in input order. */
    public List<String> ids() { return new ArrayList<>(targets.keySet()); }

    public boolean contains(String id) { return targets.containsKey(id); }

    /** Multi-hot target of a kept record (a copy). */
    public boolean[] target(String id) {
        boolean[] t = targets.get(id);
        if (t == null) throw new IllegalArgumentException("record " + id + " is not labelled by protocol " + protocol);
        return t.clone();
    }

    /** Class index of a record under a single-label protocol. */
    public int classIndex(String id) {
        if (multiLabel) throw new IllegalStateException("protocol " + protocol + " is multi-label");
        boolean[] t = target(id);
        for (int i = 0; i < t.length; i++) if (t[i]) return i;
        throw new IllegalStateException("unreachable");
    }

    /** Number of kept records positive for each class, keyed by class name in class order. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String k : classes) c.put(k, 0);
        for (boolean[] t : targets.values()) for (int i = 0; i < t.length; i++) if (t[i]) c.merge(classes.get(i), 1, Integer::sum);
        return c;
    }

    public int size() { return targets.size(); }
}
