package org.ecgbench.experiments.task;

import org.ecgbench.pipeline.source.RecordLabelProtocols;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.RecordsSpec;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;

/**
 * Every committed 12-lead spec parses, names a known protocol and valid model parameters, and has a smoke companion, except
 * the specs of real runs on a real subset present under ../shared/data (they state the subset size instead).
 */
class RecordSpecsTest {
    /** Roots of real database subsets in the data folder whose specs are real runs (no smoke companion). */
    static final List<String> REAL_SUBSET_ROOTS = List.of("../shared/data/ptbxl");

    static List<Path> recordSpecs() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(DataPaths.projectRoot().resolve("experiments"))) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".yaml")).sorted()::iterator) {
                if (Files.readString(p).matches("(?s).*\\n  dataset: (" + String.join("|", RecordsSpec.DATASETS) + ")\\n.*")) out.add(p);
            }
        }
        return out;
    }

    @Test
    void everyRecordSpecParsesWithAKnownProtocolAndModelParameters() throws Exception {
        List<Path> specs = recordSpecs();
        assertTrue(specs.size() >= 20, "ten paper specs (incl. four qHuBERT Table 2 LAQ specs) and their smoke companions, found " + specs);
        for (Path p : specs) {
            ExperimentSpec s = ExperimentSpec.load(p);
            assertNotNull(s.data.records, p.toString());
            assertTrue(RecordLabelProtocols.names().contains(s.data.records.labelProtocol), p + ": " + s.data.records.labelProtocol);
            ModelBuilder b = ModelFactory.builder(s);
            assertNotNull(ModelFactory.config(s, b, 12, s.data.records.length, 2, null, false), p.toString());
            if (s.task.equals("quantize")) {
                assertFalse(s.paper.table.isEmpty(), p + ": the paper's table belongs beside ours");
                assertNotNull(s.quantization.trainSpec, p + ": a record quantize spec names its training spec");
                ExperimentSpec t = ExperimentSpec.load(DataPaths.projectRoot().resolve(s.quantization.trainSpec));
                assertEquals(t.output.dir, s.quantization.source, p + ": source is the training spec's output");
                assertTrue(t.output.saveModel, p + ": its training spec must keep the model");
                assertEquals(t.split.file, s.split.file, p + ": same split file as the training spec");
                assertEquals(t.data.records.labelProtocol, s.data.records.labelProtocol, p.toString());
                assertEquals(t.data.leads, s.data.leads, p.toString());
                assertEquals(t.data.records.length, s.data.records.length, p.toString());
                assertEquals(t.data.records.fs, s.data.records.fs, p.toString());
                assertEquals(t.data.records.sources, s.data.records.sources, p.toString());
                assertEquals(t.model.name, s.model.name, p.toString());
            } else if (s.task.equals("pretrain")) {
                assertEquals("unlabeled", s.data.records.labelProtocol, p + ": pretraining reads no labels");
                assertFalse(s.data.records.sources.contains("chapman_shaoxing"), p + ": the Chapman fine-tuning records must stay unseen");
            } else {
                assertFalse(s.paper.reference.isEmpty(), p + ": the paper's figures belong beside ours");
            }
            assertNotNull(s.split.file, p + ": split files are committed under experiments/<paper>/splits/");
            String text = Files.readString(p);
            assertTrue(text.startsWith("#") && (text.contains("Table") || text.contains("Thota") || text.contains("benchmark")
                    || text.contains("Learning curve")), p + ": header comment says what it regenerates");
            boolean realSubset = s.data.records.root != null && REAL_SUBSET_ROOTS.contains(s.data.records.root) && !s.smoke;
            if (realSubset) {
                // a real run on a real subset that is on the machine (e.g. the 1,275 PTB-XL records): no smoke companion
                // needed, but the header says it is real and how many records the subset has
                assertTrue(text.contains("REAL") && text.contains("1,275"), p + ": a real-subset spec states that it is real and the subset size");
            } else if (p.getFileName().toString().endsWith("_smoke.yaml")) {
                assertTrue(s.smoke, p.toString());
                assertTrue(s.output.dir.startsWith("results/smoke_12lead/"), p.toString());
                assertEquals("cinc_wfdb", s.data.dataset, p + ": smoke specs run on the real CinC subset");
            } else {
                assertTrue(Files.exists(Path.of(p.toString().replace(".yaml", "_smoke.yaml"))), p + " has no smoke companion");
                assertTrue(text.contains("Full database read from"), p.toString());
            }
        }
    }
}
