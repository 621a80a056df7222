package org.ecgbench.models.flops;

import org.deeplearning4j.nn.conf.inputs.InputType;

/** A custom layer configuration that reports its own forward FLOPs per sample (multiply+add = 2). */
public interface FlopsAware {
    long flops(InputType input);
}
