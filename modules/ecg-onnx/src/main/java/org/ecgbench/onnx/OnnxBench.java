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
 * OMP_NUM_THREADS=2 java -cp ... org.ecgbench.onnx.OnnxBench [--threads 2] [--seconds 3] [--out results/benchmarks/onnx_inference.csv]
 * </pre>
 * DL4J's thread count is OpenMP's ({@code OMP_NUM_THREADS}, read at start-up); ONNX Runtime's is {@code --threads}.
 */
public final class OnnxBench {
    private OnnxBench() {}

    /** PyTorch inference samples/s measured earlier (issue 12: batch 64, 2 threads), for the ratio column. */
    static final Map<String, Double> PYTORCH = Map.of("cnn_bigru_attention", 4490.0, "resnet1d", 12910.0);

    record Row(String model, String input, int batch, String engine, int threads, long calls, double msPerBatch, double maxAbsDiff) {
        double samplesPerS() { return batch * 1000.0 / msPerBatch; }
        double msPerSample() { return msPerBatch / batch; }
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        double seconds = 3;
        Path out = Paths.get("results/benchmarks/onnx_inference.csv");
        List<String> beatModels = new ArrayList<>(List.of("cnn_bigru_attention", "resnet1d", "arrhythminet_v1", "arrhythminet_v2", "hubert_ecg"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--out" -> out = Paths.get(args[++i]);
                case "--models" -> beatModels = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--threads N, --seconds S, --out FILE, --models a,b)");
            }
        }
        Backend.init();
        String loadBefore = loadAvg();
        Path tmp = Files.createTempDirectory("onnxbench");
        List<Row> rows = new ArrayList<>();
        for (String m : beatModels) {
            rows.addAll(compare(m, ModelConfig.of(1, 360, 5).withSeed(42), 64, threads, seconds, tmp));
        }
        ModelConfig enc = ModelConfig.of(12, 5000, 2).withSeed(42);
        rows.addAll(compare("ecgencode_m1", enc, 1, threads, seconds, tmp));
        rows.addAll(compare("ecgencode_m1", enc, 64, threads, seconds, tmp));
        String loadAfter = loadAvg();
        write(out, rows, threads, loadBefore, loadAfter);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static List<Row> compare(String model, ModelConfig cfg, int batch, int threads, double seconds, Path tmp) throws IOException {
        ComputationGraph net = ModelRegistry.DEFAULT.get(model).build(cfg);
        float[][][] x = new float[batch][cfg.leads()][cfg.samples()];
        Random r = new Random(1);
        for (float[][] e : x) for (float[] l : e) for (int i = 0; i < l.length; i++) l[i] = (float) r.nextGaussian();
        INDArray xa = Nd4j.create(x).castTo(DataType.FLOAT);
        String input = cfg.leads() + "x" + cfg.samples();

        INDArray ref = net.output(false, xa)[0].dup();
        double[] dl4j = time(seconds, () -> net.output(false, xa));

        Path f = tmp.resolve(model + ".onnx");
        OnnxExporter.exportToFile(net, cfg, f);
        double diff;
        double[] ort;
        try (OnnxRuntimePredictor p = new OnnxRuntimePredictor(f, threads, batch)) {
            float[][] y = p.predict(x);
            diff = 0;
            for (int i = 0; i < y.length; i++) for (int j = 0; j < y[i].length; j++) diff = Math.max(diff, Math.abs(y[i][j] - ref.getDouble(i, j)));
            ort = time(seconds, () -> p.predict(x));
        }
        Row a = new Row(model, input, batch, "dl4j", ompThreads(), (long) dl4j[1], dl4j[0], 0);
        Row b = new Row(model, input, batch, "onnxruntime", threads, (long) ort[1], ort[0], diff);
        System.out.printf(Locale.ROOT, "%-20s %-8s batch %3d  dl4j %9.1f samples/s (%.3f ms/sample)  onnxruntime %9.1f samples/s (%.3f ms/sample)  x%.2f  max|dprob| %.1e%n",
                model, input, batch, a.samplesPerS(), a.msPerSample(), b.samplesPerS(), b.msPerSample(), b.samplesPerS() / a.samplesPerS(), diff);
        return List.of(a, b);
    }

    /** Median ms per call over repeated calls for about {@code seconds} after a warm-up; returns {median ms, calls}. */
    static double[] time(double seconds, Runnable call) {
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmEnd) {
            call.run();
            warm++;
        }
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (ms.size() < 5 || System.nanoTime() < end) {
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
            w.println("# timing: median wall-clock ms per call after warm-up; samples_per_s = batch / median; ms_per_sample = median / batch");
            w.println("# max_abs_diff_prob: ONNX Runtime vs DL4J probabilities on the benchmark batch");
            w.println("# pytorch_samples_per_s: PyTorch inference measured earlier for issue 12 (batch 64, 2 threads), not in this run");
            w.println("# git_commit=" + git("rev-parse", "HEAD") + " git_dirty=" + !git("status", "--porcelain", "--untracked-files=no").isEmpty());
            w.println("# date_utc=" + Instant.now() + " nproc=" + Runtime.getRuntime().availableProcessors() + " java=" + System.getProperty("java.vm.name")
                    + " " + System.getProperty("java.runtime.version") + " os=" + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            w.println("# onnxruntime=" + ortVersion + " intra_op_threads=" + threads + " dl4j=" + Backend.describe());
            w.println("# loadavg_before=" + loadBefore + " | loadavg_after=" + loadAfter);
            w.println("model,input,batch,engine,threads,calls,ms_per_batch,samples_per_s,ms_per_sample,speedup_vs_dl4j,max_abs_diff_prob,pytorch_samples_per_s,ratio_vs_pytorch");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                Row dl4j = r.engine().equals("dl4j") ? r : rows.get(i - 1);
                Double pt = r.batch() == 64 ? PYTORCH.get(r.model()) : null;
                w.printf(Locale.ROOT, "%s,%s,%d,%s,%d,%d,%.4f,%.1f,%.5f,%.3f,%s,%s,%s%n", r.model(), r.input(), r.batch(), r.engine(), r.threads(), r.calls(),
                        r.msPerBatch(), r.samplesPerS(), r.msPerSample(), r.samplesPerS() / dl4j.samplesPerS(),
                        r.engine().equals("dl4j") ? "" : String.format(Locale.ROOT, "%.2e", r.maxAbsDiff()),
                        pt == null ? "" : String.format(Locale.ROOT, "%.0f", pt), pt == null ? "" : String.format(Locale.ROOT, "%.3f", r.samplesPerS() / pt));
            }
        }
    }
}
