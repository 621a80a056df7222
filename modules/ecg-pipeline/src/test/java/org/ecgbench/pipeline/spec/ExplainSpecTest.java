package org.ecgbench.pipeline.spec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code explain:} section: defaults, every key, and file:line errors. */
class ExplainSpecTest {
    @TempDir Path dir;

    private ExperimentSpec load(String yaml) throws Exception {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, yaml);
        return ExperimentSpec.load(p);
    }

    @Test
    void parsesEveryKey() throws Exception {
        ExperimentSpec s = load("""
                experiment: x
                task: explain
                model: {name: resnet1d}
                explain:
                  source: results/r
                  split: test
                  methods: [grad_cam_pp, kernel_shap]
                  layer: s3b1_add
                  target: probability
                  examples_per_class: 2
                  average_per_class: 5
                  smoothgrad: {samples: 9, noise: 0.2}
                  ig: {steps: 30, baseline: background_mean}
                  shap: {background: 7, samples: 40, segments: 12}
                  seed: 3
                """);
        ExperimentSpec.Explain x = s.explain;
        assertEquals("results/r", x.source);
        assertEquals("test", x.split.key());
        assertEquals(List.of("grad_cam_pp", "kernel_shap"), x.methods);
        assertEquals("s3b1_add", x.layer);
        assertEquals("probability", x.target.key());
        assertEquals(2, x.examplesPerClass);
        assertEquals(5, x.averagePerClass);
        assertEquals(9, x.smoothSamples);
        assertEquals(0.2, x.smoothNoise);
        assertEquals(30, x.igSteps);
        assertEquals("background_mean", x.igBaseline.key());
        assertEquals(7, x.shapBackground);
        assertEquals(40, x.shapSamples);
        assertEquals(12, x.shapSegments);
        assertEquals(3, x.seed);
    }

    @Test
    void defaultsAndErrors() throws Exception {
        ExperimentSpec s = load("experiment: x\ntask: explain\nmodel: {name: resnet1d}\nexplain: {source: results/r}\n");
        assertEquals("validation", s.explain.split.key());
        assertEquals("auto", s.explain.layer);
        SpecException e = assertThrows(SpecException.class, () -> load("experiment: x\ntask: explain\nmodel: {name: resnet1d}\n"));
        assertTrue(e.getMessage().contains("needs an 'explain' section"), e.getMessage());
        e = assertThrows(SpecException.class, () -> load("experiment: x\ntask: explain\nmodel: {name: resnet1d}\nexplain:\n  source: r\n  methods: [lime]\n"));
        assertTrue(e.getMessage().contains("s.yaml:6") && e.getMessage().contains("unknown explain method 'lime'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> load("experiment: x\ntask: explain\nmodel: {name: resnet1d}\nexplain: {source: r, split: train}\n"));
        assertTrue(e.getMessage().contains("explain.split"), e.getMessage());
        e = assertThrows(SpecException.class, () -> load("experiment: x\ntask: explain\nmodel: {name: resnet1d}\nexplain: {sorce: r}\n"));
        assertTrue(e.getMessage().contains("sorce"), e.getMessage());
    }
}
