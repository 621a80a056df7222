package org.ecgbench.experiments.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.eval.Bootstrap;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.mitbih.BeatSet;
import org.ecgbench.signal.preprocess.Preprocessing;
import org.ecgbench.signal.split.Splits;

/** Reading + segmentation throughput on DS1 (raw and with the main spec's preprocessing), and bootstrap time. */
public final class DataBenchmark {
    private DataBenchmark() {}

    public static Map<String, Object> run(Path dataRoot) throws Exception {
        Path mitdb = dataRoot.resolve("mitdb");
        List<String> recs = Splits.load("mitdb_ds1");
        Map<String, Object> m = new LinkedHashMap<>();
        BeatLabels l = BeatLabels.byName("aami4");
        BeatExtractor raw = new BeatExtractor(List.of("MLII"), 360, 180, List.of(), List.of(), l, null);
        raw.extract(mitdb, recs.subList(0, 2)); // warm-up
        long t0 = System.nanoTime();
        BeatSet s = raw.extract(mitdb, recs);
        double sec = (System.nanoTime() - t0) / 1e9;
        m.put("ds1_beats", s.size());
        m.put("read_segment_beats_per_s", s.size() / sec);
        BeatExtractor pre = new BeatExtractor(List.of("MLII"), 360, 180,
                Preprocessing.recordSteps(List.of(Map.of("step", "baseline_median"), Map.of("step", "bandpass", "low_hz", 0.5, "high_hz", 40.0))),
                Preprocessing.windowSteps(List.of(Map.of("step", "zscore"))), l, null);
        t0 = System.nanoTime();
        s = pre.extract(mitdb, recs);
        sec = (System.nanoTime() - t0) / 1e9;
        m.put("read_filter_segment_beats_per_s", s.size() / sec);
        // bootstrap: 1000 record-level resamples of the DS1 labels against a shifted prediction
        int[] y = s.y;
        int[] p = new int[y.length];
        for (int i = 0; i < y.length; i++) p[i] = i % 10 == 0 ? (y[i] + 1) % 4 : y[i];
        t0 = System.nanoTime();
        Bootstrap.bootstrap(y, p, null, s.classNames, s.record, 1000, 1, 0.95, false);
        m.put("bootstrap_1000_record_level_seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }
}
