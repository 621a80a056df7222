package org.ecgbench.databases.ptbxl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the Python dict literals of PTB-XL's {@code scp_codes} column, e.g.
 * {@code {'NORM': 100.0, 'SR': 0.0}}: string keys in single or double quotes (backslash escapes allowed),
 * numeric values (int, float, exponent, {@code nan}/{@code inf} as written by Python), optional trailing
 * comma, empty dict {@code {}}. Key order is preserved. Anything else is an error giving the position.
 */
public final class PyDictParser {
    private final String s;
    private int i;

    private PyDictParser(String s) {
        this.s = s;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the offending character position. */
    public static LinkedHashMap<String, Double> parse(String text) {
        if (text == null) throw new IllegalArgumentException("dict literal is missing");
        return new PyDictParser(text).dict();
    }

    private LinkedHashMap<String, Double> dict() {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        ws();
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                ws();
                if (peek() == '}') { // trailing comma
                    i++;
                    break;
                }
                String k = string();
                ws();
                expect(':');
                ws();
                double v = number();
                if (out.put(k, v) != null) throw err("duplicate key '" + k + "'");
                ws();
                char c = peek();
                if (c == ',') {
                    i++;
                } else if (c == '}') {
                    i++;
                    break;
                } else {
                    throw err("expected ',' or '}'");
                }
            }
        }
        ws();
        if (i != s.length()) throw err("unexpected text after the closing '}'");
        return out;
    }

    private String string() {
        char q = peek();
        if (q != '\'' && q != '"') throw err("expected a quoted key");
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw err("unterminated string");
            char c = s.charAt(i++);
            if (c == q) break;
            if (c == '\\') {
                if (i >= s.length()) throw err("unterminated escape");
                sb.append(s.charAt(i++));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private double number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eEnaifNAIF".indexOf(s.charAt(i)) >= 0) i++;
        String t = s.substring(start, i);
        if (t.isEmpty()) throw errAt(start, "expected a number");
        String lower = t.toLowerCase();
        switch (lower) {
            case "nan": return Double.NaN;
            case "inf", "+inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default:
        }
        if (lower.contains("n") || lower.contains("i") || lower.contains("f") || lower.contains("a")) throw errAt(start, "'" + t + "' is not a number");
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw errAt(start, "'" + t + "' is not a number");
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private char peek() {
        if (i >= s.length()) throw err("unexpected end of text");
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) throw err("expected '" + c + "'");
        i++;
    }

    private IllegalArgumentException err(String msg) {
        return errAt(i, msg);
    }

    private IllegalArgumentException errAt(int pos, String msg) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return new IllegalArgumentException("bad dict literal at character " + (pos + 1) + ": " + msg + " in \"" + shown + "\"");
    }

    /** Convenience for tests and callers that need a plain map. */
    public static Map<String, Double> parseToMap(String text) {
        return parse(text);
    }
}
