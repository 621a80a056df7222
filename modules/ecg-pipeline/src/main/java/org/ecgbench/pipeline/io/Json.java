package org.ecgbench.pipeline.io;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Minimal, dependency-free JSON writer for provenance and state files (pretty-printed, stable order). */
public final class Json {
    private Json() {}

    public static String write(Object o) {
        StringBuilder sb = new StringBuilder();
        write(o, sb, 0);
        return sb.toString();
    }

    private static void indent(StringBuilder sb, int n) {
        sb.append("  ".repeat(n));
    }

    private static void write(Object o, StringBuilder sb, int depth) {
        if (o == null) {
            sb.append("null");
        } else if (o instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                indent(sb, depth + 1);
                sb.append(quote(String.valueOf(e.getKey()))).append(": ");
                write(e.getValue(), sb, depth + 1);
                if (it.hasNext()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, depth);
            sb.append('}');
        } else if (o instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                write(it.next(), sb, depth + 1);
                if (it.hasNext()) sb.append(", ");
            }
            sb.append(']');
        } else if (o instanceof double[] d) {
            sb.append('[');
            for (int i = 0; i < d.length; i++) {
                if (i > 0) sb.append(", ");
                write(d[i], sb, depth);
            }
            sb.append(']');
        } else if (o instanceof int[] d) {
            sb.append('[');
            for (int i = 0; i < d.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(d[i]);
            }
            sb.append(']');
        } else if (o instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (o instanceof Float f) {
            sb.append(f.isNaN() || f.isInfinite() ? "null" : f.toString());
        } else if (o instanceof Number || o instanceof Boolean) {
            sb.append(o);
        } else {
            sb.append(quote(o.toString()));
        }
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
