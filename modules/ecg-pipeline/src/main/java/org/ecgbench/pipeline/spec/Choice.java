package org.ecgbench.pipeline.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A closed set of spec values ({@code class_weights: balanced}, {@code split.mode: random_beats} ...) as an enum:
 * the YAML spelling is the constant's name in lower case ({@link #key()}); {@code toString()} of every spec enum
 * returns it too, so reports print what the spec says, and Jackson writes it.
 */
public interface Choice {
    /** The spelling in a spec file, e.g. {@code random_beats}. */
    @JsonValue
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** Every spelling of {@code type}, in declaration order. */
    static <E extends Enum<E> & Choice> List<String> keys(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) out.add(e.key());
        return out;
    }

    /** The constant spelled {@code key}, or null. */
    static <E extends Enum<E> & Choice> E byKey(Class<E> type, String key) {
        for (E e : type.getEnumConstants()) if (e.key().equals(key)) return e;
        return null;
    }

    /** The node's value as a constant of {@code type}; an error naming the key, the allowed values and the line otherwise. */
    static <E extends Enum<E> & Choice> E parse(Node n, String key, Class<E> type) {
        String v = n.asString();
        E e = byKey(type, v);
        if (e == null) throw n.error("'" + key + "' must be one of " + keys(type) + ", got '" + v + "'");
        return e;
    }
}
