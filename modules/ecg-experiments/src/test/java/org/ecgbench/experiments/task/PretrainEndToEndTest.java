package org.ecgbench.experiments.task;

import org.ecgbench.experiments.RequiresData;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task: pretrain} on real MIT-BIH windows with a very small HuBERT-ECG and a handful of beats
 * per record (seconds), then fine-tuning from its encoder ({@code model.pretrained}).
 */
class PretrainEndToEndTest {
    @TempDir Path dir;

    static final String COMMON = """
            data:
              leads: [MLII]
              window: {length: 120, before_r: 60}
              labels: aami4
              preprocessing:
                record: [{step: bandpass, low_hz: 0.5, high_hz: 40.0}]
                window: [{step: zscore}]
              max_beats_per_record: 10
            split: {train: mitdb_ds1_train, validation: mitdb_ds1_val, test: mitdb_ds2}
            """;
    static final String PARAMS = "{config: tiny, conv_dims: [4, 4], conv_kernels: [4, 3], conv_strides: [2, 2], hidden: 8, layers: 1, heads: 2, "
            + "ffn: 16, pos_kernel: 3}";

    ExperimentRunner.Options opts(String out) {
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve(out).toString();
        o.showProgress = false;
        return o;
    }

    @Test
    void pretrainsThenFineTunesFromTheEncoder() throws Exception {
        RequiresData.mitdb();
        Path pre = dir.resolve("pre.yaml");
        Files.writeString(pre, "experiment: pre\ntask: pretrain\nsmoke: true\n" + COMMON + "model: {name: hubert_ecg, params: " + PARAMS + "}\n"
                + "training: {epochs: 2, batch_size: 32, seed: 3, learning_rate: 0.003, early_stopping: {metric: loss, patience: 2}}\n"
                + "pretraining: {clusters: 5, kmeans_iterations: 10, mask_prob: 0.2, mask_length: 3}\n");
        ExperimentSpec s = ExperimentSpec.load(pre);
        assertEquals("pretrain", s.task);
        assertEquals(5, s.pretraining.clusters);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(pre, opts("pre_out"));
        for (String f : List.of("encoder.zip", "history.csv", "kmeans.csv", "report.md", "provenance.json", "summary.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<String> hist = Files.readAllLines(out.resolve("history.csv"));
        assertTrue(hist.size() >= 2, hist.toString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("cluster frequencies"));
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"task\": \"pretrain\""));
        assertTrue(log.toString().contains("not read"), log.toString());

        Path fine = dir.resolve("fine.yaml");
        Files.writeString(fine, "experiment: fine\nsmoke: true\n" + COMMON + "model: {name: hubert_ecg, params: " + PARAMS + ", pretrained: "
                + out.toAbsolutePath() + "}\n" + "training: {epochs: 1, batch_size: 32, seed: 3}\nevaluation: {bootstrap: 20}\n");
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        Path out2 = new ExperimentRunner(new PrintStream(log2)).run(fine, opts("fine_out"));
        assertTrue(log2.toString().contains("pretrained encoder"), log2.toString());
        String prov = Files.readString(out2.resolve("provenance.json"));
        assertTrue(prov.contains("pretrained_encoder_sha256") && prov.contains("pretrained_layers_copied"), prov);

        // a missing encoder folder is a spec error naming the file
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(fine).replace(out.toAbsolutePath().toString(), dir.resolve("nothing").toString()));
        SpecException e = assertThrows(SpecException.class, () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(bad, opts("bad_out")));
        assertTrue(e.getMessage().contains("encoder.zip"), e.getMessage());
    }

    @Test
    void pretrainingKeysAreValidated() throws Exception {
        Path p = dir.resolve("x.yaml");
        Files.writeString(p, "experiment: x\ntask: pretrain\nmodel: {name: hubert_ecg}\npretraining: {clusterz: 3}\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains("clusters"), e.getMessage());
        Files.writeString(p, "experiment: x\ntask: pretrain\nmodel: {name: hubert_ecg}\npretraining: {mask_prob: 1.5}\n");
        assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
    }
}
