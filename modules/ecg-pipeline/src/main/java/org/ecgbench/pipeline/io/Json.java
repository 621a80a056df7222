package org.ecgbench.pipeline.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out through Jackson: provenance, training state, summaries. Written pretty-printed in a stable order
 * ({@code "key": value}, objects indented by two spaces, arrays on one line); NaN and infinite numbers are written as
 * {@code null}; records and Jackson-annotated classes (typed summaries such as the run facts) as their JSON fields;
 * values of other types as their {@code toString()}. Reading fails with the file name and Jackson's
 * line/column.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER;

    static {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
        WRITER = MAPPER.writer(pp);
    }

    private Json() {}

    /** The value as pretty-printed JSON. */
    public static String write(Object o) {
        try {
            return WRITER.writeValueAsString(normalize(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A typed value (record, bean) as the ordered map of its JSON fields, e.g. to list them in a report. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> toMap(Object o) {
        return MAPPER.convertValue(o, java.util.LinkedHashMap.class);
    }

    /** A JSON file's top-level object; an error names the file, line and column when it is not valid JSON or not an object. */
    public static JsonNode readObject(Path file) {
        JsonNode n;
        try {
            n = MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException(file + ": expected a JSON object at the top level");
        return n;
    }

    /** A JSON object as a map of plain Java values (String, Number, Boolean, List, Map, null). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(Path file) {
        return MAPPER.convertValue(readObject(file), LinkedHashMap.class);
    }

    /** Converts to the JSON data model: maps, lists, finite numbers (else null), booleans, strings. */
    static Object normalize(Object o) {
        if (o == null || o instanceof String || o instanceof Boolean) return o;
        if (o instanceof Double d) return d.isNaN() || d.isInfinite() ? null : d;
        if (o instanceof Float f) return f.isNaN() || f.isInfinite() ? null : f;
        if (o instanceof Number) return o;
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            return out;
        }
        if (o instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) out.add(normalize(x));
            return out;
        }
        if (o instanceof double[] d) {
            List<Object> out = new ArrayList<>(d.length);
            for (double v : d) out.add(normalize(v));
            return out;
        }
        if (o instanceof int[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int v : a) out.add(v);
            return out;
        }
        if (o instanceof long[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (long v : a) out.add(v);
            return out;
        }
        Class<?> k = o.getClass();
        if (k.isRecord() || k.isAnnotationPresent(com.fasterxml.jackson.databind.annotation.JsonNaming.class)
                || k.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonInclude.class)) {
            return normalize(MAPPER.convertValue(o, LinkedHashMap.class)); // typed summaries: their JSON fields, NaN -> null
        }
        return o.toString();
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        return write(s);
    }
}
