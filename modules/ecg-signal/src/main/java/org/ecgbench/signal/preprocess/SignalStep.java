package org.ecgbench.signal.preprocess;

/** A preprocessing step applied to one lead of a whole record (sampling rate {@code fs} Hz). */
public interface SignalStep {
    double[] apply(double[] x, double fs);

    /** One line for reports, with every parameter. */
    String describe();
}
