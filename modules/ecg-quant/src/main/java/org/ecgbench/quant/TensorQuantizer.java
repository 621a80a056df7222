package org.ecgbench.quant;

/**
 * Uniform post-training quantization of one tensor.
 * <ul>
 * <li>b ≥ 2, symmetric: q ∈ [−(2^(b−1)−1), 2^(b−1)−1], scale = max|w| / (2^(b−1)−1), q = round(w/scale).</li>
 * <li>b ≥ 2, asymmetric: q ∈ [0, 2^b − 1], scale = (max − min)/(2^b − 1), offset = min, q = round((w − min)/scale).
 * The offset is stored as a float (not an integer zero point) so constant tensors are exact.</li>
 * <li>b = 1: sign(w)·scale with scale = mean|w| (per tensor or channel); w = 0 maps to +scale.</li>
 * </ul>
 * A zero scale (all-zero or, symmetric, constant-zero tensors) dequantizes to exactly 0 (or the
 * constant, asymmetric). Error bound for b ≥ 2: |w − ŵ| ≤ scale/2.
 */
public final class TensorQuantizer {
    private TensorQuantizer() {}

    public static QuantizedTensor quantize(String name, float[] w, long[] shape, int bits, QuantizedTensor.Scheme scheme, int axis) {
        if (bits < 1 || bits > 8) throw new IllegalArgumentException("bits must be in 1..8, got " + bits);
        long n = 1;
        for (long s : shape) n *= s;
        if (n != w.length) throw new IllegalArgumentException(name + ": shape and data length differ");
        int channels = axis < 0 ? 1 : (int) shape[axis];
        QuantizedTensor probe = new QuantizedTensor(name, shape, bits, scheme, axis, new int[0], new float[0], null);
        float[] scale = new float[channels];
        float[] offset = scheme == QuantizedTensor.Scheme.ASYMMETRIC && bits > 1 ? new float[channels] : null;
        double[] maxAbs = new double[channels], sumAbs = new double[channels], min = new double[channels], max = new double[channels];
        long[] cnt = new long[channels];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < w.length; i++) {
            int c = probe.channelOf(i);
            double v = w[i];
            if (!Double.isFinite(v)) throw new IllegalArgumentException(name + ": non-finite weight " + v + " at index " + i);
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(v));
            sumAbs[c] += Math.abs(v);
            min[c] = Math.min(min[c], v);
            max[c] = Math.max(max[c], v);
            cnt[c]++;
        }
        int[] q = new int[w.length];
        if (bits == 1) {
            for (int c = 0; c < channels; c++) scale[c] = (float) (cnt[c] == 0 ? 0 : sumAbs[c] / cnt[c]);
            for (int i = 0; i < w.length; i++) q[i] = w[i] >= 0 ? 1 : 0;
        } else if (scheme == QuantizedTensor.Scheme.SYMMETRIC) {
            int qmax = (1 << (bits - 1)) - 1;
            for (int c = 0; c < channels; c++) scale[c] = (float) (maxAbs[c] / qmax);
            for (int i = 0; i < w.length; i++) {
                float s = scale[probe.channelOf(i)];
                q[i] = s == 0 ? 0 : (int) Math.max(-qmax, Math.min(qmax, Math.round(w[i] / s)));
            }
        } else {
            int levels = (1 << bits) - 1;
            for (int c = 0; c < channels; c++) {
                offset[c] = cnt[c] == 0 ? 0 : (float) min[c];
                scale[c] = cnt[c] == 0 ? 0 : (float) ((max[c] - min[c]) / levels);
            }
            for (int i = 0; i < w.length; i++) {
                int c = probe.channelOf(i);
                q[i] = scale[c] == 0 ? 0 : (int) Math.max(0, Math.min(levels, Math.round((w[i] - offset[c]) / scale[c])));
            }
        }
        return new QuantizedTensor(name, shape.clone(), bits, scheme, axis, q, scale, offset);
    }

    /** Packs codes into bits-wide little-endian bit fields (symmetric codes offset by 2^(b−1)−1 to be non-negative). */
    public static byte[] pack(QuantizedTensor t) {
        int b = t.bits();
        int shift = b > 1 && t.scheme() == QuantizedTensor.Scheme.SYMMETRIC ? (1 << (b - 1)) - 1 : 0;
        int[] q = t.q();
        byte[] out = new byte[(int) (((long) q.length * b + 7) / 8)];
        long bit = 0;
        for (int v0 : q) {
            int v = v0 + shift;
            for (int k = 0; k < b; k++, bit++) if (((v >>> k) & 1) != 0) out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
        return out;
    }

    public static int[] unpack(byte[] data, int count, int bits, QuantizedTensor.Scheme scheme) {
        int shift = bits > 1 && scheme == QuantizedTensor.Scheme.SYMMETRIC ? (1 << (bits - 1)) - 1 : 0;
        if ((long) data.length * 8 < (long) count * bits) throw new IllegalArgumentException("packed data too short");
        int[] q = new int[count];
        long bit = 0;
        for (int i = 0; i < count; i++) {
            int v = 0;
            for (int k = 0; k < bits; k++, bit++) if ((data[(int) (bit >>> 3)] & (1 << (bit & 7))) != 0) v |= 1 << k;
            q[i] = v - shift;
        }
        return q;
    }
}
