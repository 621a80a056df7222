package org.ecgbench.eval;
/** Marker for the evaluation module (no DL4J). */
public final class EvalModule { private EvalModule() {} }
