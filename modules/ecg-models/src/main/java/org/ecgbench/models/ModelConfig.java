package org.ecgbench.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model builder needs to know, and nothing about datasets: the input shape
 * (leads x samples), the number of outputs, whether outputs are multi-label (sigmoid) or
 * single-label (softmax), model-specific parameters from the spec, and the seed.
 *
 * <p>Input contract for every model: features are rank 3, {@code [batch, leads, samples]},
 * float32; the graph has one input named {@code "input"} of type
 * {@code InputType.recurrent(leads, samples)} and one output named {@code "output"} of
 * shape {@code [batch, numClasses]}.
 */
public record ModelConfig(int leads, int samples, int numClasses, boolean multiLabel,
                          Map<String, Object> params, long seed) {

    public ModelConfig {
        if (leads < 1) throw new IllegalArgumentException("leads must be >= 1, got " + leads);
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static ModelConfig of(int leads, int samples, int numClasses) {
        return new ModelConfig(leads, samples, numClasses, false, Map.of(), 42L);
    }

    public ModelConfig withParams(Map<String, Object> p) {
        return new ModelConfig(leads, samples, numClasses, multiLabel, p, seed);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(leads, samples, numClasses, multiLabel, params, s);
    }

    public ModelConfig withMultiLabel(boolean m) {
        return new ModelConfig(leads, samples, numClasses, m, params, seed);
    }

    public int intParam(String key, int dflt) {
        Object v = params.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        throw new IllegalArgumentException("model parameter '" + key + "' must be an integer, got " + v);
    }

    public double doubleParam(String key, double dflt) {
        Object v = params.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("model parameter '" + key + "' must be a number, got " + v);
    }

    public String stringParam(String key, String dflt) {
        Object v = params.get(key);
        return v == null ? dflt : v.toString();
    }

    @SuppressWarnings("unchecked")
    public int[] intArrayParam(String key, int[] dflt) {
        Object v = params.get(key);
        if (v == null) return dflt;
        if (v instanceof java.util.List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                Object o = l.get(i);
                if (!(o instanceof Number n)) throw new IllegalArgumentException("model parameter '" + key + "' must be a list of integers, got " + v);
                out[i] = n.intValue();
            }
            return out;
        }
        throw new IllegalArgumentException("model parameter '" + key + "' must be a list of integers, got " + v);
    }
}
