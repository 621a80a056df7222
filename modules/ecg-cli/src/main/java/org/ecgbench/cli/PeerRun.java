package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.experiments.bench.PeerBenchmark;
import org.ecgbench.experiments.bench.PeerComparison;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;
import org.nd4j.linalg.factory.Nd4j;

/** {@code ecgbench bench --peer pytorch}: writes peer_pytorch.csv and peer_pytorch.json (settings, parameter counts, provenance). */
final class PeerRun {
    private PeerRun() {}

    static int run(BenchCommand o) throws Exception {
        if (!o.peer.equals("pytorch")) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(o),
                "--peer: only 'pytorch' is supported, got '" + o.peer + "'");
        Nd4j.getEnvironment().setMaxThreads(o.threads);
        Nd4j.getEnvironment().setMaxMasterThreads(o.threads);
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null ? Runtime.getRuntime().availableProcessors() != o.threads : !omp.trim().equals(String.valueOf(o.threads))) {
            // oneDNN and OpenBLAS size their pools at start-up; setMaxThreads alone does not bind them (docs/performance.md)
            System.out.println("note: start the JVM with OMP_NUM_THREADS=" + o.threads + " so that oneDNN and OpenBLAS also use "
                    + o.threads + " threads (now " + (omp == null ? "unset, " + Runtime.getRuntime().availableProcessors() + " CPUs" : omp) + ")");
        }
        Path root = DataPaths.projectRoot();
        PeerBenchmark pb = PeerBenchmark.find(o.python, root.resolve("bench/torch_peer.py"));
        if (pb.unavailable() == null) System.out.println("PyTorch " + pb.torchVersion() + " via " + pb.python());
        List<PeerBenchmark.Case> cases = PeerComparison.defaultCases(o.batch, o.batch12, o.batch30s, o.models);
        ModelBenchmark.Setup[] current = {null};
        String[] currentKey = {null};
        PeerComparison.Side side = (c, seconds) -> {
            String key = c.model() + "/" + c.leads() + "x" + c.samples() + "/" + c.batch();
            if (!key.equals(currentKey[0])) {
                current[0] = null;
                current[0] = ModelBenchmark.setup(ModelRegistry.DEFAULT.get(c.model()), ModelConfig.of(c.leads(), c.samples(), c.classes()), c.batch());
                currentKey[0] = key;
            }
            return ModelBenchmark.throughput(current[0], seconds);
        };
        PeerComparison.Result r = PeerComparison.run(cases, side, pb.unavailable() == null ? (c, s) -> pb.run(c, o.threads, s) : null,
                pb.unavailable(), o.seconds, o.rounds);
        Path out = o.output.isAbsolute() ? o.output : root.resolve(o.output);
        PeerBenchmark.table(r.rows()).write(out.resolve("peer_pytorch.csv"));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("note", "samples/s, best of rounds per side; training = forward + backward + Adam step on one fixed random batch,"
                + " inference = forward in inference mode; same shape, batch, classes and threads on both sides; ratio = ecgbench / pytorch."
                + " The machine may have been shared with other processes: compare loadavg_before/after (cpus = " + Runtime.getRuntime().availableProcessors() + ").");
        all.put("threads", o.threads);
        all.put("omp_num_threads_env", System.getenv("OMP_NUM_THREADS"));
        all.put("seconds_per_phase", o.seconds);
        all.put("rounds", o.rounds);
        all.put("peer", pb.describe());
        all.put("models", r.details());
        Provenance p = Provenance.collect(root);
        p.put("backend", Backend.describe());
        p.put("nd4j_max_threads", Nd4j.getEnvironment().maxThreads());
        all.put("provenance", p.fields());
        AtomicFiles.writeString(out.resolve("peer_pytorch.json"), Json.write(all) + "\n");
        System.out.println("wrote " + out.resolve("peer_pytorch.csv") + " and peer_pytorch.json");
        return 0;
    }
}
