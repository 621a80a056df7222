package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: a real child JVM ({@code ecgbench run}) killed with SIGKILL ({@code destroyForcibly}) at several points
 * — in the middle of an epoch, right after an epoch's checkpoint, and during the final evaluation — and started again
 * on the same output folder writes byte-identical {@code metrics.csv}, {@code predictions.csv.gz} (content) and
 * {@code history.csv} to an uninterrupted run; the same for {@code task: pretrain} ({@code history.csv}) killed mid-epoch.
 * A test hook slows each batch ({@code ecgbench.trainer.batchDelayMs}) so a tiny model's epoch lasts long enough to be
 * interrupted in its middle.
 */
class KillAndResumeTest {
    @TempDir Path dir;

    static final String DATA = """
            data:
              leads: [MLII]
              window: {length: 120, before_r: 60}
              labels: aami4
              preprocessing:
                record: [{step: bandpass, low_hz: 0.5, high_hz: 40.0}]
                window: [{step: zscore}]
              max_beats_per_record: 30
            split: {train: mitdb_ds1_train, validation: mitdb_ds1_val, test: mitdb_ds2}
            """;

    static final String TRAIN = "experiment: kill\nsmoke: true\n" + DATA
            + "model:\n  name: resnet1d\n  params: {widths: [4, 8], kernel: 3, stem_kernel: 3, dropout: 0.3}\n"
            + "training: {epochs: 4, batch_size: 16, seed: 3, early_stopping: {patience: 10}}\nevaluation: {bootstrap: 50}\n";

    static final String PRETRAIN = "experiment: killpre\ntask: pretrain\nsmoke: true\n" + DATA
            + "model: {name: hubert_ecg, params: {config: tiny, conv_dims: [4, 4], conv_kernels: [4, 3], conv_strides: [2, 2], hidden: 8,"
            + " layers: 1, heads: 2, ffn: 16, pos_kernel: 3}}\n"
            + "training: {epochs: 3, batch_size: 16, seed: 3, learning_rate: 0.003, early_stopping: {metric: loss, patience: 5}}\n"
            + "pretraining: {clusters: 5, kmeans_iterations: 10, mask_prob: 0.2, mask_length: 3}\n";

    /** A child {@code ecgbench run} on {@code spec} into {@code out}. */
    Process start(Path spec, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dorg.eclipse.deeplearning4j.helpers.disable=false", "-Decgbench.root=" + DataPaths.projectRoot(),
                "-Decgbench.data=" + DataPaths.dataRoot(null), "-Decgbench.trainer.batchDelayMs=25",
                "-cp", System.getProperty("java.class.path"), "org.ecgbench.cli.Main", "run", spec.toString(), "--output", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /**
     * Runs to the end, or kills the child (SIGKILL) {@code delayMs} after its checkpoint state first satisfies
     * {@code killAt} (polled every 10 ms). Returns true if it was killed while still running.
     */
    boolean run(Path spec, Path out, Predicate<TrainingStateView> killAt, long delayMs, StringBuilder log) throws Exception {
        return run(spec, out, killAt, delayMs, log, null);
    }

    boolean run(Path spec, Path out, Predicate<TrainingStateView> killAt, long delayMs, StringBuilder log, java.util.function.BooleanSupplier other)
            throws Exception {
        Process p = start(spec, out);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) synchronized (log) { log.append(line).append('\n'); }
            } catch (java.io.IOException e) {
                // the child was killed
            }
        });
        reader.start();
        boolean killed = false;
        if (killAt != null) {
            Path state = out.resolve("checkpoints/state.json");
            while (p.isAlive()) {
                TrainingStateView v = other != null ? new TrainingStateView(0, false) : TrainingStateView.read(state);
                if (v != null && killAt.test(v)) {
                    Thread.sleep(delayMs);
                    killed = p.isAlive();
                    p.destroyForcibly();
                    break;
                }
                Thread.sleep(10);
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child finished");
        reader.join(10_000);
        if (!killed && killAt == null) assertEquals(0, p.exitValue(), log.toString());
        return killed;
    }

    /** The fields of checkpoints/state.json the kill points look at. */
    record TrainingStateView(int epochsDone, boolean finished) {
        static TrainingStateView read(Path f) {
            try {
                if (!Files.isRegularFile(f)) return null;
                var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(f));
                return new TrainingStateView(n.path("epochs_done").asInt(), n.path("finished").asBoolean());
            } catch (Exception e) {
                return null;
            }
        }
    }

    static String gunzip(Path f) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void trainEvalKilledMidEpochAfterACheckpointAndDuringEvaluationResumesToTheSameFiles() throws Exception {
        RequiresData.mitdb();
        Path spec = dir.resolve("kill.yaml");
        Files.writeString(spec, TRAIN);
        StringBuilder refLog = new StringBuilder();
        Path ref = dir.resolve("ref");
        run(spec, ref, null, 0, refLog);

        Path out = dir.resolve("killed");
        StringBuilder log = new StringBuilder();
        // 1: in the middle of epoch 2 (epoch 1 is checkpointed; 34 batches of >= 25 ms follow)
        assertTrue(run(spec, out, s -> s.epochsDone() == 1, 400, log), "killed mid-epoch 2");
        // 2: right after epoch 3's checkpoint
        assertTrue(run(spec, out, s -> s.epochsDone() == 3, 0, log), "killed after epoch 3");
        // 3: after the last epoch, during the evaluation of the test split and the report
        run(spec, out, s -> s.finished(), 150, log);
        run(spec, out, null, 0, log);
        assertTrue(log.toString().contains("Resuming from"), log.toString());

        for (String f : List.of("metrics.csv", "history.csv")) {
            assertEquals(Files.readString(ref.resolve(f)), Files.readString(out.resolve(f)), f + " after three kills:\n" + log);
        }
        assertEquals(gunzip(ref.resolve("predictions.csv.gz")), gunzip(out.resolve("predictions.csv.gz")), "predictions");

        // task quantize on the reference model: killed while it packs and evaluates its rows, then run again
        Path q = dir.resolve("q.yaml");
        Files.writeString(q, "experiment: killq\ntask: quantize\nsmoke: true\n" + DATA + "model: {name: resnet1d}\nevaluation: {bootstrap: 50}\n"
                + "quantization: {bits: [8, 4, 2], source: " + ref.toAbsolutePath() + ", laq: {candidate_bits: [8, 4, 2]}}\n");
        Path qref = dir.resolve("qref"), qkilled = dir.resolve("qkilled");
        run(q, qref, null, 0, new StringBuilder());
        StringBuilder qlog = new StringBuilder();
        assertTrue(runUntil(q, qkilled, () -> Files.isDirectory(qkilled.resolve("packed")), 300, qlog), "quantize killed mid-run");
        run(q, qkilled, null, 0, qlog);
        assertEquals(Files.readString(qref.resolve("table1.csv")), Files.readString(qkilled.resolve("table1.csv")), "quantization table\n" + qlog);
    }

    /** Like {@link #run} with a kill condition on anything (here: a folder the run creates). */
    boolean runUntil(Path spec, Path out, java.util.function.BooleanSupplier when, long delayMs, StringBuilder log) throws Exception {
        return run(spec, out, s -> when.getAsBoolean(), delayMs, log, when);
    }

    @Test
    void pretrainKilledMidEpochResumesToTheSameHistory() throws Exception {
        RequiresData.mitdb();
        Path spec = dir.resolve("killpre.yaml");
        Files.writeString(spec, PRETRAIN);
        Path ref = dir.resolve("pref");
        run(spec, ref, null, 0, new StringBuilder());
        Path out = dir.resolve("pkilled");
        StringBuilder log = new StringBuilder();
        assertTrue(run(spec, out, s -> s.epochsDone() == 1, 300, log), "killed mid-epoch 2");
        run(spec, out, null, 0, log);
        assertTrue(log.toString().contains("Resuming from"), log.toString());
        assertEquals(Files.readString(ref.resolve("history.csv")), Files.readString(out.resolve("history.csv")), "pretraining history\n" + log);
    }

    @Test
    void twelveLeadTrainingKilledMidEpochResumesToTheSameFiles() throws Exception {
        RequiresData.cincSubset();
        Path spec = dir.resolve("kill12.yaml");
        Files.writeString(spec, "experiment: kill12\nsmoke: true\ndata:\n  dataset: cinc_wfdb\n  records:\n    label_protocol: chapman4\n"
                + "    fs: 100\n    length: 512\nsplit: {file: " + dir.resolve("kill12.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n"
                + "model:\n  name: resnet1d\n  params: {widths: [4, 8], kernel: 3, stem_kernel: 3, dropout: 0.3}\n"
                + "training: {epochs: 3, batch_size: 8, seed: 3, early_stopping: {patience: 10}}\nevaluation: {bootstrap: 30}\n");
        Path ref = dir.resolve("ref12");
        run(spec, ref, null, 0, new StringBuilder());
        Path out = dir.resolve("killed12");
        StringBuilder log = new StringBuilder();
        assertTrue(run(spec, out, s -> s.epochsDone() == 1, 150, log), "12-lead run killed in epoch 2");
        run(spec, out, null, 0, log);
        assertTrue(log.toString().contains("Resuming from"), log.toString());
        for (String f : List.of("metrics.csv", "history.csv")) {
            assertEquals(Files.readString(ref.resolve(f)), Files.readString(out.resolve(f)), f + " (12-lead)\n" + log);
        }
        assertEquals(gunzip(ref.resolve("predictions.csv.gz")), gunzip(out.resolve("predictions.csv.gz")), "12-lead predictions");
    }
}
