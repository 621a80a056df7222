package org.ecgbench.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a spec's {@code model.name} to its builder. Builders register in {@link #DEFAULT}'s
 * static initialiser below; add new architectures there.
 */
public final class ModelRegistry {

    private final Map<String, ModelBuilder> builders = new TreeMap<>();

    public static final ModelRegistry DEFAULT = createDefault();

    private static ModelRegistry createDefault() {
        ModelRegistry r = new ModelRegistry();
        for (ModelBuilder b : BuiltinModels.all()) r.register(b);
        return r;
    }

    public synchronized void register(ModelBuilder b) {
        if (builders.containsKey(b.name())) throw new IllegalStateException("model '" + b.name() + "' registered twice");
        builders.put(b.name(), b);
    }

    public synchronized ModelBuilder get(String name) {
        ModelBuilder b = builders.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", builders.keySet()));
        }
        return b;
    }

    public synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(builders.keySet()));
    }
}
