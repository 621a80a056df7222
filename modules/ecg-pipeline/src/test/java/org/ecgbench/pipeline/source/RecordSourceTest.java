package org.ecgbench.pipeline.source;

import org.ecgbench.pipeline.RequiresData;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.databases.splits.SplitFile;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label building and splits on the real CinC 2020/2021 subset (../shared/data/cinc2021-12lead-subset), with the
 * hand-counted class totals of docs/databases.md, and the errors a user meets first.
 */
class RecordSourceTest {
    @TempDir Path dir;

    static Path dataRoot() {
        Path r = DataPaths.dataRootOrNull();
        assertNotNull(r, "data root not found (../shared/data, ECGBENCH_DATA or -Decgbench.data)");
        assertTrue(Files.isDirectory(r.resolve("cinc2021-12lead-subset")), "missing " + r.resolve("cinc2021-12lead-subset"));
        return r;
    }

    ExperimentSpec spec(String records, String extra) throws Exception {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, "experiment: t\ndata:\n  dataset: cinc_wfdb\n" + extra + "  records:\n" + records
                + "split: {file: " + dir.resolve("split.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 3}\nmodel: {name: resnet1d}\n");
        return ExperimentSpec.load(p);
    }

    RecordSource source(String records, String extra) throws Exception {
        return RecordSource.create(spec(records, extra), DataPaths.projectRoot(), dataRoot());
    }

    static Map<String, Integer> nonZero(Map<String, Integer> c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        c.forEach((k, v) -> { if (v > 0) m.put(k, v); });
        return m;
    }

    @Test
    void cpscFirstAndMultiLabelCountsOnTheSubsetMatchTheHandCount() throws Exception {
        RequiresData.cincSubset();
        RecordSource s = source("    sources: [cpsc_2018, cpsc_2018_extra]\n    label_protocol: cpsc9_first\n", "");
        assertEquals(226, s.recordsInDatabase());
        assertEquals(24, s.recordsAfterSourceFilter(), "CPSC 2018 14 + CPSC-Extra 10");
        assertEquals(15, s.labels().size());
        assertEquals(Map.of("AF", 7, "RBBB", 4, "PVC", 2, "Normal", 1, "STD", 1), nonZero(s.labels().counts()));
        assertFalse(s.multiLabel());
        RecordSource m = source("    sources: [cpsc_2018, cpsc_2018_extra]\n    label_protocol: cpsc9_multi\n", "");
        assertTrue(m.multiLabel());
        Map<String, Integer> c = nonZero(m.labels().counts());
        assertEquals(1, c.get("LBBB"));
        assertEquals(1, c.get("PAC"));
    }

    @Test
    void chapmanGroupsBinaryAfAndCincMultiLabelOnTheSubset() throws Exception {
        RequiresData.cincSubset();
        RecordSource s = source("    sources: [chapman_shaoxing]\n    label_protocol: chapman4\n", "");
        assertEquals(19, s.labels().size());
        assertEquals(Map.of("SB", 10, "AFIB", 4, "GSVT", 2, "SR", 3), nonZero(s.labels().counts()));
        RecordSource af = source("    label_protocol: cinc_af\n", "");
        assertTrue(af.binary());
        assertEquals(226, af.labels().size());
        assertEquals(13, af.labels().counts().get("positive"), "13 records with #Dx 164889003 in cinc2021_format");
        RecordSource dx = source("    label_protocol: cinc_dx_multi\n    min_positives: 30\n", "");
        assertEquals(List.of("SB", "NSR", "STach"), dx.labels().classes(), "codes with >= 30 records (SNOMED code order), named from label_mappings");
        assertEquals(Map.of("NSR", 71, "SB", 42, "STach", 36), dx.labels().counts());
    }

    @Test
    void splitFileIsCreatedPatientWiseThenReadBackAndRecordsBecomeFixedInputs() throws Exception {
        RequiresData.cincSubset();
        String rec = "    sources: [chapman_shaoxing, ptb]\n    label_protocol: cinc_af\n    fs: 250\n    length: 1000\n";
        RecordSource s = source(rec, "  leads: [I, V2]\n");
        Path specFile = dir.resolve("s.yaml");
        RecordSource.SplitResult r = s.splits(DataPaths.projectRoot(), specFile);
        assertTrue(r.created());
        assertEquals(29, r.train().size() + r.validation().size() + r.test().size());
        assertTrue(r.train().size() > r.test().size());
        assertTrue(Files.readString(r.file()).contains("# method patient_stratified"));
        RecordSource.SplitResult again = source(rec, "  leads: [I, V2]\n").splits(DataPaths.projectRoot(), specFile);
        assertFalse(again.created());
        assertEquals(r.test(), again.test());
        LabeledWindows w = s.load(List.of("S0001", r.train().get(0)));
        assertEquals(2, w.leads());
        assertEquals(1000, w.samples(), "PTB S0001 is 1000 Hz: resampled to 250 Hz, then cropped/padded to 1000");
        assertNull(w.multiHot);
        // a split file naming a record the database does not have is an error naming the file
        Map<String, Integer> bad = new LinkedHashMap<>(SplitFile.read(r.file()));
        bad.put("NOPE1", 0);
        SplitFile.write(r.file(), bad, List.of("edited"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.splits(DataPaths.projectRoot(), specFile));
        assertTrue(e.getMessage().contains(r.file().toString()) && e.getMessage().contains("NOPE1"), e.getMessage());
    }

    @Test
    void aRecordAtAnotherRateIsAnErrorNamingItsFileWhenResamplingIsOff() throws Exception {
        RequiresData.cincSubset();
        RecordSource s = source("    sources: [ptb]\n    label_protocol: cinc_af\n    resample: false\n    length: 1000\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.load(List.of("S0001")));
        assertTrue(e.getMessage().contains("S0001.mat") && e.getMessage().contains("1000 Hz") && e.getMessage().contains("500 Hz"), e.getMessage());
    }

    @Test
    void clearErrorsForMissingRootUnknownProtocolAndBadKeys() throws Exception {
        RequiresData.cincSubset();
        SpecException e1 = assertThrows(SpecException.class, () -> source("    root: /no/such/folder\n    label_protocol: cpsc9_first\n", ""));
        assertTrue(e1.getMessage().contains("/no/such/folder") && e1.getMessage().contains("does not exist") && e1.getMessage().contains("s.yaml"),
                e1.getMessage());
        SpecException e2 = assertThrows(SpecException.class, () -> source("    label_protocol: cpsc10\n", ""));
        assertTrue(e2.getMessage().contains("s.yaml:") && e2.getMessage().contains("unknown label protocol 'cpsc10'")
                && e2.getMessage().contains("cinc_af"), e2.getMessage());
        SpecException e3 = assertThrows(SpecException.class, () -> spec("    label_protocol: cpsc9_first\n    fs: 0\n", ""));
        assertTrue(e3.getMessage().contains("data.records.fs"), e3.getMessage());
        SpecException e4 = assertThrows(SpecException.class, () -> spec("    label_protocl: cpsc9_first\n", ""));
        assertTrue(e4.getMessage().contains("did you mean 'label_protocol'"), e4.getMessage());
        SpecException e5 = assertThrows(SpecException.class, () -> spec("    label_protocol: cpsc9_first\n", "  window: {length: 100}\n"));
        assertTrue(e5.getMessage().contains("mitdb_beats only"), e5.getMessage());
        SpecException e6 = assertThrows(SpecException.class, () -> source("    sources: [cpsc]\n    label_protocol: cpsc9_first\n", ""));
        assertTrue(e6.getMessage().contains("unknown CinC source database 'cpsc'"), e6.getMessage());
    }
}
