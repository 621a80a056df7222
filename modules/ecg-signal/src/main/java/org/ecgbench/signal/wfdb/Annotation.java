package org.ecgbench.signal.wfdb;

/** One annotation from a WFDB annotation file. */
public record Annotation(long sample, int code, String symbol, int subtype, int chan, int num, String aux) {

    /** True for beat annotations (WFDB {@code isqrs}). */
    public boolean isBeat() {
        return AnnotationCodes.isBeat(code);
    }
}
