package org.ecgbench.experiments.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.datavec.EcgIterators;
import org.ecgbench.datavec.EcgRecordReader;
import org.ecgbench.datavec.EcgRecordSplit;
import org.ecgbench.experiments.train.WindowDataSetIterator;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.data.DataPaths;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * One shuffled training epoch of MIT-BIH beat windows through the two input paths, in the same JVM, alternating:
 * the runner's window store ({@link WindowDataSetIterator} over {@link LabeledWindows}, what {@code Batches} feeds the
 * trainer) and DataVec ({@link EcgRecordReader} → {@code RecordReaderDataSetIterator} / {@code RecordReaderMultiDataSetIterator}
 * → {@code WindowShape}). Both read the same records through the same data source first (load time measured apart). Per
 * path: windows/s of the median epoch of {@code repeats}, and heap bytes allocated per window during an epoch
 * (the iterating thread's allocation counter). Without and with RR features (the two-input case).
 */
public final class DataVecBenchmark {
    private DataVecBenchmark() {}

    static final String SPEC = """
            experiment: datavec_bench
            data:
              leads: [MLII]
              window: {length: 360, before_r: 180}
              labels: aami4
              rr_features: %s
              preprocessing:
                record:
                  - {step: baseline_median}
                  - {step: bandpass, low_hz: 0.5, high_hz: 40.0, order: 2}
                window:
                  - {step: zscore}
            model: {name: arrhythminet_v2}
            """;

    public static List<Map<String, Object>> run(Path dataRoot, List<String> records, int batch, int repeats) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (boolean rr : new boolean[] {false, true}) {
            ExperimentSpec spec = ExperimentSpec.fromYaml(SPEC.formatted(rr), "datavec_bench");
            long t0 = System.nanoTime();
            LabeledWindows w = DataSources.create(spec, DataPaths.projectRoot(), dataRoot).load(records);
            double storeLoad = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            EcgRecordReader reader = new EcgRecordReader(spec, DataPaths.projectRoot(), dataRoot).shuffle(3);
            reader.initialize(EcgRecordSplit.of(records));
            double dvLoad = (System.nanoTime() - t0) / 1e9;
            WindowDataSetIterator store = new WindowDataSetIterator(w, batch, true, 3);
            Object dv = rr ? EcgIterators.multiDataSets(reader, batch) : EcgIterators.dataSets(reader, batch);
            double[][] storeRuns = new double[repeats][], dvRuns = new double[repeats][];
            epochStore(store, rr, 0, w.size()); // warm-up (JIT) of both paths
            epochDataVec(dv, w.size());
            for (int k = 0; k < repeats; k++) { // alternate, so a change of machine load hits both
                storeRuns[k] = epochStore(store, rr, k + 1, w.size());
                dvRuns[k] = epochDataVec(dv, w.size());
            }
            String input = rr ? "window [1 x 360] + 9 RR features (2 inputs)" : "window [1 x 360]";
            rows.add(row("window_store (WindowDataSetIterator)", input, w.size(), batch, storeLoad, storeRuns));
            rows.add(row("datavec (EcgRecordReader + RecordReader" + (rr ? "Multi" : "") + "DataSetIterator)", input, w.size(), batch, dvLoad, dvRuns));
        }
        return rows;
    }

    private static Map<String, Object> row(String path, String input, int n, int batch, double load, double[][] runs) {
        double[] secs = Arrays.stream(runs).mapToDouble(r -> r[0]).sorted().toArray();
        double[] bytes = Arrays.stream(runs).mapToDouble(r -> r[1]).sorted().toArray();
        double med = secs[secs.length / 2];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("input", input);
        m.put("windows", n);
        m.put("batch", batch);
        m.put("epochs_timed", runs.length);
        m.put("load_seconds", round(load, 2));
        m.put("median_epoch_seconds", round(med, 3));
        m.put("windows_per_s", Math.round(n / med));
        m.put("min_max_epoch_seconds", round(secs[0], 3) + " / " + round(secs[secs.length - 1], 3));
        m.put("heap_bytes_allocated_per_window", Math.round(bytes[bytes.length / 2] / n));
        m.put("heap_mb_allocated_per_epoch", round(bytes[bytes.length / 2] / 1e6, 1));
        return m;
    }

    private static double[] epochStore(WindowDataSetIterator it, boolean multi, int epoch, int n) {
        it.setEpoch(epoch);
        long a0 = allocated(), t0 = System.nanoTime();
        long seen = 0;
        while (it.hasNext()) seen += multi ? it.nextMulti().getFeatures(0).size(0) : it.next().numExamples();
        double s = (System.nanoTime() - t0) / 1e9;
        check(seen, n);
        return new double[] {s, allocated() - a0};
    }

    private static double[] epochDataVec(Object iterator, int n) {
        long a0 = allocated(), t0 = System.nanoTime();
        long seen = 0;
        if (iterator instanceof DataSetIterator it) {
            it.reset();
            while (it.hasNext()) seen += it.next().numExamples();
        } else {
            MultiDataSetIterator it = (MultiDataSetIterator) iterator;
            it.reset();
            while (it.hasNext()) seen += it.next().getFeatures(0).size(0);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        check(seen, n);
        return new double[] {s, allocated() - a0};
    }

    private static void check(long seen, int n) {
        if (seen != n) throw new IllegalStateException("an epoch saw " + seen + " of " + n + " windows");
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static double round(double v, int d) {
        double f = Math.pow(10, d);
        return Math.round(v * f) / f;
    }
}
