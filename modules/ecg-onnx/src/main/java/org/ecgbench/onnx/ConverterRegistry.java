package org.ecgbench.onnx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Converters by exact configuration class: one per DL4J layer, vertex and preprocessor type. Exact
 * classes (no superclass fallback) so that a subclass that changes behaviour, e.g.
 * {@code Convolution1DLayer extends ConvolutionLayer}, is reported as unsupported instead of being
 * exported wrongly. {@link #defaults()} holds every converter shipped with ecgbench; add your own with
 * {@link #layer}, {@link #vertex} and {@link #preprocessor}.
 */
public final class ConverterRegistry {
    private final Map<Class<?>, LayerConverter> layers = new LinkedHashMap<>();
    private final Map<Class<?>, VertexConverter> vertices = new LinkedHashMap<>();
    private final Map<Class<?>, PreprocessorConverter> preprocessors = new LinkedHashMap<>();

    /** A registry with the built-in DL4J and ecgbench converters. */
    public static ConverterRegistry defaults() {
        ConverterRegistry r = new ConverterRegistry();
        StandardConverters.registerAll(r);
        EcgbenchConverters.registerAll(r);
        return r;
    }

    public synchronized ConverterRegistry layer(Class<? extends Layer> c, LayerConverter conv) {
        layers.put(c, conv);
        return this;
    }

    public synchronized ConverterRegistry vertex(Class<? extends GraphVertex> c, VertexConverter conv) {
        vertices.put(c, conv);
        return this;
    }

    public synchronized ConverterRegistry preprocessor(Class<? extends InputPreProcessor> c, PreprocessorConverter conv) {
        preprocessors.put(c, conv);
        return this;
    }

    synchronized LayerConverter layerFor(String name, Layer l) {
        LayerConverter c = layers.get(l.getClass());
        if (c == null) throw missing("layer", name, l.getClass(), layers);
        return c;
    }

    synchronized VertexConverter vertexFor(String name, GraphVertex v) {
        VertexConverter c = vertices.get(v.getClass());
        if (c == null) throw missing("vertex", name, v.getClass(), vertices);
        return c;
    }

    synchronized PreprocessorConverter preprocessorFor(String name, InputPreProcessor p) {
        PreprocessorConverter c = preprocessors.get(p.getClass());
        if (c == null) throw missing("input preprocessor of layer", name, p.getClass(), preprocessors);
        return c;
    }

    /** Simple names of the supported layer classes (for docs and error messages). */
    public synchronized java.util.Set<String> supportedLayers() {
        TreeSet<String> s = new TreeSet<>();
        layers.keySet().forEach(c -> s.add(c.getSimpleName()));
        return s;
    }

    private static UnsupportedOperationException missing(String kind, String name, Class<?> c, Map<Class<?>, ?> known) {
        TreeSet<String> k = new TreeSet<>();
        known.keySet().forEach(x -> k.add(x.getSimpleName()));
        return new UnsupportedOperationException("ONNX export: " + kind + " '" + name + "' is a " + c.getName()
                + ", which has no ONNX converter; supported: " + k);
    }
}
