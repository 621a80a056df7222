package org.ecgbench.pipeline.spec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSpecTest {
    @TempDir Path dir;

    private Path write(String yaml) throws Exception {
        Path p = dir.resolve("spec.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static final String OK = """
            experiment: demo
            data:
              leads: [MLII]
              window: {length: 360, before_r: 180}
              preprocessing:
                record:
                  - {step: bandpass, low_hz: 0.5, high_hz: 40}
                window:
                  - {step: zscore}
            model:
              name: cnn_bigru_attention
              params: {gru_units: 32}
            training:
              epochs: 4
              batch_size: 32
              early_stopping: {metric: macro_f1, patience: 2}
            """;

    @Test
    void parsesValidSpec() throws Exception {
        ExperimentSpec s = ExperimentSpec.load(write(OK));
        assertEquals("demo", s.experiment);
        assertEquals(4, s.training.epochs);
        assertEquals(32, s.training.batchSize);
        assertEquals(2, s.training.patience);
        assertEquals("cnn_bigru_attention", s.model.name);
        assertEquals(32L, s.model.params.get("gru_units"));
        assertEquals(1, s.data.recordSteps.size());
        assertEquals("bandpass", s.data.recordSteps.get(0).get("step"));
        assertEquals("results/demo", s.output.dir);
        assertEquals(64, s.sha256.length());
    }

    @Test
    void crossValidationRhythmHeadAndPriorCorrection() throws Exception {
        String cv = OK.replace("  window: {length: 360, before_r: 180}\n", "  window: {length: 360, before_r: 180}\n  rr_features: true\n")
                .replace("  params: {gru_units: 32}\n", "  params: {gru_units: 32}\n  rhythm_head: {hidden: 8, morphology_dropout: 0.5, wide: true}\n")
                + "split: {mode: cv_records, folds: 5, fold_seed: 3, test: mitdb_ds2}\nevaluation: {prior_correction: true}\n";
        ExperimentSpec s = ExperimentSpec.load(write(cv));
        assertEquals(ExperimentSpec.Split.Mode.CV_RECORDS, s.split.mode);
        assertEquals(5, s.split.folds);
        assertEquals(3, s.split.foldSeed);
        assertEquals("mitdb_ds1", s.split.train, "all 22 DS1 records by default");
        assertTrue(s.split.validation.startsWith("none (5-fold"), s.split.validation);
        assertEquals(8, s.model.rhythmHead.hidden);
        assertEquals(0.5, s.model.rhythmHead.morphologyDropout);
        assertTrue(s.model.rhythmHead.wide);
        assertTrue(s.evaluation.priorCorrection);
        assertNull(s.data.beatFeatures);
        assertEquals("rhythm_morphology", ExperimentSpec.load(write(cv.replace("  rr_features: true\n", "  rr_features: true\n  labels: aami4\n"
                + "  beat_features: rhythm_morphology\n"))).data.beatFeatures);
        ExperimentSpec d = ExperimentSpec.load(write(OK));
        assertEquals(16, d.model.rhythmHead.hidden);
        assertFalse(d.model.rhythmHead.wide);
        assertFalse(d.evaluation.priorCorrection);
        // refusals, each with its line
        for (String[] bad : new String[][] {
                {cv.replace("mode: cv_records, ", ""), "split.folds is for split.mode cv_records"},
                {cv.replace("folds: 5", "folds: 1"), "split.folds must be >= 2"},
                {cv.replace("fold_seed: 3,", "fold_seed: 3, validation: mitdb_ds1_val,"), "has no validation list"},
                {cv.replace("mode: cv_records, folds: 5, fold_seed: 3, ", ""), "evaluation.prior_correction is chosen on out-of-fold"},
                {cv.replace("  rr_features: true\n", ""), "model.rhythm_head needs data.rr_features"},
                {cv.replace("morphology_dropout: 0.5", "morphology_dropout: 1.0"), "dropout RATE in [0, 1)"},
                {cv.replace("prior_correction: true", "prior_correction: true, inference: onnxruntime"), "not available with split.mode cv_records"},
                {cv.replace("  rr_features: true\n", "  rr_features: true\n  beat_features: wavelets\n"), "one of rhythm_morphology, de_chazal"},
                {cv.replace("  rr_features: true\n", "  beat_features: rhythm_morphology\n"), "it needs data.rr_features: true"},
                {cv.replace("  rr_features: true\n", "  rr_features: true\n  beat_features: rhythm_morphology\n"), "labels aami4, leads [MLII]"}}) {
            Path p = write(bad[0]);
            SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p), bad[1]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.line() > 1, e.getMessage());
        }
    }

    @Test
    void unknownKeyNamesFileLineAndHint() throws Exception {
        Path p = write(OK.replace("  epochs: 4", "  epocs: 4"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertEquals(14, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ":14:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'epocs'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'epochs'"), e.getMessage());
    }

    @Test
    void unknownTopLevelSection() throws Exception {
        Path p = write(OK + "trainning: {}\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains("did you mean 'training'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesLineAndType() throws Exception {
        Path p = write(OK.replace("batch_size: 32", "batch_size: many"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertEquals(15, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("'training.batch_size' must be an integer, got a string ('many')"), e.getMessage());
    }

    @Test
    void negativeAndZeroRejected() throws Exception {
        Path p = write(OK.replace("epochs: 4", "epochs: 0"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains("positive integer"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorHasLine() throws Exception {
        Path p = write("experiment: demo\nmodel: {name: x\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
    }

    @Test
    void duplicateKeyRejected() throws Exception {
        Path p = write("experiment: demo\nexperiment: other\nmodel: {name: x}\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().toLowerCase().contains("duplicate"), e.getMessage());
    }

    @Test
    void missingModelIsAnError() throws Exception {
        Path p = write("experiment: demo\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains("'model'"), e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        Exception e = assertThrows(java.nio.file.NoSuchFileException.class, () -> ExperimentSpec.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml"));
    }

    @Test
    void levenshteinHint() {
        assertEquals("batch_size", Node.closest("batchsize", java.util.List.of("epochs", "batch_size", "seed")));
        assertNull(Node.closest("zzzzzzzz", java.util.List.of("epochs", "seed")));
    }

    @Test
    void sectionsAreImmutableAndChoicesAreEnumsSpelledAsInTheSpec() throws Exception {
        ExperimentSpec s = ExperimentSpec.load(write(OK.replace("  batch_size: 32", "  batch_size: 32\n  class_weights: none\n  lr_schedule: {type: plateau}")
                + "evaluation: {inference: onnxruntime}\nsplit: {mode: random_beats}\n"));
        assertSame(ExperimentSpec.Training.ClassWeights.NONE, s.training.classWeights);
        assertSame(ExperimentSpec.Training.LrSchedule.PLATEAU, s.training.lrSchedule);
        assertSame(ExperimentSpec.Training.StopMetric.MACRO_F1, s.training.earlyStoppingMetric);
        assertSame(ExperimentSpec.Split.Mode.RANDOM_BEATS, s.split.mode);
        assertEquals("random_beats", s.split.mode.toString());
        // reports and provenance print and write the spec's own spelling
        assertEquals("{\"inference\":\"onnxruntime\"}", org.ecgbench.pipeline.io.Json.write(java.util.Map.of("inference", s.evaluation.inference))
                .replaceAll("\\s", ""));
        assertThrows(UnsupportedOperationException.class, () -> s.data.leads.add("V1"));
        assertThrows(UnsupportedOperationException.class, () -> s.model.params.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> s.data.recordSteps.get(0).put("low_hz", 1.0));
        for (java.lang.reflect.Field f : ExperimentSpec.Training.class.getFields()) {
            assertTrue(java.lang.reflect.Modifier.isFinal(f.getModifiers()), "Training." + f.getName() + " must be final");
        }
        ExperimentSpec.Split named = s.split.namingFolds("splits/x.tsv");
        assertEquals("fold 2 of splits/x.tsv", s.withSplit(named).split.test);
        assertEquals("mitdb_ds2", s.split.test, "withSplit copies; the original is unchanged");
    }

    @Test
    void badChoiceNamesItsLineAndTheAllowedValues() throws Exception {
        Path p = write(OK.replace("metric: macro_f1", "metric: f1_macro"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains(":16:"), e.getMessage());
        assertTrue(e.getMessage().contains("[macro_f1, accuracy, loss, macro_auc, fmax, sensitivity]"), e.getMessage());
    }

    @Test
    void taskLevelRulesAreCheckedByTheParserWithTheirLine() throws Exception {
        Path p = write(OK + "task: pretrain\nsplit:\n  mode: random_beats\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(p));
        assertTrue(e.getMessage().contains(":19:"), e.getMessage());
        Path q = write(OK + "split:\n  method: ptbxl_strat_fold\n");
        SpecException f = assertThrows(SpecException.class, () -> ExperimentSpec.load(q));
        assertTrue(f.getMessage().contains(":18:") && f.getMessage().contains("needs data.dataset: ptbxl"), f.getMessage());
    }

    @Test
    void trainFractionMustBeInZeroOne() throws Exception {
        Path ok = write(OK + "split:\n  train_fraction: 0.25\n  train_seed: 3\n");
        ExperimentSpec spec = ExperimentSpec.load(ok);
        assertEquals(0.25, spec.split.trainFraction);
        assertEquals(3, spec.split.trainSeed);
        assertEquals(1.0, ExperimentSpec.load(write(OK)).split.trainFraction);
        Path bad = write(OK + "split:\n  train_fraction: 1.5\n");
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(bad));
        assertTrue(e.getMessage().contains(":18:") && e.getMessage().contains("train_fraction"), e.getMessage());
    }
}
