package org.ecgbench.experiments.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Specs derived from a search spec's YAML: the search section removed, {@code task: train_eval}, and the trial's values
 * set at their dotted paths (intermediate maps created). Each derived spec goes through the normal parser, so a value the
 * spec format refuses (e.g. a window whose before_r is not inside it) fails like a hand-written spec would.
 */
public final class TrialSpecs {
    private final Map<String, Object> base;
    private final String file;

    /** @param yaml the search spec's text; @param file its path (for messages) */
    public TrialSpecs(String yaml, String file) {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        Object o = new Yaml(lo).load(yaml);
        if (!(o instanceof Map)) throw new IllegalArgumentException(file + ": a spec must be a YAML mapping");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        this.base = m;
        this.file = file;
    }

    /** The YAML of a train_eval spec with these values (and {@code experiment}, {@code description} and {@code output.dir} replaced when non-null). */
    public String yaml(Map<String, Object> values, String experiment, String description, String outputDir) {
        Map<String, Object> m = deepCopy(base);
        m.remove("search");
        m.put("task", "train_eval");
        if (experiment != null) m.put("experiment", experiment);
        if (description != null) m.put("description", description);
        if (outputDir != null) {
            Map<String, Object> out = child(m, "output");
            out.put("dir", outputDir);
        } else if (m.get("output") instanceof Map<?, ?> out) {
            out.remove("dir");
        }
        for (Map.Entry<String, Object> e : values.entrySet()) set(m, e.getKey(), e.getValue());
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setWidth(140);
        return new Yaml(d).dump(m);
    }

    /** The parsed trial spec (named {@code <file> (trial N)} in messages). */
    public ExperimentSpec spec(Map<String, Object> values, String experiment, String label) {
        return ExperimentSpec.fromYaml(yaml(values, experiment, null, null), file + " (" + label + ")");
    }

    static void set(Map<String, Object> m, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> cur = m;
        for (int i = 0; i < parts.length - 1; i++) cur = child(cur, parts[i]);
        cur.put(parts[parts.length - 1], value instanceof Map || value instanceof List ? deepCopyObj(value) : value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> m, String key) {
        Object c = m.get(key);
        if (c instanceof Map) return (Map<String, Object>) c;
        Map<String, Object> n = new LinkedHashMap<>();
        m.put(key, n);
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        return (Map<String, Object>) deepCopyObj(m);
    }

    private static Object deepCopyObj(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), deepCopyObj(e.getValue()));
            return out;
        }
        if (o instanceof List<?> l) return new java.util.ArrayList<>(l.stream().map(TrialSpecs::deepCopyObj).toList());
        return o;
    }
}
