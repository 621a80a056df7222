package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.signal.split.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code split.mode: cv_records} end to end on real MIT-BIH records (few windows per record, 1 epoch): the folds
 * partition the training records (each held out exactly once, never a test record), the out-of-fold and test
 * evaluations are written, the prior factors are chosen before the test split is loaded, and a second run resumes every
 * fold from its checkpoint and reproduces the same numbers.
 */
class CrossValidationTest {
    static final String SPEC = """
            experiment: cvtest
            smoke: true
            data:
              leads: [MLII]
              window: {length: 200, before_r: 90}
              labels: aami4
              rr_features: true
              window_template: true
              max_beats_per_record: 80
              preprocessing: {window: [{step: zscore}]}
            split: {mode: cv_records, train: mitdb_ds1_val, folds: 2, fold_seed: 5, test: mitdb_ds2}
            model:
              name: arrhythminet_v2
              params: {blocks: [8, 8, 8, 8, 8]}
              rhythm_head: {hidden: 4, morphology_dropout: 0.5, wide: true}
            training: {epochs: 1, batch_size: 32, class_weights: balanced}
            evaluation: {bootstrap: 20, prior_correction: true}
            """;

    @Test
    void foldsPartitionTheTrainingRecordsAndARerunResumes(@TempDir Path dir) throws Exception {
        RequiresData.mitdb();
        Path out = dir.resolve("out");
        Path spec = dir.resolve("cv.yaml");
        Files.writeString(spec, SPEC + "output: {dir: " + out + "}\n");
        String log1 = run(spec);
        List<String> folds = Files.readAllLines(out.resolve("cv_folds.csv"));
        assertEquals(3, folds.size(), "header + 2 folds");
        Set<String> held = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (String row : folds.subList(1, folds.size())) for (String r : row.split(",")[1].split(";")) { held.add(r); all.add(r); }
        assertEquals(new HashSet<>(Splits.load("mitdb_ds1_val")), held, "every training record is held out");
        assertEquals(held.size(), all.size(), "exactly once");
        for (String t : Splits.load("mitdb_ds2")) assertFalse(held.contains(t), "test record " + t + " in a fold");
        // the prior factors are chosen (and logged) before the test split is read
        int prior = log1.indexOf("prior correction (chosen on the out-of-fold predictions)");
        int test = log1.indexOf("test (fold ensemble)");
        assertTrue(prior > 0 && test > prior, log1);
        String metrics = Files.readString(out.resolve("metrics.csv"));
        assertTrue(metrics.contains("\ncv,macro_f1,") && metrics.contains("\ntest,macro_f1,"), metrics);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Cross-validation estimate (2-fold by record on mitdb_ds1_val"), report);
        assertTrue(report.contains("### Class-prior correction"), report);
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals(4, prov.get("prior_factors").size());
        assertEquals(1.0, prov.get("prior_factors").get(0).asDouble(), 0);
        for (String f : List.of("history_fold0.csv", "history_fold1.csv", "predictions.csv.gz", "summary.json", "confusion_matrix.csv",
                "model_fold0.zip", "model_fold1.zip")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("facts").get("rhythm_context").asBoolean());

        String log2 = run(spec);
        assertTrue(log2.contains("Resuming from") && log2.contains("fold0") && log2.contains("fold1"), log2);
        assertFalse(log2.contains("epoch 1/1: train loss"), "no epoch is retrained");
        assertEquals(metrics, Files.readString(out.resolve("metrics.csv")), "the resumed run gives the same numbers");

        // another test list changes nothing that was chosen: same folds, same out-of-fold predictions, same prior factors
        Path out2 = dir.resolve("out2");
        Path spec2 = dir.resolve("cv2.yaml");
        Files.writeString(spec2, SPEC.replace("test: mitdb_ds2", "test: mitdb_ds1_train") + "output: {dir: " + out2 + "}\n");
        run(spec2);
        assertEquals(cvRows(metrics), cvRows(Files.readString(out2.resolve("metrics.csv"))), "the CV estimate does not depend on the test split");
        assertEquals(prov.get("prior_factors"), new ObjectMapper().readTree(out2.resolve("provenance.json").toFile()).get("prior_factors"));
    }

    private static List<String> cvRows(String metricsCsv) {
        return metricsCsv.lines().filter(l -> l.startsWith("cv,")).toList();
    }

    private static String run(Path spec) throws Exception {
        return SearchTaskTest.run(spec);
    }
}
