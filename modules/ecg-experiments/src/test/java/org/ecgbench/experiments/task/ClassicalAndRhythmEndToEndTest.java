package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.pipeline.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MIT-BIH records, a few beats per record (seconds): a classical baseline through {@code train_eval} writes the deep
 * runs' result files and counts what it leaves out; a deep model with {@code data.rr_features} and
 * {@code data.window_template} trains with two inputs and two channels; classical specs with a window z-score are refused
 * before any data is read.
 */
class ClassicalAndRhythmEndToEndTest {
    @TempDir Path dir;

    static final String DATA = """
            data:
              leads: [MLII]
              window: {length: 120, before_r: 60}
              labels: aami4
            EXTRA
              preprocessing:
                record: [{step: bandpass, low_hz: 0.5, high_hz: 40.0}]
            WINDOW
              max_beats_per_record: 30
            split: {train: mitdb_ds1_train, validation: mitdb_ds1_val, test: mitdb_ds2}
            """;

    Path spec(String name, String extra, String window, String rest) throws Exception {
        Path p = dir.resolve(name + ".yaml");
        Files.writeString(p, "experiment: " + name + "\nsmoke: true\n" + DATA.replace("EXTRA\n", extra).replace("WINDOW\n", window) + rest);
        return p;
    }

    ExperimentRunner.Options opts(String out) {
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve(out).toString();
        o.showProgress = false;
        return o;
    }

    @Test
    void classicalBaselineWritesTheSameResultFiles() throws Exception {
        RequiresData.mitdb();
        Path s = spec("lda", "", "", "model: {name: weighted_lda, params: {feature_set: rhythm_morphology}}\ntraining: {class_weights: balanced}\n"
                + "evaluation: {bootstrap: 20}\n");
        Path out = new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(s, opts("lda"));
        for (String f : new String[] {"report.md", "metrics.csv", "confusion_matrix.csv", "predictions.csv.gz", "provenance.json", "summary.json",
                "model.ecgbase"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("Q beats (not N/S/V/F)") && report.contains("edge beats dropped"), report);
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.replace(" ", "").contains("\"kind\":\"classical\""), summary);
        assertTrue(Files.readString(out.resolve("metrics.csv")).contains("test,macro_f1,"));
    }

    @Test
    void classicalSpecWithAWindowZscoreIsRefusedBeforeReadingData() throws Exception {
        Path s = spec("bad", "", "    window: [{step: zscore}]\n", "model: {name: random_forest}\n");
        SpecException e = assertThrows(SpecException.class, () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(s, opts("bad")));
        assertTrue(e.getMessage().contains("remove data.preprocessing.window"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad")), "no output folder");
    }

    @Test
    void deepModelTrainsWithRhythmInputAndTemplateChannel() throws Exception {
        RequiresData.mitdb();
        Path s = spec("rr", "  rr_features: true\n  window_template: true\n", "    window: [{step: zscore}]\n",
                "model: {name: resnet1d, params: {widths: [4, 8], kernel: 3, stem_kernel: 3}}\n"
                        + "training: {epochs: 1, batch_size: 32, seed: 3}\nevaluation: {bootstrap: 20}\noutput: {save_model: false}\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(s, opts("rr"));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.replace(" ", "").contains("\"rhythm_context\":true"), summary);
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("rr_standardizer_mean"));
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("- **input**: 2 lead(s) × 120 samples"), "template channel doubles the input channels");
        assertTrue(report.contains("rhythm features (second model input)"), report);
        assertTrue(log.toString().contains("standardised with the training split's"), log.toString());
        assertTrue(report.contains("Left out of the N/S/V/F protocol: Q beats"), "deep reports count the Q beats too");
        assertTrue(summary.replace(" ", "").replace("\n", "").contains("\"q_beats_excluded\":"), summary);
    }
}
