package org.ecgbench.pipeline.spec;

import java.util.List;
import java.util.Map;

/** Reading optional keys of one spec section into final fields: the value when the key is present, else the default. */
final class Fields {
    private final Map<String, Node> e;

    private Fields(Map<String, Node> e) {
        this.e = e;
    }

    /** The section's entries, refusing keys outside {@code allowed}; an absent section (null) reads as empty. */
    static Fields of(Node section, List<String> allowed) {
        return new Fields(section == null ? Map.of() : section.entries(allowed));
    }

    boolean has(String k) {
        return e.containsKey(k);
    }

    /** Present and not YAML null. */
    boolean given(String k) {
        return e.containsKey(k) && !e.get(k).isNull();
    }

    Node node(String k) {
        return e.get(k);
    }

    String str(String k, String dflt) {
        return given(k) ? e.get(k).asString() : dflt;
    }

    int integer(String k, int dflt) {
        return has(k) ? e.get(k).asInt() : dflt;
    }

    int positive(String k, int dflt) {
        return has(k) ? e.get(k).asPositiveInt() : dflt;
    }

    /** A positive int, or null when absent or YAML null. */
    Integer optPositive(String k) {
        return given(k) ? e.get(k).asPositiveInt() : null;
    }

    long lng(String k, long dflt) {
        return has(k) ? e.get(k).asLong() : dflt;
    }

    double dbl(String k, double dflt) {
        return has(k) ? e.get(k).asDouble() : dflt;
    }

    boolean bool(String k, boolean dflt) {
        return has(k) ? e.get(k).asBoolean() : dflt;
    }

    List<String> strings(String k, List<String> dflt) {
        return has(k) ? List.copyOf(e.get(k).asStringList()) : dflt;
    }

    <E extends Enum<E> & Choice> E choice(String k, String path, Class<E> type, E dflt) {
        return has(k) ? Choice.parse(e.get(k), path, type) : dflt;
    }

    /** Throws the error at the key's line when {@code bad}. */
    void check(String k, boolean bad, String message) {
        if (bad) throw e.get(k).error(message);
    }
}
