package org.ecgbench.models;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@code ecgbench models} lists for a model at one input shape: parameters (every array of the graph's
 * parameter table, batch-norm statistics included, as DL4J and Keras count them), float32 size and forward FLOPs.
 */
public record ModelSummary(String name, int leads, int samples, int classes, long params, double kbFloat32, long flops) {

    /** Builds {@code b} at {@code cfg} and measures it. */
    public static ModelSummary of(ModelBuilder b, ModelConfig cfg) {
        ComputationGraph g = b.build(cfg);
        long p = g.numParams();
        return new ModelSummary(b.name(), cfg.leads(), cfg.samples(), cfg.numClasses(), p, p * 4 / 1024.0, b.flops(cfg));
    }

    /** At the builder's default shape ({@link ModelBuilder#defaultShape()}). */
    public static ModelSummary ofDefault(ModelBuilder b) {
        int[] d = b.defaultShape();
        return of(b, ModelConfig.of(d[0], d[1], d[2]));
    }
}
