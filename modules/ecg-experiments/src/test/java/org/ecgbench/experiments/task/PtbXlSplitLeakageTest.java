package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.splits.SplitFile;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PTB-XL's {@code ptbxl_strat_fold} split keeps fold 10 out of everything a run chooses with: no fold-10 record is in
 * the training or validation records (so not in early stopping, thresholds or the refit on train + validation), and no
 * fold-9 record is in the training records of the early-stopped run. Checked on the layout fixture for every kind of
 * protocol, and on the committed split file of the real subset against the real {@code ptbxl_database.csv}.
 */
class PtbXlSplitLeakageTest {
    @TempDir Path dir;

    /** strat_fold of every record of a PTB-XL folder, read straight from ptbxl_database.csv. */
    static Map<String, Integer> stratFolds(Path root) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(root.resolve("ptbxl_database.csv"), StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (CSVRecord rec : p) out.put(String.valueOf((int) Double.parseDouble(rec.get("ecg_id"))), Integer.parseInt(rec.get("strat_fold")));
        }
        return out;
    }

    static void assertNoLeak(Map<String, Integer> fold, List<String> train, List<String> validation, List<String> test) {
        for (String id : train) {
            assertTrue(fold.get(id) >= 1 && fold.get(id) <= 8, "training record " + id + " is in strat_fold " + fold.get(id));
        }
        for (String id : validation) assertEquals(9, fold.get(id), "validation record " + id);
        for (String id : test) assertEquals(10, fold.get(id), "test record " + id);
        Set<String> refit = new HashSet<>(train);
        refit.addAll(validation); // training.refit trains on train + validation
        for (String id : test) assertFalse(refit.contains(id), "fold-10 record " + id + " in train + validation");
        Set<String> tr = new HashSet<>(train);
        for (String id : validation) assertFalse(tr.contains(id), "fold-9 record " + id + " in training before the refit");
        long fold10 = fold.values().stream().filter(f -> f == 10).count();
        assertTrue(test.size() <= fold10);
    }

    RecordSource source(Path root, String protocol, String split) throws Exception {
        Path p = dir.resolve(protocol + ".yaml");
        Files.writeString(p, "experiment: leak\ndata:\n  dataset: ptbxl\n  records:\n    root: " + root + "\n    label_protocol: " + protocol
                + "\n    min_positives: 1\n    ptbxl_rate: 100\n    fs: 100\n    length: 256\nsplit: {file: " + split
                + ", method: ptbxl_strat_fold, drop_unlabelled: true}\nmodel: {name: resnet1d}\n");
        return RecordSource.create(ExperimentSpec.load(p), DataPaths.projectRoot(), null);
    }

    @Test
    void fixtureSplitsKeepFold10OutOfTrainingAndValidationForEveryProtocolKind() throws Exception {
        Path root = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        Map<String, Integer> fold = stratFolds(root);
        for (String protocol : List.of("ptbxl_all", "ptbxl_superdiagnostic", "ptbxl_afib_aflt")) {
            RecordSource s = source(root, protocol, dir.resolve(protocol + ".tsv").toString());
            RecordSource.SplitResult sp = s.splits(DataPaths.projectRoot(), dir.resolve(protocol + ".yaml"));
            assertTrue(sp.created());
            assertFalse(sp.test().isEmpty(), protocol);
            assertNoLeak(fold, sp.train(), sp.validation(), sp.test());
            // a split file made by one protocol and reused by another still keeps its folds
            RecordSource again = source(root, "ptbxl_superdiagnostic", dir.resolve(protocol + ".tsv").toString());
            RecordSource.SplitResult sp2 = again.splits(DataPaths.projectRoot(), dir.resolve("ptbxl_superdiagnostic.yaml"));
            assertNoLeak(fold, sp2.train(), sp2.validation(), sp2.test());
        }
    }

    @Test
    void committedSubsetSplitFileMatchesTheRealStratFolds() throws Exception {
        RequiresData.ptbxlSubset();
        Path root = DataPaths.dataRootOrNull().resolve("ptbxl");
        Map<String, Integer> fold = stratFolds(root);
        Path file = DataPaths.projectRoot().resolve("experiments/ptbxl/splits/ptbxl_subset_strat_fold.tsv");
        Map<String, Integer> parts = SplitFile.read(file);
        assertEquals(fold.keySet(), parts.keySet(), "the split file lists exactly the records of ptbxl_database.csv");
        List<String> train = new ArrayList<>();
        List<String> val = new ArrayList<>();
        List<String> test = new ArrayList<>();
        parts.forEach((id, part) -> (part == 0 ? train : part == 1 ? val : test).add(id));
        assertNoLeak(fold, train, val, test);
        assertEquals(fold.values().stream().filter(f -> f == 10).count(), test.size());
    }

    @Test
    void everyCommittedSubsetSpecUsesTheStratFoldSplitFile() throws Exception {
        List<Path> specs;
        try (Stream<Path> s = Files.walk(DataPaths.projectRoot().resolve("experiments"))) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int n = 0;
        for (Path p : specs) {
            ExperimentSpec spec = ExperimentSpec.load(p);
            if (spec.split.file == null || !spec.split.file.endsWith("ptbxl_subset_strat_fold.tsv")) continue;
            assertEquals(ExperimentSpec.Split.Method.PTBXL_STRAT_FOLD, spec.split.method, p.toString());
            n++;
        }
        assertTrue(n >= 2, "the PTB-XL subset specs name the shared split file");
    }
}
