package org.ecgbench.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;

/**
 * {@code ecgbench bench --peer pytorch}: for each model, ecgbench (DL4J) and PyTorch are timed alternately in the same
 * run (training: forward + backward + Adam step on one fixed random batch; inference: forward in inference mode), with
 * the same shape, batch, class count and thread count; the best of {@code rounds} rounds of each side is kept. Without
 * PyTorch, ecgbench is still timed and the peer columns are empty.
 */
public final class PeerComparison {
    private PeerComparison() {}

    /** The beat models (1 x 360) compared by default, then the 12-lead ones with their own batch. */
    public static final List<String> BEAT_MODELS = List.of("cnn_bigru_attention", "resnet1d", "arrhythminet_v1", "arrhythminet_v2", "hubert_ecg");

    /** The ecgbench side: train and infer samples/s of one case (the caller may cache the built network across rounds). */
    @FunctionalInterface
    public interface Side {
        double[] measure(PeerBenchmark.Case c, double seconds) throws IOException;
    }

    /** The PyTorch side ({@link PeerBenchmark#run}); a seam for tests. */
    @FunctionalInterface
    public interface Peer {
        JsonNode measure(PeerBenchmark.Case c, double seconds) throws IOException;
    }

    /**
     * The default cases: the five beat models at 1 x 360 and {@code batch}, ECGencode M1 and M2 at 12 x 5000 and
     * {@code batch12}, CNN-Attention-BiLSTM at 12 x 15000 and {@code batch30s}; {@code only} (may be null) filters by name.
     */
    public static List<PeerBenchmark.Case> defaultCases(int batch, int batch12, int batch30s, List<String> only) {
        List<PeerBenchmark.Case> out = new ArrayList<>();
        for (String m : BEAT_MODELS) out.add(make(m, 1, 360, batch));
        out.add(make("ecgencode_m1", 12, 5000, batch12));
        out.add(make("ecgencode_m2", 12, 5000, batch12));
        out.add(make("cnn_attention_bilstm", 12, 15000, batch30s));
        if (only != null) out.removeIf(c -> !only.contains(c.model()));
        return out;
    }

    private static PeerBenchmark.Case make(String model, int leads, int samples, int batch) {
        ModelBuilder b = ModelRegistry.DEFAULT.get(model);
        int classes = b.defaultShape()[2];
        return new PeerBenchmark.Case(model, leads, samples, classes, batch, paramCount(b, ModelConfig.of(leads, samples, classes)));
    }

    /** Parameter count of the registry model for this shape (DL4J's count, batch-norm running statistics included). */
    public static long paramCount(ModelBuilder b, ModelConfig cfg) {
        return b.build(cfg).numParams();
    }

    /** Result of a comparison: CSV rows and per-model details for the JSON beside the CSV. */
    public record Result(List<PeerBenchmark.Row> rows, List<Map<String, Object>> details, String skipped) {}

    /**
     * Times every case. {@code peer} null (PyTorch unavailable: {@code skipped} says why) times ecgbench only. A
     * case that fails on one side is reported on the console and in the details and leaves that side's cells empty.
     */
    public static Result run(List<PeerBenchmark.Case> cases, Side ecgbench, Peer peer, String skipped, double seconds, int rounds) {
        if (peer == null) {
            System.out.println("PyTorch not available (" + skipped + "): timing ecgbench only; pytorch_per_s and ratio left empty");
        }
        List<PeerBenchmark.Row> rows = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (PeerBenchmark.Case c : cases) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("model", c.model());
            d.put("input", c.leads() + "x" + c.samples());
            d.put("batch", c.batch());
            d.put("classes", c.classes());
            d.put("params_ecgbench", c.params());
            d.put("loadavg_before", loadavg());
            double[] best = {Double.NaN, Double.NaN};
            double[] bestPeer = {Double.NaN, Double.NaN};
            List<double[]> eRounds = new ArrayList<>(), pRounds = new ArrayList<>();
            for (int r = 0; r < Math.max(1, rounds); r++) {
                try {
                    double[] e = ecgbench.measure(c, seconds);
                    eRounds.add(e);
                    best = max(best, e);
                } catch (IOException | RuntimeException ex) {
                    d.put("ecgbench_error", String.valueOf(ex.getMessage()));
                    System.out.println(c.model() + ": ecgbench failed: " + ex.getMessage());
                    break;
                }
                if (peer == null) continue;
                try {
                    JsonNode j = peer.measure(c, seconds);
                    double[] p = {j.path("train_per_s").asDouble(Double.NaN), j.path("infer_per_s").asDouble(Double.NaN)};
                    pRounds.add(new double[] {p[0], p[1], j.path("train_per_cpu_s").asDouble(Double.NaN), j.path("infer_per_cpu_s").asDouble(Double.NaN)});
                    bestPeer = max(bestPeer, p);
                    d.put("params_pytorch", j.path("params").asLong());
                    d.put("params_pytorch_ecgbench_equivalent", j.path("params_ecgbench_equivalent").asLong());
                    d.put("pytorch_bn_running_stats", j.path("bn_running_stats").asLong());
                    d.put("pytorch_lstm_extra_bias", j.path("lstm_extra_bias").asLong());
                    d.put("pytorch_threads", j.path("threads").asInt());
                } catch (IOException | RuntimeException ex) {
                    d.put("pytorch_error", String.valueOf(ex.getMessage()));
                    System.out.println(c.model() + ": pytorch failed: " + ex.getMessage());
                    peerFailed(d);
                    break;
                }
            }
            d.put("ecgbench_rounds_train_infer_per_s_then_per_cpu_s", eRounds);
            d.put("pytorch_rounds_train_infer_per_s_then_per_cpu_s", pRounds);
            d.put("loadavg_after", loadavg());
            details.add(d);
            if (Double.isNaN(best[0])) continue;
            Double pt = Double.isNaN(bestPeer[0]) ? null : bestPeer[0];
            Double pi = Double.isNaN(bestPeer[1]) ? null : bestPeer[1];
            rows.add(new PeerBenchmark.Row(c.model(), "train", best[0], pt));
            rows.add(new PeerBenchmark.Row(c.model(), "infer", best[1], pi));
            System.out.printf(Locale.ROOT, "%s %dx%d batch %d: train %.1f vs %s, infer %.1f vs %s samples/s (ecgbench vs pytorch)%n",
                    c.model(), c.leads(), c.samples(), c.batch(), best[0], pt == null ? "-" : String.format(Locale.ROOT, "%.1f", pt),
                    best[1], pi == null ? "-" : String.format(Locale.ROOT, "%.1f", pi));
        }
        return new Result(rows, details, peer == null ? skipped : null);
    }

    private static void peerFailed(Map<String, Object> d) {
        d.put("pytorch_failed", true);
    }

    private static double[] max(double[] a, double[] b) {
        return new double[] {Double.isNaN(a[0]) ? b[0] : Math.max(a[0], b[0]), Double.isNaN(a[1]) ? b[1] : Math.max(a[1], b[1])};
    }

    /** /proc/loadavg's first three fields, or "unknown". */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
