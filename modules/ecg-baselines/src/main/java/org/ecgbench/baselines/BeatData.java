package org.ecgbench.baselines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.baselines.features.BeatFeatures;
import org.ecgbench.baselines.features.FeatureSet;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.mitbih.BeatSet;
import org.ecgbench.signal.preprocess.Preprocessing;
import org.ecgbench.signal.rhythm.RecordRPeaks;

/**
 * MIT-BIH beats of a record list as the deep models see them (same {@link BeatExtractor}: lead MLII,
 * 360-sample windows with 180 before the R peak, AAMI N/S/V/F label map {@code aami4}, beats whose window
 * does not fit dropped) but with record-level preprocessing only (median baseline 200/600 ms, band-pass
 * 0.5–40 Hz order 2; no window z-score), and their feature rows for each {@link FeatureSet}.
 */
public final class BeatData {
    public static final int LENGTH = 360, BEFORE = 180;

    public final BeatSet beats;
    public final Map<FeatureSet, double[][]> features = new LinkedHashMap<>();

    private BeatData(BeatSet beats) {
        this.beats = beats;
    }

    public static BeatExtractor extractor() {
        return new BeatExtractor(List.of("MLII"), LENGTH, BEFORE,
                Preprocessing.recordSteps(List.of(Map.of("step", "baseline_median"),
                        Map.of("step", "bandpass", "low_hz", 0.5, "high_hz", 40.0, "order", 2))),
                List.of(), BeatLabels.byName("aami4"), null);
    }

    public static BeatData load(Path mitdb, List<String> records, List<FeatureSet> sets) throws IOException {
        BeatData d = new BeatData(extractor().extract(mitdb, records));
        BeatSet b = d.beats;
        for (FeatureSet s : sets) d.features.put(s, new double[b.size()][]);
        int i = 0;
        while (i < b.size()) {
            int j = i;
            while (j < b.size() && b.record[j].equals(b.record[i])) j++;
            RecordRPeaks.Peaks p = RecordRPeaks.read(mitdb, b.record[i]);
            double[][] w = new double[j - i][LENGTH];
            long[] wp = new long[j - i];
            for (int k = i; k < j; k++) {
                for (int s = 0; s < LENGTH; s++) w[k - i][s] = b.x[k][0][s];
                wp[k - i] = b.sample[k];
            }
            for (FeatureSet s : sets) {
                double[][] f = BeatFeatures.record(s, w, wp, p.samples(), p.fs(), BEFORE);
                System.arraycopy(f, 0, d.features.get(s), i, f.length);
            }
            i = j;
        }
        return d;
    }

    /** Rows of the given records (in beat-set order). */
    public int[] rowsOf(List<String> records) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < beats.size(); i++) if (records.contains(beats.record[i])) r.add(i);
        return r.stream().mapToInt(Integer::intValue).toArray();
    }
}
