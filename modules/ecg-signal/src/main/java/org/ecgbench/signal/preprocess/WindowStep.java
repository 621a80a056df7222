package org.ecgbench.signal.preprocess;

/** A preprocessing step applied in place to one window (one lead of one beat). */
public interface WindowStep {
    void apply(float[] w);

    String describe();
}
