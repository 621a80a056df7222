package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.experiments.bench.DataBenchmark;
import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmarks (never unit tests): MIT-BIH reading + segmentation (beats/s), training and
 * inference samples/s per model with achieved GFLOP/s next to a matrix-multiply peak measured in the
 * same run, and bootstrap time. Writes {@code results/benchmarks/benchmark.md} and {@code .json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks: data reading, per-model training/inference, bootstrap.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--models", split = ",", description = "Models to benchmark (default: all registered).")
    List<String> models;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iters", defaultValue = "10", description = "Timed training iterations per model (default ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--data-dir", description = "Data root holding mitdb/.")
    String dataDir;

    @Option(names = "--skip-data", description = "Skip the data-reading benchmark.")
    boolean skipData;

    @Option(names = "--store-windows", defaultValue = "0", description = "Also time the input stores (memory vs disk cache) with this many 12 x 5000 windows (0: skip).")
    int storeWindows;

    @Option(names = "--datavec", description = "Only the input-path benchmark: one shuffled epoch of MIT-BIH DS1 beat windows through the window store vs"
            + " the DataVec readers (windows/s, heap bytes allocated per window); writes datavec_vs_windowstore.csv (+ provenance) to --output.")
    boolean datavec;

    @Option(names = "--output", defaultValue = "results/benchmarks", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--peer", description = "Peer comparison instead of the standard benchmark: 'pytorch' times the same"
            + " architectures in PyTorch (bench/torch_peer.py) in the same run and writes peer_pytorch.csv.")
    String peer;

    @Option(names = "--python", description = "Python interpreter for --peer (default: python3 on PATH, then /usr/bin/python3; the first with torch).")
    String python;

    @Option(names = "--threads", defaultValue = "2", description = "Threads on both sides of --peer (ND4J/OpenMP and torch.set_num_threads; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per phase and side for --peer (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds per model for --peer, sides alternating; the best round of each side is kept (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--batch-12lead", defaultValue = "16", description = "Batch for the 12 x 5000 models in --peer (default ${DEFAULT-VALUE}).")
    int batch12;

    @Option(names = "--scale", description = "Scale figures instead of the standard benchmark: epoch time vs windows and vs input"
            + " length, with peak memory; writes scale.csv, scale.json and scale.png.")
    boolean scale;

    @Option(names = "--scale-windows", split = ",", defaultValue = "1000,4000,16000", description = "Window counts of the windows axis (default ${DEFAULT-VALUE}).")
    int[] scaleWindows;

    @Option(names = "--scale-model", defaultValue = "cnn_bigru_attention", description = "Model of the windows axis, 1 x 360 (default ${DEFAULT-VALUE}).")
    String scaleModel;

    @Option(names = "--scale-length-model", defaultValue = "resnet1d", description = "Model of the length axis, 1x360, 12x5000, 12x15000 (default ${DEFAULT-VALUE}).")
    String scaleLengthModel;

    @Option(names = "--scale-length-windows", defaultValue = "256", description = "Windows per epoch on the length axis (default ${DEFAULT-VALUE}).")
    int scaleLengthWindows;

    @Option(names = "--batch-30s", defaultValue = "8", description = "Batch for the 12 x 15000 model in --peer (default ${DEFAULT-VALUE}).")
    int batch30s;

    @Override
    public Integer call() throws Exception {
        Backend.init();
        if (peer != null) return PeerRun.run(this);
        if (scale) return ScaleRun.run(this);
        if (datavec) return datavec();
        Map<String, Object> all = new LinkedHashMap<>();
        double peak = ModelBenchmark.matmulPeakGflops(1024, 5);
        System.out.printf(Locale.ROOT, "matmul peak (SGEMM 1024^3, ND4J): %.1f GFLOP/s%n", peak);
        all.put("matmul_peak_gflops", peak);
        if (!skipData) {
            Map<String, Object> d = DataBenchmark.run(DataPaths.dataRoot(dataDir));
            System.out.println("data: " + d);
            all.put("data", d);
        }
        if (storeWindows > 0) {
            Map<String, Object> st = org.ecgbench.experiments.bench.StoreBenchmark.run(storeWindows, 12, 5000, batch);
            System.out.println("input stores: " + st);
            all.put("input_stores", st);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : models != null ? models : ModelRegistry.DEFAULT.names()) {
            ModelBuilder b = ModelRegistry.DEFAULT.get(name);
            int[] s = b.defaultShape();
            try {
                Map<String, Object> r = ModelBenchmark.run(b, ModelConfig.of(s[0], s[1], s[2]), batch, iters, iters);
                r.put("infer_fraction_of_peak", (double) r.get("infer_gflops_per_s") / peak);
                System.out.println(r);
                rows.add(r);
            } catch (RuntimeException e) {
                System.out.println(name + ": failed: " + e.getMessage());
            }
        }
        all.put("models", rows);
        Provenance p = Provenance.collect(DataPaths.projectRoot());
        p.put("backend", Backend.describe());
        all.put("provenance", p.fields());
        Path out = output.isAbsolute() ? output : DataPaths.projectRoot().resolve(output);
        AtomicFiles.writeString(out.resolve("benchmark.json"), Json.write(all) + "\n");
        AtomicFiles.writeString(out.resolve("benchmark.md"), markdown(all, rows, peak, p));
        p.write(out.resolve("provenance.json"));
        System.out.println("wrote " + out.resolve("benchmark.md"));
        return 0;
    }

    private Integer datavec() throws Exception {
        Provenance p = Provenance.collect(DataPaths.projectRoot());
        p.put("backend", Backend.describe());
        p.put("load_average_1min_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        p.put("available_processors", Runtime.getRuntime().availableProcessors());
        List<String> recs = org.ecgbench.signal.split.Splits.load("mitdb_ds1");
        p.put("records", "mitdb_ds1 (" + recs.size() + " records)");
        List<Map<String, Object>> rows = org.ecgbench.experiments.bench.DataVecBenchmark.run(DataPaths.dataRoot(dataDir), recs, batch, 5);
        p.put("load_average_1min_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path out = output.isAbsolute() ? output : DataPaths.projectRoot().resolve(output);
        org.ecgbench.pipeline.io.Csv.Table t = new org.ecgbench.pipeline.io.Csv.Table(new ArrayList<>(rows.get(0).keySet()) {{ add("git_commit"); add("date_utc"); }});
        for (Map<String, Object> r : rows) {
            System.out.println(r);
            List<Object> cells = new ArrayList<>(r.values());
            cells.add(p.get("git_commit"));
            cells.add(p.get("date_utc"));
            t.row(cells);
        }
        t.write(out.resolve("datavec_vs_windowstore.csv"));
        p.write(out.resolve("datavec_vs_windowstore_provenance.json"));
        System.out.println("wrote " + out.resolve("datavec_vs_windowstore.csv"));
        return 0;
    }

    static String markdown(Map<String, Object> all, List<Map<String, Object>> rows, double peak, Provenance p) {
        StringBuilder sb = new StringBuilder("# ecgbench benchmark\n\n");
        sb.append("Measured by `ecgbench bench` on this machine; random inputs of each model's default shape, batch ")
                .append(rows.isEmpty() ? "-" : rows.get(0).get("batch")).append(".\n\n");
        sb.append(String.format(Locale.ROOT, "Matrix-multiply peak (ND4J SGEMM 1024³, same process): **%.1f GFLOP/s**.%n%n", peak));
        if (all.get("data") instanceof Map<?, ?> d) {
            sb.append("## Data\n\n");
            for (Map.Entry<?, ?> e : d.entrySet()) sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            sb.append('\n');
        }
        if (all.get("input_stores") instanceof Map<?, ?> st) {
            sb.append("## Input stores (12-lead records)\n\nOne shuffled training epoch of batches through the trainer's iterator, from"
                    + " memory and from a `DiskWindowStore` cache file (`data.records.storage: disk`; page cache warm after the write; a"
                    + " cold read is bounded by the disk instead):\n\n");
            for (Map.Entry<?, ?> e : st.entrySet()) {
                Object v = e.getValue();
                sb.append("- ").append(e.getKey()).append(": ").append(v instanceof Double dv ? String.format(Locale.ROOT, "%.1f", dv) : v).append('\n');
            }
            sb.append('\n');
        }
        sb.append("## Models\n\n| model | input | params | MFLOPs/sample | train samples/s | inference samples/s | inference GFLOP/s | % of matmul peak |"
                + " 4-bit quantize ms | pack write / read ms | 4-bit file bytes | restored inference samples/s | LAQ search ms (evaluations) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %.0f | %.0f | %.2f | %.1f%% | %.0f | %.0f / %.0f | %,d | %.0f | %.0f (%d) |%n", r.get("model"),
                    r.get("input"), (long) r.get("params"), (double) r.get("mflops_per_sample"), (double) r.get("train_samples_per_s"),
                    (double) r.get("infer_samples_per_s"), (double) r.get("infer_gflops_per_s"), 100 * (double) r.get("infer_fraction_of_peak"),
                    (double) r.getOrDefault("quantize_4bit_ms", Double.NaN), (double) r.getOrDefault("pack_write_ms", Double.NaN),
                    (double) r.getOrDefault("pack_read_ms", Double.NaN), (long) r.getOrDefault("packed_4bit_bytes", 0L),
                    (double) r.getOrDefault("restored_infer_samples_per_s", Double.NaN), (double) r.getOrDefault("laq_search_ms", Double.NaN),
                    (long) r.getOrDefault("laq_evaluations", 0L)));
        }
        sb.append("\nLAQ search ms: the real LAQ search on the benchmark batch, with agreement with the full-precision"
                + " predictions as its metric (it times the search; the allocation on random inputs means nothing). The search"
                + " time on real validation data, with its allocation, is in each `results/*_table1/table1.md`.\n");
        sb.append("\n## Provenance\n\n").append(p.toMarkdown());
        return sb.toString();
    }
}
