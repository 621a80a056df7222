package org.ecgbench.experiments.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of one model on random data of its input shape: training samples/s (forward +
 * backward + Adam update) and inference samples/s, and the achieved GFLOP/s of inference from the
 * model's FLOP count. A matrix-multiply peak measured in the same process gives the ceiling.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {}

    /** Float32 SGEMM GFLOP/s for n×n matrices (best of {@code reps}). */
    public static double matmulPeakGflops(int n, int reps) {
        Backend.init();
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 2; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            Nd4j.getExecutioner().commit();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return 2.0 * n * n * (double) n / best / 1e9;
    }

    /** A freshly built network with a fixed random batch of its input shape (seed 1) and one-hot labels. */
    public record Setup(ComputationGraph net, INDArray x, DataSet ds) {}

    public static Setup setup(ModelBuilder b, ModelConfig cfg, int batch) {
        Backend.init();
        ComputationGraph net = b.build(cfg);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, cfg.leads(), cfg.samples());
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, cfg.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % cfg.numClasses(), 1f);
        return new Setup(net, x, new DataSet(x, y));
    }

    /**
     * Training samples/s (fit: forward + backward + Adam) and inference samples/s (output, inference mode) of
     * {@code s}, each timed for at least {@code seconds} and two calls after two warm-up calls: the same
     * protocol as bench/torch_peer.py, so the two are comparable. Elements 2 and 3: the same per second of this
     * process's CPU time (all its threads), a figure less sensitive to other processes on a shared machine.
     */
    public static double[] throughput(Setup s, double seconds) {
        int batch = (int) s.x().size(0);
        double[] train = rate(() -> s.net().fit(s.ds()), batch, seconds);
        double[] infer = rate(() -> s.net().outputSingle(false, s.x()), batch, seconds);
        return new double[] {train[0], infer[0], train[1], infer[1]};
    }

    private static double[] rate(Runnable fn, int batch, double seconds) {
        fn.run();
        fn.run();
        long n = 0;
        int calls = 0;
        long t0 = System.nanoTime(), c0 = processCpuNanos();
        while (true) {
            fn.run();
            n += batch;
            calls++;
            double el = (System.nanoTime() - t0) / 1e9;
            if (el >= seconds && calls >= 2) return new double[] {n / el, n / ((processCpuNanos() - c0) / 1e9)};
        }
    }

    /** CPU time of this process (all threads, native ones included), or -1 when the JVM cannot tell. */
    public static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    public static Map<String, Object> run(ModelBuilder b, ModelConfig cfg, int batch, int trainIters, int inferIters) {
        Backend.init();
        ComputationGraph net = b.build(cfg);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, cfg.leads(), cfg.samples());
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, cfg.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % cfg.numClasses(), 1f);
        DataSet ds = new DataSet(x, y);
        net.fit(ds); // warm-up
        net.fit(ds);
        long t0 = System.nanoTime();
        for (int i = 0; i < trainIters; i++) net.fit(ds);
        double trainS = (System.nanoTime() - t0) / 1e9;
        net.outputSingle(false, x);
        long t1 = System.nanoTime();
        for (int i = 0; i < inferIters; i++) net.outputSingle(false, x);
        double inferS = (System.nanoTime() - t1) / 1e9;
        long flops = b.flops(cfg);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", b.name());
        m.put("input", cfg.leads() + "x" + cfg.samples());
        m.put("params", net.numParams());
        m.put("mflops_per_sample", flops / 1e6);
        m.put("batch", batch);
        m.put("train_samples_per_s", batch * trainIters / trainS);
        m.put("infer_samples_per_s", batch * inferIters / inferS);
        m.put("infer_gflops_per_s", flops * (double) batch * inferIters / inferS / 1e9);
        m.put("train_gflops_per_s_approx", 3.0 * flops * batch * trainIters / trainS / 1e9);
        // quantization: 4-bit fake quantization of every weight tensor, packed file write/read, restored inference
        try {
            java.util.Map<String, Integer> bits = new java.util.LinkedHashMap<>();
            for (String l : org.ecgbench.quant.FakeQuantizer.quantizableLayers(net)) bits.put(l, 4);
            long q0 = System.nanoTime();
            var fq = org.ecgbench.quant.FakeQuantizer.apply(net, bits, org.ecgbench.quant.QuantizedTensor.Scheme.SYMMETRIC,
                    org.ecgbench.quant.FakeQuantizer.Granularity.PER_CHANNEL);
            m.put("quantize_4bit_ms", (System.nanoTime() - q0) / 1e6);
            java.nio.file.Path f = java.nio.file.Files.createTempFile("ecgbench-bench", ".ecgq");
            long w0 = System.nanoTime();
            org.ecgbench.quant.PackedModelFormat.write(f, fq.net(), fq.tensors());
            m.put("pack_write_ms", (System.nanoTime() - w0) / 1e6);
            long r0 = System.nanoTime();
            ComputationGraph back = org.ecgbench.quant.PackedModelFormat.read(f);
            m.put("pack_read_ms", (System.nanoTime() - r0) / 1e6);
            m.put("packed_4bit_bytes", java.nio.file.Files.size(f));
            java.nio.file.Files.deleteIfExists(f);
            back.outputSingle(false, x);
            long i0 = System.nanoTime();
            for (int i = 0; i < inferIters; i++) back.outputSingle(false, x);
            m.put("restored_infer_samples_per_s", batch * inferIters / ((System.nanoTime() - i0) / 1e9));
            // LAQ search cost: the real search (importance, greedy per-layer bit choice over bits 1,2,3,4,5,6,8),
            // with agreement of predicted classes with the full-precision model on the benchmark batch as the
            // metric. This times the search machinery; its allocation means nothing (random inputs).
            INDArray ref = net.outputSingle(false, x).argMax(1);
            var lc = new org.ecgbench.quant.Laq.Config(0.5, 0.5, 0.01, 0.0, java.util.List.of(1, 2, 3, 4, 5, 6, 8),
                    org.ecgbench.quant.QuantizedTensor.Scheme.SYMMETRIC, org.ecgbench.quant.FakeQuantizer.Granularity.PER_CHANNEL);
            var laq = org.ecgbench.quant.Laq.search(net, lc, g -> g.outputSingle(false, x).argMax(1).eq(ref).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue());
            m.put("laq_search_ms", (double) laq.searchMillis());
            m.put("laq_evaluations", (long) laq.evaluations());
        } catch (java.io.IOException e) {
            m.put("quantization_error", e.getMessage());
        }
        return m;
    }
}
