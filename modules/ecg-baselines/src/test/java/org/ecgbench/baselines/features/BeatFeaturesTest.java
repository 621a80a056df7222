package org.ecgbench.baselines.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.baselines.BeatData;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.rhythm.RrFeatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BeatFeaturesTest {
    static final double FS = 360;

    /** A 360-sample window, R at 180: a ramp x[s] = s / 1000 plus a 1 mV triangle QRS of +-10 samples. */
    static double[] window() {
        double[] w = new double[360];
        for (int s = 0; s < 360; s++) w[s] = s / 1000.0;
        for (int s = 170; s <= 190; s++) w[s] += 1.0 - Math.abs(s - 180) / 10.0;
        return w;
    }

    @Test
    void deChazalSamplesAtFixedOffsets() {
        double[] w = window();
        double[] rr = new double[RrFeatures.NAMES.size()];
        for (int k = 0; k < rr.length; k++) rr[k] = 10 + k;
        double[] f = BeatFeatures.row(FeatureSet.DE_CHAZAL, w, 180, FS, rr, null);
        assertEquals(BeatFeatures.names(FeatureSet.DE_CHAZAL).size(), f.length);
        assertArrayEquals(new double[] {10, 11, 13, 12}, new double[] {f[0], f[1], f[2], f[3]}); // pre, post, avg(long), local
        assertEquals(w[180 - 18], f[5], 0.0); // -50 ms = 18 samples
        assertEquals(w[180 + 36], f[14], 0.0); // +100 ms
        assertEquals(w[180 + 54], f[15], 0.0); // +150 ms
        assertEquals(w[180 + 176], f[23], 0.0); // +490 ms (176.4 samples)
        // qrs_width: |x| >= 0.3 * max over [-100, +150] ms; max = 1.18 at R, threshold 0.354:
        // the ramp alone passes from sample 354 (not in range); the triangle passes where 1 - |d|/10 + s/1000 >= 0.354
        double m = 1.18;
        int first = -1, last = -1;
        for (int s = 144; s <= 234; s++) if (Math.abs(w[s]) >= 0.3 * m) { if (first < 0) first = s; last = s; }
        assertEquals((last - first) / FS, f[4], 1e-12);
        assertTrue(f[4] > 0.03 && f[4] < 0.06, "width " + f[4]);
    }

    @Test
    void rhythmMorphologyUsesTemplate() {
        double[] w = window();
        double[] rr = new double[9];
        double[] f = BeatFeatures.row(FeatureSet.RHYTHM_MORPHOLOGY, w, 180, FS, rr, w.clone());
        List<String> names = BeatFeatures.names(FeatureSet.RHYTHM_MORPHOLOGY);
        assertEquals(names.size(), f.length);
        assertEquals(1.0, f[names.indexOf("tmpl_corr")], 1e-12);
        assertEquals(0.0, f[names.indexOf("tmpl_diff_rms")], 1e-12);
        assertEquals(w[180], f[names.indexOf("r_amp")], 0.0);
        double pp = f[names.indexOf("qrs_pp")];
        assertEquals(pp / (pp + 1e-3), f[names.indexOf("tmpl_pp_ratio")], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> BeatFeatures.row(FeatureSet.RHYTHM_MORPHOLOGY, w, 180, FS, rr, null));
    }

    @Test
    void recordRowsMatchRrOfAllBeats() {
        // 5 annotated beats, only beats 1 and 3 have windows
        long[] all = {100, 460, 820, 1000, 1360};
        double[][] windows = {window(), window()};
        double[][] f = BeatFeatures.record(FeatureSet.RR_ONLY, windows, new long[] {460, 1000}, all, FS, 180);
        double[][] rr = RrFeatures.compute(all, FS);
        assertArrayEquals(rr[1], f[0], 0.0);
        assertArrayEquals(rr[3], f[1], 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> BeatFeatures.record(FeatureSet.RR_ONLY, windows, new long[] {460, 999}, all, FS, 180));
    }

    @Test
    void mitbihRecordFeaturesAreFinite() throws Exception {
        Path root = DataPaths.dataRootOrNull();
        Assumptions.assumeTrue(root != null && Files.isDirectory(root.resolve("mitdb")),
                "MIT-BIH not found (set ECGBENCH_DATA or place it at ../shared/data/mitdb): skipping the real-record check");
        BeatData d = BeatData.load(root.resolve("mitdb"), List.of("100"), List.of(FeatureSet.values()));
        // 2239 N + 33 A + 1 V annotations, 2 of them too close to the record's edges for a 360-sample window
        assertEquals(2271, d.beats.size());
        for (FeatureSet s : FeatureSet.values()) {
            for (double[] r : d.features.get(s)) for (double v : r) assertTrue(Double.isFinite(v), s + " non-finite feature");
        }
    }
}
