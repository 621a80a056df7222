package org.ecgbench.quant;

/**
 * One tensor quantized to {@code bits} bits: integer codes {@code q} in 'c' order, one scale (and,
 * for the asymmetric scheme, one offset) per channel along {@code axis} (or one for the whole tensor
 * when {@code axis == -1}). Dequantization: symmetric {@code w = q·scale}; asymmetric
 * {@code w = q·scale + offset}; 1 bit: {@code w = (q == 1 ? +scale : −scale)}.
 */
public record QuantizedTensor(String name, long[] shape, int bits, Scheme scheme, int axis, int[] q, float[] scale, float[] offset) {

    public enum Scheme { SYMMETRIC, ASYMMETRIC }

    public long count() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /** Channel index of flat 'c'-order element i (0 when per-tensor). */
    public int channelOf(long i) {
        if (axis < 0) return 0;
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        return (int) ((i / inner) % shape[axis]);
    }

    public float[] dequantize() {
        int n = q.length;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int c = channelOf(i);
            if (bits == 1) w[i] = q[i] == 1 ? scale[c] : -scale[c];
            else if (scheme == Scheme.SYMMETRIC) w[i] = q[i] * scale[c];
            else w[i] = q[i] * scale[c] + offset[c];
        }
        return w;
    }

    /** Bits stored: codes at {@code bits} each, plus 32 per scale and per offset. */
    public long storedBits() {
        return (long) q.length * bits + 32L * scale.length + (offset == null ? 0 : 32L * offset.length);
    }
}
