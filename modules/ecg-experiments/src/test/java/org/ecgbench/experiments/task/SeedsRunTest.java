package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.seeds} / {@code run --seeds}: one folder per seed, progress lines with an ETA, finished seeds skipped. */
class SeedsRunTest {
    @TempDir Path dir;

    static final String SPEC = EndToEndTest.SPEC.replace("seed: 3,", "seeds: [3, 4],").replace("EPOCHS", "1");

    ExperimentRunner.Options opts() {
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve("out").toString();
        o.showProgress = false;
        return o;
    }

    @Test
    void twoSeedsWriteTwoFoldersAndARerunSkipsBoth() throws Exception {
        RequiresData.mitdb();
        Path spec = dir.resolve("seeds.yaml");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(spec, opts());
        assertEquals(dir.resolve("out"), out);
        Path second = dir.resolve("out_seed4");
        for (Path p : List.of(out, second)) assertTrue(Files.isRegularFile(p.resolve("predictions.csv.gz")), p.toString());
        assertEquals(3, Json.readObject(out.resolve("provenance.json")).get("train_seed").asLong());
        assertEquals(4, Json.readObject(second.resolve("provenance.json")).get("train_seed").asLong());
        assertTrue(Files.readString(second.resolve("report.md")).contains("e2e_seed4"));
        String first = log.toString();
        assertTrue(first.contains("seed 1 of 2 (seed 3)") && first.contains("ETA unknown until the first seed finishes"), first);
        assertTrue(first.contains("seed 2 of 2 (seed 4)") && first.contains("ETA about"), first);
        // the two seeds trained different models
        assertNotEquals(Files.readString(out.resolve("metrics.csv")), Files.readString(second.resolve("metrics.csv")));
        long before = Files.getLastModifiedTime(second.resolve("provenance.json")).toMillis();
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        new ExperimentRunner(new PrintStream(log2)).run(spec, opts());
        String again = log2.toString();
        assertTrue(again.contains("seed 1 of 2 (seed 3): finished run in") && again.contains("seed 2 of 2 (seed 4): finished run in"), again);
        assertTrue(again.contains("skipped"));
        assertEquals(before, Files.getLastModifiedTime(second.resolve("provenance.json")).toMillis());
    }

    @Test
    void theSpecsOwnSeedKeepsThePlainFolderAndEveryOtherGetsASuffix() throws Exception {
        Path spec = dir.resolve("one.yaml");
        Files.writeString(spec, EndToEndTest.SPEC.replace("EPOCHS", "1"));
        ExperimentSpec s = ExperimentSpec.load(spec);
        assertEquals(List.of(3L), s.training.seeds);
        ExperimentSpec three = s.withSeeds(List.of(5L, 3L));
        assertEquals(List.of(3L, 5L), three.training.seeds);
        assertEquals(s.output.dir, three.forSeed(3).output.dir);
        assertEquals("e2e", three.forSeed(3).experiment);
        assertEquals(s.output.dir + "_seed5", three.forSeed(5).output.dir);
        assertEquals("e2e_seed5", three.forSeed(5).experiment);
        assertEquals(5, three.forSeed(5).training.seed);
        assertEquals(List.of(5L), three.forSeed(5).training.seeds);
        // without the spec's own seed, every folder has a suffix (never overwrites the spec's own results)
        assertEquals(s.output.dir + "_seed7", s.withSeeds(List.of(7L, 8L)).forSeed(7).output.dir);
        assertEquals(s.sha256, three.forSeed(5).sha256);
        // parsing: both keys, duplicates, an empty list are refused at their line
        Files.writeString(spec, EndToEndTest.SPEC.replace("seed: 3,", "seed: 3, seeds: [3, 4],").replace("EPOCHS", "1"));
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.load(spec));
        assertTrue(e.getMessage().contains("either 'training.seed' or 'training.seeds'"), e.getMessage());
        Files.writeString(spec, EndToEndTest.SPEC.replace("seed: 3,", "seeds: [3, 3],").replace("EPOCHS", "1"));
        e = assertThrows(SpecException.class, () -> ExperimentSpec.load(spec));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        Files.writeString(spec, EndToEndTest.SPEC.replace("seed: 3,", "seeds: [],").replace("EPOCHS", "1"));
        assertThrows(SpecException.class, () -> ExperimentSpec.load(spec));
    }
}
