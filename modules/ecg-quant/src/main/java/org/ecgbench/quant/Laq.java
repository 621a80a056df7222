package org.ecgbench.quant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer-wise adaptive quantization (qHuBERT, seed 000, eq. 3). Importance of layer l:
 * I_l = α·ρ_l + β·δ_l with ρ_l the layer's share of the quantizable weights ("parameter density
 * index") and δ_l its log-scaled weight variance normalised by the maximum over layers:
 * δ_l = log(1 + v_l / v_min) / max_k log(1 + v_k / v_min) (the log tames outlier layers, as the
 * paper says; the paper does not give the exact formula, this is our reading). Bit-widths are then
 * chosen greedily, least important layer first: for each layer the smallest candidate bit-width b
 * (trying ascending) with metric(model) ≥ threshold_l is kept, with the layers already decided at
 * their chosen widths and the rest at the largest candidate. A0 is the full-precision metric.
 *
 * <p>Two readings of the threshold ({@link Reading}). qHuBERT's eq. 3 as written,
 * threshold_l = A0 − γ·I_l − margin, allows the MOST important layers the LARGEST drop, against the
 * paper's text ("critical layers are quantized conservatively"). The conservative reading
 * (default) inverts the importance: threshold_l = A0 − γ·(1 − I_l/(α+β)) − margin, so the most
 * important layer (I/(α+β) → 1) must keep A0 − margin and the least important may lose up to γ.
 * With the paper's α + β = 1 both readings use the same tolerance range [0, γ]; they only swap
 * which layers get which end of it.
 *
 * <p>The metric function must evaluate on a VALIDATION split, never the test split: every decision
 * here is a model-selection decision (the paper does not say which split it used).
 */
public final class Laq {
    private Laq() {}

    /** Which reading of eq. 3's threshold (see the class comment). */
    public enum Reading {
        /** A0 − γ·(1 − I_l/(α+β)) − margin: important layers get the tighter threshold (the paper's text). */
        CONSERVATIVE,
        /** A0 − γ·I_l − margin: eq. 3 as printed; important layers get the looser threshold. */
        AS_WRITTEN
    }

    public record Config(double alpha, double beta, double gamma, double margin, List<Integer> candidateBits,
                         QuantizedTensor.Scheme scheme, FakeQuantizer.Granularity granularity, Reading reading) {
        /** The conservative reading. */
        public Config(double alpha, double beta, double gamma, double margin, List<Integer> candidateBits,
                      QuantizedTensor.Scheme scheme, FakeQuantizer.Granularity granularity) {
            this(alpha, beta, gamma, margin, candidateBits, scheme, granularity, Reading.CONSERVATIVE);
        }

        /** The metric a layer with importance {@code importance} must keep, given the full-precision metric {@code a0}. */
        public double threshold(double a0, double importance) {
            double drop = reading == Reading.AS_WRITTEN ? importance : 1 - importance / (alpha + beta);
            return a0 - gamma * drop - margin;
        }
    }

    public record Step(String layer, int bits, double metric, double threshold, boolean accepted) {}

    public record Result(double baseline, Map<String, Double> importance, Map<String, Double> rho, Map<String, Double> delta,
                         Map<String, Integer> bits, List<Step> trace, FakeQuantizer.Result quantized, double finalMetric,
                         long searchMillis, int evaluations) {}

    public static Result search(ComputationGraph net, Config c, ToDoubleFunction<ComputationGraph> metric) {
        long t0 = System.currentTimeMillis();
        List<String> layers = FakeQuantizer.quantizableLayers(net);
        Map<String, Long> count = new LinkedHashMap<>();
        Map<String, Double> var = new LinkedHashMap<>();
        long total = 0;
        for (String name : layers) {
            Layer l = net.getLayer(name);
            long n = 0;
            double s = 0, s2 = 0;
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                if (!FakeQuantizer.isWeight(l, e.getKey())) continue;
                INDArray p = e.getValue();
                n += p.length();
                s += p.sumNumber().doubleValue();
                s2 += p.mul(p).sumNumber().doubleValue();
            }
            count.put(name, n);
            double mean = s / n;
            var.put(name, Math.max(1e-30, s2 / n - mean * mean));
            total += n;
        }
        double vMin = var.values().stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double lMax = var.values().stream().mapToDouble(v -> Math.log1p(v / vMin)).max().orElse(1);
        Map<String, Double> rho = new LinkedHashMap<>(), delta = new LinkedHashMap<>(), imp = new LinkedHashMap<>();
        for (String name : layers) {
            rho.put(name, count.get(name) / (double) total);
            delta.put(name, lMax > 0 ? Math.log1p(var.get(name) / vMin) / lMax : 1.0);
            imp.put(name, c.alpha() * rho.get(name) + c.beta() * delta.get(name));
        }
        List<Integer> cand = new ArrayList<>(c.candidateBits());
        cand.sort(Comparator.naturalOrder());
        int maxBits = cand.get(cand.size() - 1);
        double a0 = metric.applyAsDouble(net);
        int evals = 1;
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (String name : layers) bits.put(name, maxBits);
        List<String> order = new ArrayList<>(layers);
        order.sort(Comparator.comparingDouble(imp::get));
        List<Step> trace = new ArrayList<>();
        for (String name : order) {
            double threshold = c.threshold(a0, imp.get(name));
            int chosen = maxBits;
            for (int b : cand) {
                if (b == maxBits) break; // the starting point; no need to evaluate
                Map<String, Integer> trial = new LinkedHashMap<>(bits);
                trial.put(name, b);
                double m = metric.applyAsDouble(FakeQuantizer.apply(net, trial, c.scheme(), c.granularity()).net());
                evals++;
                boolean ok = m >= threshold;
                trace.add(new Step(name, b, m, threshold, ok));
                if (ok) {
                    chosen = b;
                    break;
                }
            }
            bits.put(name, chosen);
        }
        FakeQuantizer.Result q = FakeQuantizer.apply(net, bits, c.scheme(), c.granularity());
        double fin = metric.applyAsDouble(q.net());
        evals++;
        return new Result(a0, imp, rho, delta, bits, trace, q, fin, System.currentTimeMillis() - t0, evals);
    }
}
