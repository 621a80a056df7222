package org.ecgbench.datavec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.ecgbench.databases.splits.SplitFile;
import org.ecgbench.pipeline.source.MitBihBeatSource;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.rhythm.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

class EcgRecordReaderTest {
    static final String BEATS = """
            experiment: t
            data:
              leads: [MLII]
              window: {length: 200, before_r: 90}
              labels: aami4
              rr_features: %s
              max_beats_per_record: 120
              preprocessing: {window: [{step: zscore}]}
            model: {name: arrhythminet_v2}
            """;

    static EcgRecordReader beats(boolean rr, List<String> records) throws Exception {
        ExperimentSpec spec = ExperimentSpec.fromYaml(BEATS.formatted(rr), "beats");
        EcgRecordReader r = new EcgRecordReader(spec, DataPaths.projectRoot(), DataPaths.dataRoot(null));
        r.initialize(EcgRecordSplit.of(records));
        return r;
    }

    @Test
    void beatRowsAreTheRunnersWindows() throws Exception {
        RequiresData.mitdb();
        List<String> recs = List.of("101", "208");
        EcgRecordReader r = beats(true, recs);
        ExperimentSpec spec = r.spec();
        LabeledWindows w = MitBihBeatSource.create(spec, DataPaths.dataRoot(null)).load(recs);
        assertEquals(w.size(), r.windows().size());
        double[][] aux = new double[w.size()][];
        for (int i = 0; i < aux.length; i++) aux[i] = toDouble(w.aux[i]);
        Standardizer s = Standardizer.fit(aux);
        for (int i = 0; i < w.size(); i++) {
            List<Writable> row = r.next();
            assertEquals(3, row.size());
            assertArrayEquals(w.input(i)[0], ((NDArrayWritable) row.get(0)).get().toFloatVector(), 0f, "window " + i);
            double[] z = s.transformRow(aux[i]);
            float[] got = ((NDArrayWritable) row.get(1)).get().toFloatVector();
            for (int k = 0; k < z.length; k++) assertEquals(z[k], got[k], 1e-5, "rr " + i + "," + k);
            assertEquals(w.y[i], row.get(2).toInt());
        }
        assertFalse(r.hasNext());
        assertEquals(2, r.labelIndex());
        assertEquals(List.of("N", "S", "V", "F"), r.getLabels());
    }

    @Test
    void dl4jIteratorsGiveModelShapes() throws Exception {
        RequiresData.mitdb();
        EcgRecordReader plain = beats(false, List.of("101"));
        DataSetIterator it = EcgIterators.dataSets(plain, 32);
        DataSet ds = it.next();
        assertArrayEquals(new long[] {32, 1, 200}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {32, 4}, ds.getLabels().shape());
        assertEquals(32.0, ds.getLabels().sumNumber().doubleValue(), 1e-9, "one-hot");
        int n = 32;
        while (it.hasNext()) n += it.next().numExamples();
        assertEquals(plain.windows().size(), n, "an epoch sees every window once");

        EcgRecordReader rr = beats(true, List.of("101"));
        MultiDataSetIterator m = EcgIterators.multiDataSets(rr, 16);
        MultiDataSet mds = m.next();
        assertArrayEquals(new long[] {16, 1, 200}, mds.getFeatures(0).shape());
        assertArrayEquals(new long[] {16, 9}, mds.getFeatures(1).shape());
        assertArrayEquals(new long[] {16, 4}, mds.getLabels(0).shape());
    }

    @Test
    void splitsFromSplitFilesListsAndFiles(@TempDir Path tmp) throws Exception {
        Map<String, Integer> folds = new LinkedHashMap<>();
        folds.put("A0001", 0);
        folds.put("A0002", 1);
        folds.put("A0003", 0);
        folds.put("x/y z", 2);
        Path f = tmp.resolve("split.tsv");
        SplitFile.write(f, folds, List.of("test"));
        assertEquals(List.of("A0001", "A0003"), EcgRecordSplit.records(EcgRecordSplit.fromSplitFile(f, 0)));
        assertEquals(List.of("x/y z"), EcgRecordSplit.records(EcgRecordSplit.fromSplitFile(f, 2)));
        assertEquals("101", EcgRecordSplit.mitbih("mitdb_ds1_train").records().get(0));
        assertTrue(EcgRecordSplit.mitbih("mitdb_ds2").records().contains("100"));
        Files.writeString(tmp.resolve("101.hea"), "");
        Files.writeString(tmp.resolve("106.hea"), "");
        List<String> fromFiles = EcgRecordSplit.records(new FileSplit(tmp.toFile(), new String[] {"hea"}));
        assertEquals(List.of("101", "106"), fromFiles.stream().sorted().toList());
        // the generic round trip: the split's own URIs decode to its records
        assertEquals(List.of("x/y z"), EcgRecordSplit.records(new org.datavec.api.split.CollectionInputSplit(
                EcgRecordSplit.of(List.of("x/y z")).locations())));
    }

    @Test
    void twelveLeadRecordsByLabelProtocol() throws Exception {
        RequiresData.cincSubset();
        for (String protocol : List.of("cinc_dx_multi", "cinc_af", "cpsc9_first")) {
            ExperimentSpec spec = ExperimentSpec.fromYaml("""
                    experiment: t
                    data:
                      dataset: cinc_wfdb
                      records: {label_protocol: %s, length: 1000, max_records: 40, min_positives: 1}
                    model: {name: resnet1d}
                    """.formatted(protocol), protocol);
            EcgRecordReader r = new EcgRecordReader(spec, DataPaths.projectRoot(), DataPaths.dataRoot(null));
            r.initialize(EcgRecordSplit.of(r.labelledRecords()));
            DataSet ds = EcgIterators.dataSets(r, 8).next();
            assertArrayEquals(new long[] {Math.min(8, r.windows().size()), 12, 1000}, ds.getFeatures().shape(), protocol);
            assertEquals(r.numClasses(), ds.getLabels().size(1), protocol);
            assertEquals(protocol.equals("cinc_dx_multi"), r.multiLabel(), protocol);
            if (protocol.equals("cinc_af")) assertEquals(List.of("negative", "positive"), r.getLabels());
        }
    }

    @Test
    void aUserFolderThroughTheSameReader(@TempDir Path tmp) throws Exception {
        RequiresData.mitdb();
        Path mitdb = DataPaths.dataRoot(null).resolve("mitdb");
        for (String r : List.of("100", "101", "103")) {
            Files.copy(mitdb.resolve(r + ".hea"), tmp.resolve(r + ".hea"));
            Files.copy(mitdb.resolve(r + ".dat"), tmp.resolve(r + ".dat"));
        }
        Files.writeString(tmp.resolve("labels.csv"), "record,label\n100,M\n101,F\n103,M\n");
        ExperimentSpec spec = ExperimentSpec.fromYaml("""
                experiment: t
                data:
                  dataset: folder
                  leads: [MLII]
                  records: {root: %s, label_protocol: labels_single, classes: [M, F], fs: 360, length: 720}
                model: {name: resnet1d}
                """.formatted(tmp), "folder");
        EcgRecordReader r = new EcgRecordReader(spec, DataPaths.projectRoot(), DataPaths.dataRoot(null));
        r.initialize(EcgRecordSplit.of(r.labelledRecords()));
        DataSet ds = EcgIterators.dataSets(r, 3).next();
        assertArrayEquals(new long[] {3, 1, 720}, ds.getFeatures().shape());
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0}, ds.getLabels().ravel().toDoubleVector(), 0.0, "M, F, M one-hot");
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
