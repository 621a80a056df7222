import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.models.layers.GRULayer;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;

/**
 * Before/after of the GRU changes (docs/performance.md) in one process: cnn_bigru_attention training and inference
 * (1 x 360, batch 64) with the old GRU path (forward pass re-run in the backward pass, Math.tanh) and the new one,
 * alternating in rounds, and the same for the recurrent part alone (BiGRU(32) + attention + output on the [64, 64, 45]
 * sequence the convolutions hand it); per second of wall time, of process CPU time and of the main thread's CPU time
 * (with OMP_NUM_THREADS=1 all work runs on the main thread, so the last is insensitive to other processes); and a
 * determinism check (20 training steps twice with the new path: identical parameters;
 * largest parameter difference to the old path). Writes results/benchmarks/gru_before_after.csv and .json.
 *   OMP_NUM_THREADS=1 java -cp CLASSPATH bench/GruBeforeAfter.java [seconds 6] [rounds 3]
 */
public class GruBeforeAfter {
    public static void main(String[] a) throws Exception {
        double seconds = a.length > 0 ? Double.parseDouble(a[0]) : 6;
        int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        var b = ModelRegistry.DEFAULT.get("cnn_bigru_attention");
        ModelConfig cfg = ModelConfig.of(1, 360, 5);
        var full = ModelBenchmark.setup(b, cfg, 64);
        var rec = recurrentPart();
        Csv.Table t = new Csv.Table("round", "network", "gru_path", "phase", "per_s", "per_process_cpu_s", "per_main_thread_cpu_s", "loadavg");
        Map<String, List<double[]>> res = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String net : new String[] {"cnn_bigru_attention", "bigru_attention_part"}) {
                var s = net.equals("cnn_bigru_attention") ? full : rec;
                for (boolean neu : new boolean[] {false, true}) {
                    GRULayer.reuseForward = neu;
                    GRULayer.fastTanh = neu;
                    for (String phase : new String[] {"train", "infer"}) {
                        Runnable fn = phase.equals("train") ? () -> s.net().fit(s.ds()) : () -> s.net().outputSingle(false, s.x());
                        double[] v = rate(fn, 64, seconds);
                        res.computeIfAbsent(net + "/" + phase + "/" + (neu ? "after" : "before"), k -> new ArrayList<>()).add(v);
                        String load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
                        t.row(r, net, neu ? "after" : "before", phase, f(v[0]), f(v[1]), f(v[2]), load);
                        System.out.printf(Locale.ROOT, "round %d %s %s %s: %.1f/s, %.1f per process CPU-s, %.1f per main-thread CPU-s  load %s%n",
                                r, net, neu ? "after " : "before", phase, v[0], v[1], v[2], load);
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", "cnn_bigru_attention 1x360 batch 64 and its recurrent part alone; before = GRU backward re-runs the forward pass and uses Math.tanh;"
                + " after = reuses the training forward pass and exp-based tanh. Same process, alternating rounds; the machine was shared, heavily"
                + " (loadavg per row): compare the per-main-thread-CPU-second figures (OMP_NUM_THREADS=1) and medians, not wall time or single rounds.");
        m.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (String net : new String[] {"cnn_bigru_attention", "bigru_attention_part"}) {
            for (String phase : new String[] {"train", "infer"}) {
                List<double[]> bf = res.get(net + "/" + phase + "/before"), af = res.get(net + "/" + phase + "/after");
                ratios.put(net + "/" + phase, Map.of("per_s", median(af, 0) / median(bf, 0), "per_process_cpu_s", median(af, 1) / median(bf, 1),
                        "per_main_thread_cpu_s", median(af, 2) / median(bf, 2)));
            }
        }
        m.put("median_ratio_after_over_before", ratios);
        // determinism: 20 steps from the same seed, twice with the new path, once with the old one
        GRULayer.reuseForward = true;
        GRULayer.fastTanh = true;
        var p1 = train(b, cfg);
        var p2 = train(b, cfg);
        GRULayer.reuseForward = false;
        GRULayer.fastTanh = false;
        var p0 = train(b, cfg);
        GRULayer.reuseForward = true;
        GRULayer.fastTanh = true;
        m.put("after_twice_identical_parameters", p1.equals(p2));
        m.put("max_abs_param_diff_after_vs_before_20_steps", p1.sub(p0).amaxNumber().doubleValue());
        System.out.println(m);
        Path out = DataPaths.projectRoot().resolve("results/benchmarks");
        t.write(out.resolve("gru_before_after.csv"));
        Provenance p = Provenance.collect(DataPaths.projectRoot());
        p.put("backend", org.ecgbench.models.Backend.describe());
        m.put("provenance", p.fields());
        AtomicFiles.writeString(out.resolve("gru_before_after.json"), Json.write(m) + "\n");
    }

    /** BiGRU(32) + attention + dense + output on [64, 64, 45] (what cnn_bigru_attention's convolutions hand the GRU). */
    static ModelBenchmark.Setup recurrentPart() {
        var g = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(42).updater(new org.nd4j.linalg.learning.config.Adam(1e-3))
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(64, 45));
        g.addLayer("bigru", new org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional(
                org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.Mode.CONCAT, new org.ecgbench.models.layers.GRU.Builder().nOut(32).build()), "in");
        g.addLayer("att", new org.ecgbench.models.layers.AttentionPooling.Builder().build(), "bigru");
        g.addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(new org.nd4j.linalg.lossfunctions.impl.LossMCXENT()).nOut(5)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "att");
        var net = org.ecgbench.models.arch.Graphs.init(g.setOutputs("out").build());
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(1);
        var x = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, 64, 45);
        var y = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, 5);
        for (int i = 0; i < 64; i++) y.putScalar(i, i % 5, 1f);
        return new ModelBenchmark.Setup(net, x, new org.nd4j.linalg.dataset.DataSet(x, y));
    }

    /** samples/s of wall time, of process CPU time and of this thread's CPU time; 2 warm-up calls, then >= seconds and >= 2 calls. */
    static double[] rate(Runnable fn, int batch, double seconds) {
        var tm = java.lang.management.ManagementFactory.getThreadMXBean();
        fn.run();
        fn.run();
        long n = 0, t0 = System.nanoTime(), c0 = ModelBenchmark.processCpuNanos(), th0 = tm.getCurrentThreadCpuTime();
        int calls = 0;
        while (true) {
            fn.run();
            n += batch;
            calls++;
            double el = (System.nanoTime() - t0) / 1e9;
            if (el >= seconds && calls >= 2) {
                return new double[] {n / el, n / ((ModelBenchmark.processCpuNanos() - c0) / 1e9), n / ((tm.getCurrentThreadCpuTime() - th0) / 1e9)};
            }
        }
    }

    static org.nd4j.linalg.api.ndarray.INDArray train(org.ecgbench.models.ModelBuilder b, ModelConfig cfg) {
        var s = ModelBenchmark.setup(b, cfg, 64);
        for (int i = 0; i < 20; i++) s.net().fit(s.ds());
        return s.net().params().dup();
    }

    static double median(List<double[]> v, int k) {
        double[] x = v.stream().mapToDouble(r -> r[k]).sorted().toArray();
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
