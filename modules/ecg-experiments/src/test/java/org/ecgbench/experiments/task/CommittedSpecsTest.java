package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;

/**
 * Every committed spec under experiments/ passes the runner's validate phase ({@code run --check}): it parses, names a
 * registered task and model with valid parameters, and its task-level settings hold; no data is read. Two specs never
 * write to the same output folder (one would overwrite or resume the other's run).
 */
class CommittedSpecsTest {

    @Test
    void everyCommittedSpecValidatesAndOwnsItsOutputFolder() throws Exception {
        List<Path> specs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(DataPaths.projectRoot().resolve("experiments"))) {
            s.filter(f -> f.toString().endsWith(".yaml") && !f.toString().contains("/target/")).sorted().forEach(specs::add);
        }
        assertTrue(specs.size() >= 60, "experiments/ holds " + specs.size() + " specs");
        ExperimentRunner runner = new ExperimentRunner(new PrintStream(new ByteArrayOutputStream()));
        Map<String, Path> outputs = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (Path p : specs) {
            try {
                ExperimentSpec s = runner.check(p);
                Path other = outputs.put(s.output.dir, p);
                if (other != null) failures.add(p + " and " + other + " both write to " + s.output.dir);
            } catch (Exception e) {
                failures.add(p + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
