package org.ecgbench.experiments.task;

import org.ecgbench.experiments.RequiresData;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.experiments.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on real MIT-BIH records with a tiny model and a handful of beats per record
 * (seconds, deterministic): outputs, provenance, resume, and the clear errors a user meets first.
 */
class EndToEndTest {
    @TempDir Path dir;

    static final String SPEC = """
            experiment: e2e
            smoke: true
            data:
              leads: [MLII]
              window: {length: 120, before_r: 60}
              labels: aami4
              preprocessing:
                record: [{step: bandpass, low_hz: 0.5, high_hz: 40.0}]
                window: [{step: zscore}]
              max_beats_per_record: 12
            split: {train: mitdb_ds1_train, validation: mitdb_ds1_val, test: mitdb_ds2}
            model:
              name: resnet1d
              params: {widths: [4, 8], kernel: 3, stem_kernel: 3}
            training: {epochs: EPOCHS, batch_size: 32, seed: 3, early_stopping: {patience: 5}}
            evaluation: {bootstrap: 50}
            """;

    Path spec(int epochs) throws Exception {
        Path p = dir.resolve("e2e.yaml");
        Files.writeString(p, SPEC.replace("EPOCHS", String.valueOf(epochs)));
        return p;
    }

    ExperimentRunner.Options opts() {
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve("out").toString();
        o.showProgress = false;
        return o;
    }

    @Test
    void runsWritesEverythingAndResumes() throws Exception {
        RequiresData.mitdb();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(spec(1), opts());
        for (String f : new String[] {"report.md", "metrics.csv", "confusion_matrix.csv", "predictions.csv.gz", "history.csv",
                "provenance.json", "summary.json", "model.zip"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("SMOKE RUN"));
        assertTrue(report.contains("| **accuracy** |"));
        String prov = Files.readString(out.resolve("provenance.json"));
        for (String k : new String[] {"git_commit", "spec_sha256", "data_checksum", "train_seed", "backend", "wall_seconds"}) {
            assertTrue(prov.contains("\"" + k + "\""), k);
        }
        // 22 DS2 records x up to 12 beats; no DS2 record is in the training or validation data
        long lines;
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(out.resolve("predictions.csv.gz")))))) {
            lines = r.lines().count() - 1;
        }
        assertTrue(lines > 200 && lines <= 22 * 12, "test windows " + lines);
        TrainingState st = TrainingState.read(out.resolve("checkpoints/state.json"));
        assertEquals(1, st.epochsDone);
        // a second run with more epochs resumes from the checkpoint instead of starting over
        Path spec2 = spec(2);
        ExperimentRunner.Options o = opts();
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        // the spec changed (epochs), so the checkpoint belongs to another spec: refused with a clear message
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ExperimentRunner(new PrintStream(log2)).run(spec2, o));
        assertTrue(e.getMessage().contains("different spec"), e.getMessage());
        o.fresh = true;
        new ExperimentRunner(new PrintStream(log2)).run(spec2, o);
        assertEquals(2, TrainingState.read(out.resolve("checkpoints/state.json")).history.size());
    }

    @Test
    void interruptedRunResumesFromItsLastEpoch() throws Exception {
        RequiresData.mitdb();
        Path s = spec(2);
        ExperimentRunner.Options o = opts();
        new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(s, o);
        Path state = dir.resolve("out/checkpoints/state.json");
        // simulate a crash after epoch 1: rewrite the state as if only one epoch had finished
        TrainingState st = TrainingState.read(state);
        st.epochsDone = 1;
        st.finished = false;
        st.history.remove(1);
        st.write(state);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new ExperimentRunner(new PrintStream(log)).run(s, o);
        assertTrue(log.toString().contains("Resuming from"), log.toString());
        assertTrue(log.toString().contains("epoch 2/2"));
        assertFalse(log.toString().contains("epoch 1/2:"), "epoch 1 is not trained again");
        assertEquals(2, TrainingState.read(state).epochsDone);
    }

    @Test
    void missingDataDirectoryIsAClearError() throws Exception {
        ExperimentRunner.Options o = opts();
        o.dataDir = dir.resolve("no-such-data").toString();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(spec(1), o));
        assertTrue(e.getMessage().contains("no-such-data") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void unknownModelParameterAndUnknownModelAreSpecErrors() throws Exception {
        // refused before any data is read: passes without ../shared/data too
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, SPEC.replace("EPOCHS", "1").replace("kernel: 3,", "kernal: 3,"));
        SpecException e = assertThrows(SpecException.class, () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(p, opts()));
        assertTrue(e.getMessage().contains("unknown parameter 'kernal'") && e.getMessage().contains("bad.yaml:"), e.getMessage());
        Files.writeString(p, SPEC.replace("EPOCHS", "1").replace("name: resnet1d", "name: resnet99"));
        e = assertThrows(SpecException.class, () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(p, opts()));
        assertTrue(e.getMessage().contains("unknown model 'resnet99'"), e.getMessage());
        Files.writeString(p, SPEC.replace("EPOCHS", "1").replace("{step: bandpass, low_hz: 0.5, high_hz: 40.0}", "{step: bandpas}"));
        e = assertThrows(SpecException.class, () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(p, opts()));
        assertTrue(e.getMessage().contains("unknown record preprocessing step 'bandpas'"), e.getMessage());
    }

    @Test
    void overlappingSplitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentRunner.assertDisjoint("a", java.util.List.of("100", "101"), "b", java.util.List.of("101")));
        assertTrue(e.getMessage().contains("101") && e.getMessage().contains("inter-patient"));
    }

    @Test
    void onnxRuntimeInferenceGivesTheSamePredictionsAsDl4j() throws Exception {
        RequiresData.mitdb();
        Path a = dir.resolve("a.yaml"), b = dir.resolve("b.yaml");
        Files.writeString(a, SPEC.replace("EPOCHS", "1"));
        Files.writeString(b, SPEC.replace("EPOCHS", "1").replace("evaluation: {bootstrap: 50}", "evaluation: {bootstrap: 50, inference: onnxruntime}"));
        ExperimentRunner.Options oa = opts(), ob = opts();
        oa.outputDir = dir.resolve("dl4j").toString();
        ob.outputDir = dir.resolve("ort").toString();
        Path outA = new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(a, oa);
        Path outB = new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(b, ob);
        assertTrue(Files.isRegularFile(outB.resolve("model.onnx")), "the exported model is kept beside the results");
        assertTrue(Files.readString(outB.resolve("provenance.json")).contains("\"inference\": \"onnxruntime\""));
        java.util.List<String> pa = gunzipLines(outA.resolve("predictions.csv.gz")), pb = gunzipLines(outB.resolve("predictions.csv.gz"));
        assertEquals(pa.size(), pb.size());
        int sameClass = 0;
        for (int i = 1; i < pa.size(); i++) if (pa.get(i).split(",")[3].equals(pb.get(i).split(",")[3])) sameClass++;
        assertEquals(pa.size() - 1, sameClass, "every window gets the same predicted class from ONNX Runtime as from DL4J");
    }

    static java.util.List<String> gunzipLines(Path f) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }
}
