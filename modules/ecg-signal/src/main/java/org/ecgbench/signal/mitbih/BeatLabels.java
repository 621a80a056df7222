package org.ecgbench.signal.mitbih;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named maps from MIT-BIH beat symbols to classes. {@code aami5}: AAMI EC57 N (N L R e j),
 * S (A a J S), V (V E), F (F), Q (/ f Q). {@code aami4}: the same without Q (Q beats are not
 * windows of any class), the usual choice under the inter-patient protocol, where the paced records
 * are excluded and only 8 (DS1) and 7 (DS2) Q beats remain. {@code nlrav}: ArrhythmiNet's N, L, R,
 * A, V (other symbols excluded). Symbols not in a map are not beats of any class and are skipped.
 */
public final class BeatLabels {
    private final String name;
    private final String[] classNames;
    private final Map<String, Integer> symbolToClass;

    private BeatLabels(String name, String[] classNames, Map<String, Integer> m) {
        this.name = name;
        this.classNames = classNames;
        this.symbolToClass = m;
    }

    public static final List<String> NAMES = List.of("aami5", "aami4", "nlrav");

    public static BeatLabels byName(String name) {
        return switch (name) {
            case "aami5" -> {
                Map<String, Integer> m = new LinkedHashMap<>();
                for (String s : new String[] {"N", "L", "R", "e", "j"}) m.put(s, 0);
                for (String s : new String[] {"A", "a", "J", "S"}) m.put(s, 1);
                for (String s : new String[] {"V", "E"}) m.put(s, 2);
                m.put("F", 3);
                for (String s : new String[] {"/", "f", "Q"}) m.put(s, 4);
                yield new BeatLabels(name, new String[] {"N", "S", "V", "F", "Q"}, m);
            }
            case "aami4" -> {
                Map<String, Integer> m = new LinkedHashMap<>();
                for (String s : new String[] {"N", "L", "R", "e", "j"}) m.put(s, 0);
                for (String s : new String[] {"A", "a", "J", "S"}) m.put(s, 1);
                for (String s : new String[] {"V", "E"}) m.put(s, 2);
                m.put("F", 3);
                yield new BeatLabels(name, new String[] {"N", "S", "V", "F"}, m);
            }
            case "nlrav" -> {
                Map<String, Integer> m = new LinkedHashMap<>();
                String[] c = {"N", "L", "R", "A", "V"};
                for (int i = 0; i < c.length; i++) m.put(c[i], i);
                yield new BeatLabels(name, c, m);
            }
            default -> throw new IllegalArgumentException("unknown label map '" + name + "'; known: " + NAMES);
        };
    }

    public String name() { return name; }
    public String[] classNames() { return classNames.clone(); }
    public int numClasses() { return classNames.length; }

    /** Class index of an annotation symbol, or -1 when the symbol is not in this map. */
    public int classOf(String symbol) {
        Integer c = symbolToClass.get(symbol);
        return c == null ? -1 : c;
    }

    public String describe() {
        Map<String, StringBuilder> by = new LinkedHashMap<>();
        for (String c : classNames) by.put(c, new StringBuilder());
        for (Map.Entry<String, Integer> e : symbolToClass.entrySet()) by.get(classNames[e.getValue()]).append(e.getKey()).append(' ');
        StringBuilder sb = new StringBuilder(name + ":");
        for (Map.Entry<String, StringBuilder> e : by.entrySet()) sb.append(' ').append(e.getKey()).append(" = {").append(e.getValue().toString().strip()).append('}');
        return sb.toString();
    }
}
