package org.ecgbench.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Size accounting of a (partly) quantized model: for every parameter tensor its element count,
 * bit-width (32 when kept in float) and the bits actually stored (codes + 32-bit scales/offsets, or
 * 32 per float element). CR = 32 · (all parameters) / (all stored bits), per layer and for the model.
 */
public final class CompressionReport {
    public record Row(String layer, String param, long count, int bits, long storedBits, boolean quantized) {}

    private final List<Row> rows = new ArrayList<>();

    public void add(Row r) {
        rows.add(r);
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalParams() {
        return rows.stream().mapToLong(Row::count).sum();
    }

    public long storedBits() {
        return rows.stream().mapToLong(Row::storedBits).sum();
    }

    public double compressionRatio() {
        return 32.0 * totalParams() / storedBits();
    }

    /** Fraction of parameters kept in float32. */
    public double floatFraction() {
        return rows.stream().filter(r -> !r.quantized()).mapToLong(Row::count).sum() / (double) totalParams();
    }

    public Map<String, double[]> perLayer() {
        Map<String, double[]> m = new LinkedHashMap<>(); // layer -> {params, storedBits, CR}
        for (Row r : rows) {
            double[] a = m.computeIfAbsent(r.layer(), k -> new double[3]);
            a[0] += r.count();
            a[1] += r.storedBits();
        }
        for (double[] a : m.values()) a[2] = 32 * a[0] / a[1];
        return m;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("| layer | tensor | params | bits | stored bits | CR |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %,d | %.2fx |%n", r.layer(), r.param(), r.count(),
                    r.quantized() ? String.valueOf(r.bits()) : "32 (float)", r.storedBits(), 32.0 * r.count() / r.storedBits()));
        }
        sb.append(String.format(Locale.ROOT, "| **model** | | %,d | | %,d | **%.2fx** |%n", totalParams(), storedBits(), compressionRatio()));
        return sb.toString();
    }
}
