package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.experiments.search.SearchSpace;
import org.ecgbench.experiments.search.TrialSpecs;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTaskTest {
    static final String SPEC = """
            experiment: s
            task: search
            smoke: true
            data:
              leads: [MLII]
              window: {length: 200, before_r: 90}
              labels: aami4
              max_beats_per_record: 60
              preprocessing: {window: [{step: zscore}]}
            model: {name: arrhythminet_v2, params: {blocks: [8, 8, 8, 8, 8]}}
            training: {epochs: 1, batch_size: 32}
            evaluation: {bootstrap: 0}
            search:
              method: METHOD
              trials: TRIALS
              folds: 2
              seed: 4
              space:
                training.learning_rate: {log_uniform: [0.0001, 0.01]}
                model.params.stem: {choice: [4, 8]}
                data.window: {choice: [{length: 200, before_r: 90}, {length: 160, before_r: 80}]}
              best_overrides: {training.epochs: 3}
            """;

    static ExperimentSpec spec(String method, int trials) {
        return ExperimentSpec.fromYaml(SPEC.replace("METHOD", method).replace("TRIALS", "" + trials), "s.yaml");
    }

    @Test
    void randomCandidatesAreSeededAndWithinTheSpace() {
        List<Map<String, Object>> a = SearchSpace.candidates(spec("random", 6).search, 6);
        assertEquals(a, SearchSpace.candidates(spec("random", 6).search, 6), "same seed, same sequence (resume relies on it)");
        assertEquals(a.subList(0, 3), SearchSpace.candidates(spec("random", 6).search, 3), "a longer budget extends the same sequence");
        Set<Object> lrs = new HashSet<>();
        for (Map<String, Object> c : a) {
            double lr = (Double) c.get("training.learning_rate");
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            assertTrue(List.of(4, 8).contains(((Number) c.get("model.params.stem")).intValue()));
            assertTrue(c.get("data.window") instanceof Map);
            lrs.add(lr);
        }
        assertTrue(lrs.size() > 1);
    }

    @Test
    void gridEnumeratesEveryCombination() {
        List<Map<String, Object>> g = SearchSpace.candidates(spec("grid", 100).search, 100);
        assertEquals(3 * 2 * 2, g.size(), "3 points for the learning rate x 2 x 2");
        assertEquals(12, new HashSet<>(g).size());
    }

    @Test
    void trialSpecsSetDottedPathsAndParse() {
        TrialSpecs t = new TrialSpecs(SPEC.replace("METHOD", "random").replace("TRIALS", "2"), "s.yaml");
        ExperimentSpec s = t.spec(Map.of("training.learning_rate", 0.005, "data.window", Map.of("length", 160, "before_r", 80),
                "model.params.stem", 4), "s_trial0", "trial 0");
        assertEquals("train_eval", s.task);
        assertEquals(0.005, s.training.learningRate);
        assertEquals(160, s.data.windowLength);
        assertEquals(4, ((Number) s.model.params.get("stem")).intValue());
        assertEquals("[8, 8, 8, 8, 8]", String.valueOf(s.model.params.get("blocks")), "other params kept");
        assertEquals(null, s.search);
        // a value the spec format refuses fails as in a hand-written spec
        assertThrows(SpecException.class, () -> t.spec(Map.of("data.window", Map.of("length", 100, "before_r", 150)), "x", "trial 1"));
    }

    @Test
    void searchSectionErrorsHaveLines() {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.fromYaml(SPEC.replace("METHOD", "random").replace("TRIALS", "2")
                .replace("model.params.stem", "split.train"), "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:20:"), e.getMessage());
        e = assertThrows(SpecException.class, () -> ExperimentSpec.fromYaml(SPEC.replace("METHOD", "annealing").replace("TRIALS", "2"), "bad.yaml"));
        assertTrue(e.getMessage().contains("search.method"), e.getMessage());
    }

    @Test
    void foldsAreRecordDisjointAndCoverThePool() {
        List<String> pool = List.of("101", "106", "108", "109", "112", "114", "115");
        List<List<String>> f = SearchTask.folds(pool, 3, 1);
        assertEquals(3, f.size());
        Set<String> all = new HashSet<>();
        for (List<String> x : f) for (String r : x) assertTrue(all.add(r), "record in two folds: " + r);
        assertEquals(new HashSet<>(pool), all);
        assertNotEquals(f, SearchTask.folds(pool, 3, 2), "the seed changes the assignment");
    }

    @Test
    void smallSearchRunsResumesAndWritesABestSpec(@TempDir Path dir) throws Exception {
        RequiresData.mitdb();
        Path out = dir.resolve("out");
        Path spec = dir.resolve("s.yaml");
        String yaml = SPEC.replace("METHOD", "random") + "  records: mitdb_ds1_val\noutput: {dir: " + out + "}\n";
        Files.writeString(spec, yaml.replace("TRIALS", "1"));
        String log1 = run(spec);
        assertEquals(2, Files.readAllLines(out.resolve("trials.csv")).size(), "header + 1 trial");
        Files.writeString(spec, yaml.replace("TRIALS", "2"));
        String log2 = run(spec);
        assertTrue(log2.contains("resuming: 1 trial(s) read back"), log2);
        List<String> rows = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).startsWith("0,ok,") && rows.get(2).startsWith("1,ok,"), rows.toString());
        for (String f : List.of("trials.png", "report.md", "summary.json", "best_spec.yaml", "provenance.json")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        ExperimentSpec best = ExperimentSpec.load(out.resolve("best_spec.yaml"));
        assertEquals("train_eval", best.task);
        assertEquals("s_best", best.experiment);
        assertEquals(3, best.training.epochs, "best_overrides applied");
        assertTrue(log1.contains("fold 0: ") && !log1.contains("mitdb_ds2 ("), "the test split is never loaded");
    }

    /** Runs a spec file through the runner on the real data (no progress bar) and returns its log. */
    static String run(Path spec) throws Exception {
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.showProgress = false;
        o.dataDir = DataPaths.dataRoot(null).toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new ExperimentRunner(new PrintStream(log)).run(spec, o);
        return log.toString();
    }
}
