package org.ecgbench.models;

import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Builds one architecture from a {@link ModelConfig}. Registered in {@link ModelRegistry}. */
public interface ModelBuilder {

    /** Registry name used in specs, e.g. {@code cnn_bigru_attention}. */
    String name();

    /** One line for {@code ecgbench models}. */
    String description();

    /** Parameter keys this builder understands (unknown keys in a spec are rejected). */
    Set<String> parameterKeys();

    /** Default input shape for listing purposes: {leads, samples, numClasses}. */
    int[] defaultShape();

    /** Builds and initialises the network (parameters initialised with cfg.seed()). */
    ComputationGraph build(ModelConfig cfg);

    /** Forward FLOPs for one sample, multiply and add counted as 2. */
    long flops(ModelConfig cfg);
}
