package org.ecgbench.signal.preprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds preprocessing pipelines from spec lists such as
 * {@code [{step: baseline_median}, {step: bandpass, low_hz: 0.5, high_hz: 40, order: 2}]}.
 * Unknown steps, unknown keys and wrong types fail with the step's index, name and the valid keys.
 *
 * <p>Record steps: {@code baseline_median} (first_ms 200, second_ms 600), {@code bandpass}
 * (low_hz, high_hz, order 2), {@code highpass} (low_hz, order 2), {@code lowpass} (high_hz, order 2).
 * Window steps: {@code zscore}, {@code minmax}.
 */
public final class Preprocessing {
    private Preprocessing() {}

    private static final Map<String, Set<String>> RECORD_KEYS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> WINDOW_KEYS = new LinkedHashMap<>();

    static {
        RECORD_KEYS.put("baseline_median", Set.of("first_ms", "second_ms"));
        RECORD_KEYS.put("bandpass", Set.of("low_hz", "high_hz", "order"));
        RECORD_KEYS.put("highpass", Set.of("low_hz", "order"));
        RECORD_KEYS.put("lowpass", Set.of("high_hz", "order"));
        WINDOW_KEYS.put("zscore", Set.of());
        WINDOW_KEYS.put("minmax", Set.of());
    }

    public static List<SignalStep> recordSteps(List<Map<String, Object>> spec) {
        List<SignalStep> out = new ArrayList<>();
        for (int i = 0; i < spec.size(); i++) {
            Map<String, Object> m = spec.get(i);
            String name = stepName(m, i, RECORD_KEYS, "record");
            check(m, i, name, RECORD_KEYS.get(name));
            out.add(switch (name) {
                case "baseline_median" -> new MedianBaseline(num(m, "first_ms", 200, i, name), num(m, "second_ms", 600, i, name));
                case "bandpass" -> new Butterworth(Butterworth.Type.BANDPASS, integer(m, "order", 2, i, name),
                        req(m, "low_hz", i, name), req(m, "high_hz", i, name));
                case "highpass" -> new Butterworth(Butterworth.Type.HIGHPASS, integer(m, "order", 2, i, name), req(m, "low_hz", i, name), 0);
                case "lowpass" -> new Butterworth(Butterworth.Type.LOWPASS, integer(m, "order", 2, i, name), 0, req(m, "high_hz", i, name));
                default -> throw new IllegalStateException(name);
            });
        }
        return out;
    }

    public static List<WindowStep> windowSteps(List<Map<String, Object>> spec) {
        List<WindowStep> out = new ArrayList<>();
        for (int i = 0; i < spec.size(); i++) {
            Map<String, Object> m = spec.get(i);
            String name = stepName(m, i, WINDOW_KEYS, "window");
            check(m, i, name, WINDOW_KEYS.get(name));
            out.add(switch (name) {
                case "zscore" -> new ZScore();
                case "minmax" -> new MinMax();
                default -> throw new IllegalStateException(name);
            });
        }
        return out;
    }

    private static String stepName(Map<String, Object> m, int i, Map<String, Set<String>> known, String kind) {
        Object s = m.get("step");
        if (!(s instanceof String name)) {
            throw new IllegalArgumentException(kind + " preprocessing step " + i + " needs 'step: <name>'; " + kind + " steps are " + known.keySet());
        }
        if (!known.containsKey(name)) {
            String hint = RECORD_KEYS.containsKey(name) || WINDOW_KEYS.containsKey(name)
                    ? " ('" + name + "' is a " + (RECORD_KEYS.containsKey(name) ? "record" : "window") + " step)" : "";
            throw new IllegalArgumentException("unknown " + kind + " preprocessing step '" + name + "' at index " + i + hint
                    + "; " + kind + " steps are " + known.keySet());
        }
        return name;
    }

    private static void check(Map<String, Object> m, int i, String name, Set<String> keys) {
        for (String k : m.keySet()) {
            if (!k.equals("step") && !keys.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' in preprocessing step " + i + " (" + name
                        + "); valid keys: " + (keys.isEmpty() ? "none" : String.join(", ", keys)));
            }
        }
    }

    private static double req(Map<String, Object> m, String k, int i, String name) {
        if (!m.containsKey(k)) throw new IllegalArgumentException("preprocessing step " + i + " (" + name + ") needs '" + k + "'");
        return num(m, k, 0, i, name);
    }

    private static double num(Map<String, Object> m, String k, double d, int i, String name) {
        Object v = m.get(k);
        if (v == null) return d;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("'" + k + "' in preprocessing step " + i + " (" + name + ") must be a number, got '" + v + "'");
    }

    private static int integer(Map<String, Object> m, String k, int d, int i, String name) {
        Object v = m.get(k);
        if (v == null) return d;
        if (v instanceof Integer || v instanceof Long) return ((Number) v).intValue();
        throw new IllegalArgumentException("'" + k + "' in preprocessing step " + i + " (" + name + ") must be an integer, got '" + v + "'");
    }
}
