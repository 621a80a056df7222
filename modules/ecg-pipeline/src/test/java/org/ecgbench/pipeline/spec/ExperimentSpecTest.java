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
}
