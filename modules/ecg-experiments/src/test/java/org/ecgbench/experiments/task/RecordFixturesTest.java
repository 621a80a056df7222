package org.ecgbench.experiments.task;

import org.ecgbench.pipeline.source.RecordSource;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record pipeline through files written in the exact layouts of the databases we have no real copy of
 * (PTB-XL CSV + WFDB, CODE-15% HDF5, original CPSC 2018 MAT v5, Chapman CSV): labels, split files and
 * fixed-size inputs.
 */
class RecordFixturesTest {
    @TempDir Path dir;

    RecordSource source(String dataset, Path root, String records, String split) throws Exception {
        Path p = dir.resolve(dataset + ".yaml");
        Files.writeString(p, "experiment: f\ndata:\n  dataset: " + dataset + "\n  records:\n    root: " + root + "\n" + records
                + "split: {file: " + dir.resolve(dataset + ".tsv") + split + "}\nmodel: {name: resnet1d}\n");
        return RecordSource.create(ExperimentSpec.load(p), DataPaths.projectRoot(), null);
    }

    @Test
    void ptbXlLayoutMultiLabelWithStratFoldSplit() throws Exception {
        Path root = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        RecordSource s = source("ptbxl", root, "    label_protocol: ptbxl_superdiagnostic\n    min_positives: 1\n    ptbxl_rate: 100\n"
                + "    fs: 100\n    length: 800\n", ", method: ptbxl_strat_fold");
        assertTrue(s.multiLabel());
        assertEquals(List.of("HYP", "MI", "NORM", "STTC"), s.labels().classes());
        assertEquals(Map.of("HYP", 4, "MI", 5, "NORM", 5, "STTC", 3), s.labels().counts());
        RecordSource.SplitResult sp = s.splits(DataPaths.projectRoot(), dir.resolve("ptbxl.yaml"));
        assertEquals(List.of("9", "10"), sp.validation());
        assertEquals(List.of("11", "12"), sp.test());
        assertEquals(9, sp.train().size());
        LabeledWindows w = s.load(sp.test());
        assertEquals(12, w.leads());
        assertEquals(800, w.samples(), "10 s at 100 Hz cropped to 8 s");
        assertArrayEquals(new boolean[] {false, true, false, true}, w.multiHot[1], "record 12: ASMI (MI) + NDT (STTC)");
        assertEquals("101", s.patientOf("13"));
    }

    @Test
    void code15LayoutBinaryAfTasksWithAGivenSplitFile() throws Exception {
        Path root = RecordFixtures.code15(dir.resolve("code15"));
        RecordFixtures.code15Split(dir.resolve("code15.tsv"));
        RecordSource s = source("code15", root, "    label_protocol: code15_af_related\n    fs: 500\n    length: 5000\n    pad: centre\n", "");
        assertTrue(s.binary());
        assertEquals(Map.of("negative", 8, "positive", 7), s.labels().counts());
        RecordSource.SplitResult sp = s.splits(DataPaths.projectRoot(), dir.resolve("code15.yaml"));
        assertFalse(sp.created());
        assertEquals(List.of("101", "102", "103", "801", "901", "902"), sp.test());
        LabeledWindows w = s.load(List.of("102", "101"));
        assertEquals(5000, w.samples());
        // 7-s exam (102): 2800 samples at 400 Hz -> 3500 at 500 Hz, re-padded centred to 5000
        assertEquals(0f, w.input(0)[0][0]);
        assertEquals(0f, w.input(0)[5][749]);
        assertNotEquals(0f, w.input(0)[5][760]);
        assertNotEquals(0f, w.input(1)[0][10], "10-s exam: 4000 -> 5000 samples, no padding left");
        assertEquals(1, w.y[0]);
        assertEquals(1, w.y[1]);
        assertEquals(Map.of("negative", 8, "positive", 2), s.labelsUnder("code15_af_nsr").counts());
        assertEquals(Map.of("negative", 8, "positive", 2), s.labelsUnder("code15_af_prediction").counts());
    }

    @Test
    void nanInARealMatFileStopsTheRunNamingTheFileOrIsReplacedOnRequest() throws Exception {
        Path root = RecordFixtures.cpsc(dir.resolve("cpsc-nan"));
        RecordFixtures.writeCpscRecord(root, "A0003", new float[][] {{0.1f, Float.NaN, 0.3f}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
                {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}});
        RecordSource s = source("cpsc2018", root, "    label_protocol: cpsc9_first\n    length: 100\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.load(List.of("A0003")));
        assertTrue(e.getMessage().contains(root.resolve("A0003.mat").toString()) && e.getMessage().contains("lead I:")
                && e.getMessage().contains("NaN"), e.getMessage());
        RecordSource t = source("cpsc2018", root, "    label_protocol: cpsc9_first\n    length: 100\n    nan: lead_mean\n    normalize: none\n", "");
        assertEquals(0.2f, t.load(List.of("A0003")).input(0)[0][1], 1e-6f, "NaN replaced by the mean of 0.1 and 0.3");
    }

    @Test
    void originalCpscMatV5AndChapmanCsvLayouts() throws Exception {
        RecordSource c = source("cpsc2018", RecordFixtures.cpsc(dir.resolve("cpsc")), "    label_protocol: cpsc9_first\n    length: 5000\n",
                ", fractions: [0.5, 0.25, 0.25], seed: 1");
        assertEquals(Map.of("Normal", 2, "AF", 2, "LBBB", 0, "I-AVB", 0, "RBBB", 1, "PAC", 0, "PVC", 1, "STD", 0, "STE", 0), c.labels().counts());
        LabeledWindows w = c.load(List.of("A0001", "A0006"));
        assertEquals(5000, w.samples(), "3500 samples padded, 6000 cropped to the first 5000");
        assertEquals(0f, w.input(0)[0][4000]);
        assertNotEquals(0f, w.input(1)[0][4999]);
        RecordSource.SplitResult sp = c.splits(DataPaths.projectRoot(), dir.resolve("cpsc2018.yaml"));
        assertTrue(sp.created());
        assertEquals(6, sp.train().size() + sp.validation().size() + sp.test().size());

        RecordSource h = source("chapman", RecordFixtures.chapman(dir.resolve("chapman")), "    label_protocol: chapman4\n    length: 5120\n",
                ", fractions: [0.5, 0.25, 0.25]");
        assertEquals(Map.of("SB", 1, "AFIB", 2, "GSVT", 1, "SR", 2), h.labels().counts());
        LabeledWindows x = h.load(List.of("MUSE_5"));
        assertEquals(5120, x.samples(), "qHuBERT: 10 s at 500 Hz zero-padded to 5,120");
        assertEquals(1, x.y[0], "atrial flutter (AF) belongs to AFIB");
        for (int j = 5000; j < 5120; j++) assertEquals(0f, x.input(0)[3][j]);
    }

    @Test
    void code15InputsStreamedFromADiskCacheEqualTheInMemoryInputsAndAreReused() throws Exception {
        Path root = RecordFixtures.code15(dir.resolve("code15"));
        RecordFixtures.code15Split(dir.resolve("code15.tsv"));
        String common = "    label_protocol: code15_af_related\n    fs: 500\n    length: 5000\n    pad: centre\n";
        RecordSource mem = source("code15", root, common + "    storage: memory\n", "");
        Path cache = dir.resolve("cache");
        java.io.ByteArrayOutputStream logBytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream log = new java.io.PrintStream(logBytes, true);
        RecordSource disk = source("code15", root, common + "    storage: disk\n", "").withCache(cache, log);
        List<String> ids = List.of("102", "101", "801", "901");
        LabeledWindows a = mem.load(ids), b = disk.load(ids);
        assertFalse(a.inputs().onDisk());
        assertTrue(b.inputs().onDisk());
        for (int i = 0; i < ids.size(); i++) assertArrayEquals(a.input(i), b.input(i));
        assertArrayEquals(a.y, b.y);
        assertTrue(logBytes.toString().contains("writing disk cache"), logBytes.toString());
        try (var files = Files.list(cache)) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".f32")).count());
        }
        LabeledWindows again = disk.load(ids);
        assertTrue(logBytes.toString().contains("reusing disk cache"), "an interrupted/repeated run reuses the complete cache");
        assertArrayEquals(a.input(3), again.input(3));
        disk.load(List.of("102", "101"));
        try (var files = Files.list(cache)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".f32")).count(), "another record list is another cache file");
        }
    }
}
