package org.ecgbench.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference speed, DL4J ({@code output(false, x)}, oneDNN helpers as ecgbench configures them) vs
 * ONNX Runtime (CPU, {@link OnnxRuntimePredictor}) on the same freshly built networks and random
 * inputs: every 1 × 360 beat model at batch 64 (samples/s), and ECGencode model 1 at 12 × 5,000 (ms
 * per ECG at batch 1 and batch 64). Writes a CSV with provenance comment lines (commit, date, CPUs,
 * Java, ONNX Runtime version, load average before and after).
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -cp ... org.ecgbench.onnx.OnnxBench [--threads 2] [--seconds 6] [--rounds 3] [--out results/benchmarks/onnx_inference.csv]
 * </pre>
 * DL4J's thread count is OpenMP's ({@code OMP_NUM_THREADS}, read at start-up); ONNX Runtime's is {@code --threads}.
 */
public final class OnnxBench {
    private OnnxBench() {}

    /** PyTorch inference samples/s measured earlier (issue 12: batch 64, 2 threads), for the ratio column. */
    static final Map<String, Double> PYTORCH = Map.of("cnn_bigru_attention", 4490.0, "resnet1d", 12910.0);

    /** msPerBatch: the best (lowest) of the per-round medians; msMedianRounds: the median of the per-round medians. */
    record Row(String model, String input, int batch, String engine, int threads, long calls, double msPerBatch, double msMedianRounds,
               double maxAbsDiff) {
        boolean isDl4j() { return engine.equals("dl4j"); }
        double samplesPerS() { return batch * 1000.0 / msPerBatch; }
        double msPerSample() { return msPerBatch / batch; }
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        double seconds = 6;
        int rounds = 3;
        Path out = Paths.get("results/benchmarks/onnx_inference.csv");
        List<String> beatModels = new ArrayList<>(List.of("cnn_bigru_attention", "resnet1d", "arrhythminet_v1", "arrhythminet_v2", "hubert_ecg"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Paths.get(args[++i]);
                case "--models" -> beatModels = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--threads N, --seconds S per engine, --rounds R, --out FILE, --models a,b)");
            }
        }
        Backend.init();
        String loadBefore = loadAvg();
        Path tmp = Files.createTempDirectory("onnxbench");
        List<Row> rows = new ArrayList<>();
        for (String m : beatModels) {
            rows.addAll(compare(m, ModelConfig.of(1, 360, 5).withSeed(42), 64, threads, seconds, rounds, tmp));
        }
        ModelConfig enc = ModelConfig.of(12, 5000, 2).withSeed(42);
        rows.addAll(compare("ecgencode_m1", enc, 1, threads, seconds, rounds, tmp));
        rows.addAll(compare("ecgencode_m1", enc, 64, threads, seconds, rounds, tmp));
        String loadAfter = loadAvg();
        write(out, rows, threads, loadBefore, loadAfter);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** One timed engine configuration. */
    private record Engine(String name, int threads, Runnable call, double maxAbsDiff) {}

    static List<Row> compare(String model, ModelConfig cfg, int batch, int threads, double seconds, int rounds, Path tmp) throws IOException {
        ComputationGraph net = ModelRegistry.DEFAULT.get(model).build(cfg);
        float[][][] x = new float[batch][cfg.leads()][cfg.samples()];
        Random r = new Random(1);
        for (float[][] e : x) for (float[] l : e) for (int i = 0; i < l.length; i++) l[i] = (float) r.nextGaussian();
        INDArray xa = Nd4j.create(x).castTo(DataType.FLOAT);
        String input = cfg.leads() + "x" + cfg.samples();
        INDArray ref = net.output(false, xa)[0].dup();

        Path f = tmp.resolve(model + ".onnx");
        OnnxExporter.exportToFile(net, cfg, f);
        List<Engine> engines = new ArrayList<>();
        List<OnnxRuntimePredictor> open = new ArrayList<>();
        engines.add(new Engine("dl4j", ompThreads(), () -> net.output(false, xa), 0));
        // ONNX Runtime: the requested threads with ORT's default spinning, the same without spinning, and one thread
        int[][] variants = threads == 1 ? new int[][] {{1, 1}, {1, 0}} : new int[][] {{threads, 1}, {threads, 0}, {1, 1}};
        try {
            for (int[] v : variants) {
                OnnxRuntimePredictor p = new OnnxRuntimePredictor(f, v[0], batch, v[1] == 1);
                open.add(p);
                float[][] y = p.predict(x);
                double diff = 0;
                for (int i = 0; i < y.length; i++) for (int j = 0; j < y[i].length; j++) diff = Math.max(diff, Math.abs(y[i][j] - ref.getDouble(i, j)));
                engines.add(new Engine(v[1] == 1 ? "onnxruntime" : "onnxruntime-nospin", v[0], () -> p.predict(x), diff));
            }
            // interleaved rounds: every engine is timed once per round, so a burst of load from other processes hits all of them
            List<List<Double>> roundMs = new ArrayList<>();
            List<Long> calls = new ArrayList<>();
            for (Engine e : engines) {
                roundMs.add(new ArrayList<>());
                calls.add(0L);
                time(0.5, e.call()); // warm-up
            }
            for (int k = 0; k < rounds; k++) {
                for (int i = 0; i < engines.size(); i++) {
                    double[] t = time(seconds / rounds, engines.get(i).call());
                    roundMs.get(i).add(t[0]);
                    calls.set(i, calls.get(i) + (long) t[1]);
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < engines.size(); i++) {
                List<Double> ms = new ArrayList<>(roundMs.get(i));
                ms.sort(Double::compare);
                Engine e = engines.get(i);
                rows.add(new Row(model, input, batch, e.name(), e.threads(), calls.get(i), ms.get(0), ms.get(ms.size() / 2), e.maxAbsDiff()));
            }
            Row a = rows.get(0);
            for (Row b : rows) {
                System.out.printf(Locale.ROOT, "%-20s %-8s batch %3d  %-18s %d thr  best %9.1f samples/s (%.3f ms/sample, x%.2f vs dl4j)  median of rounds %9.1f samples/s  max|dprob| %.1e%n",
                        model, input, batch, b.engine(), b.threads(), b.samplesPerS(), b.msPerSample(), b.samplesPerS() / a.samplesPerS(),
                        batch * 1000.0 / b.msMedianRounds(), b.maxAbsDiff());
            }
            return rows;
        } finally {
            for (OnnxRuntimePredictor p : open) p.close();
        }
    }

    /** Median ms per call over repeated calls (at least 3) for about {@code seconds}; returns {median ms, calls}. */
    static double[] time(double seconds, Runnable call) {
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (ms.size() < 3 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            call.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        ms.sort(Double::compare);
        return new double[] {ms.get(ms.size() / 2), ms.size()};
    }

    static int ompThreads() {
        String p = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("omp.threads");
        if (p != null) return Integer.parseInt(p.trim());
        String env = System.getenv("OMP_NUM_THREADS");
        return env == null ? -1 : Integer.parseInt(env.trim());
    }

    static String loadAvg() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? s : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static void write(Path out, List<Row> rows, int threads, String loadBefore, String loadAfter) throws IOException {
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        String ortVersion;
        try {
            ortVersion = OrtEnvironment.getEnvironment().getVersion();
        } catch (RuntimeException e) {
            ortVersion = "unknown";
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("# ecgbench OnnxBench: DL4J output(false, x) vs ONNX Runtime (CPU EP) on the same freshly built network (seed 42), random N(0,1) inputs");
            w.println("# timing: engines interleaved in rounds; per round the median wall-clock ms per call; ms_per_batch = best (lowest) round median,"
                    + " ms_per_batch_median_rounds = median of the round medians; samples_per_s and ms_per_sample from ms_per_batch");
            w.println("# the best round estimates speed without other processes' load on this shared machine; compare loadavg below");
            w.println("# max_abs_diff_prob: ONNX Runtime vs DL4J probabilities on the benchmark batch");
            w.println("# pytorch_samples_per_s: PyTorch inference measured earlier for issue 12 (batch 64, 2 threads), not in this run");
            w.println("# git_commit=" + git("rev-parse", "HEAD") + " git_dirty=" + !git("status", "--porcelain", "--untracked-files=no").isEmpty());
            w.println("# date_utc=" + Instant.now() + " nproc=" + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.vm.name")
                    + " " + System.getProperty("java.runtime.version") + " os=" + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            w.println("# onnxruntime=" + ortVersion + " (threads column = intra-op threads; onnxruntime-nospin = session.intra_op.allow_spinning=0)"
                    + " dl4j=" + Backend.describe() + " (threads column = OpenMP threads)");
            w.println("# loadavg_before=" + loadBefore + " | loadavg_after=" + loadAfter);
            w.println("model,input,batch,engine,threads,calls,ms_per_batch,ms_per_batch_median_rounds,samples_per_s,ms_per_sample,speedup_vs_dl4j,"
                    + "max_abs_diff_prob,pytorch_samples_per_s,ratio_vs_pytorch");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                Row dl4j = r;
                for (int j = i; !dl4j.isDl4j(); j--) dl4j = rows.get(j - 1);
                Double pt = r.batch() == 64 ? PYTORCH.get(r.model()) : null;
                w.printf(Locale.ROOT, "%s,%s,%d,%s,%d,%d,%.4f,%.4f,%.1f,%.5f,%.3f,%s,%s,%s%n", r.model(), r.input(), r.batch(), r.engine(), r.threads(),
                        r.calls(), r.msPerBatch(), r.msMedianRounds(), r.samplesPerS(), r.msPerSample(), r.samplesPerS() / dl4j.samplesPerS(),
                        r.isDl4j() ? "" : String.format(Locale.ROOT, "%.2e", r.maxAbsDiff()),
                        pt == null ? "" : String.format(Locale.ROOT, "%.0f", pt), pt == null ? "" : String.format(Locale.ROOT, "%.3f", r.samplesPerS() / pt));
            }
        }
    }
}
