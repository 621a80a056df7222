package org.ecgbench.signal;
/** Marker for the signal module: readers, preprocessing, datasets (no DL4J). */
public final class SignalModule { private SignalModule() {} }
