package org.ecgbench.quant;
/** Marker for the quantization module. */
public final class QuantModule { private QuantModule() {} }
