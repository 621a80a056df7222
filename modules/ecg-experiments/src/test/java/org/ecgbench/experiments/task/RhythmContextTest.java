package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.*;

import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.WindowDataSetIterator;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.rhythm.Standardizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * {@code data.rr_features}: the RR standardiser is fitted on training rows only; auxiliary features follow every
 * subset and concatenation; the iterator yields two inputs (windows, RR) with the rows in the same order; a wrapped
 * model predicts through {@link Predictor}.
 */
class RhythmContextTest {
    @BeforeAll
    static void backend() {
        Backend.init();
    }

    static LabeledWindows windows(int n, float auxOffset, String rec) {
        float[][][] x = new float[n][1][8];
        int[] y = new int[n];
        String[] r = new String[n];
        long[] s = new long[n];
        float[][] aux = new float[n][3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 8; k++) x[i][0][k] = (float) Math.sin(i + k);
            y[i] = i % 3;
            r[i] = rec;
            s[i] = 100L * i;
            for (int c = 0; c < 3; c++) aux[i][c] = auxOffset + i + 10 * c;
        }
        return new LabeledWindows(x, y, r, s, new String[] {"N", "S", "V"}).withAux(aux);
    }

    @Test
    void standardiserSeesTrainingRowsOnly() {
        LabeledWindows train = windows(5, 0, "101"), val = windows(4, 1000, "114");
        Standardizer s = RhythmContext.fit(train);
        assertArrayEquals(new double[] {2, 12, 22}, s.mean(), 1e-9, "training means only (0..4 + 10c)");
        assertEquals(Math.sqrt(2), s.sd()[0], 1e-9);
        LabeledWindows v = RhythmContext.apply(s, val);
        assertEquals((1000 - 2) / Math.sqrt(2), v.aux[0][0], 1e-3, "validation rows use the training statistics");
        assertEquals(val.y, v.y, "labels untouched");
        LabeledWindows t = RhythmContext.apply(s, train);
        double m = 0;
        for (float[] r : t.aux) m += r[1] / 5.0;
        assertEquals(0, m, 1e-6, "standardised training column has mean 0");
    }

    @Test
    void auxFollowsSubsetsAndConcatenation() {
        LabeledWindows a = windows(6, 0, "101"), b = windows(3, 50, "102");
        LabeledWindows sub = a.subset(new int[] {4, 1});
        assertEquals(4f, sub.aux[0][0]);
        assertEquals(1f, sub.aux[1][0]);
        LabeledWindows c = LabeledWindows.concat(a, b);
        assertEquals(50f, c.aux[6][0]);
        LabeledWindows capped = a.capPerClass(1, 1);
        for (int i = 0; i < capped.size(); i++) assertEquals(capped.sample[i] / 100f, capped.aux[i][0], "row " + i + " keeps its own RR");
        assertThrows(IllegalArgumentException.class, () -> LabeledWindows.concat(a, windows(2, 0, "103").withAux(null)));
    }

    @Test
    void iteratorYieldsWindowsAndRhythmInTheSameOrder() {
        LabeledWindows w = windows(7, 0, "101");
        WindowDataSetIterator it = new WindowDataSetIterator(w, 4, true, 3);
        assertTrue(it.hasAux());
        int seen = 0;
        while (it.hasNext()) {
            MultiDataSet m = it.nextMulti();
            assertEquals(2, m.numFeatureArrays());
            long b = m.getFeatures(0).size(0);
            assertArrayEquals(new long[] {b, 1, 8}, m.getFeatures(0).shape());
            assertArrayEquals(new long[] {b, 3}, m.getFeatures(1).shape());
            for (int i = 0; i < b; i++) {
                int row = (int) m.getFeatures(1).getFloat(i, 0); // aux column 0 = row index
                assertEquals(w.input(row)[0][3], m.getFeatures(0).getFloat(i, 0, 3), 1e-6, "window and RR of the same row");
                assertEquals(1f, m.getLabels(0).getFloat(i, w.y[row]));
            }
            seen += b;
        }
        assertEquals(7, seen);
    }

    @Test
    void wrappedModelPredictsThroughThePredictor() {
        var net = org.ecgbench.models.RhythmHead.wrap(ModelRegistry.DEFAULT.get("resnet1d").build(ModelConfig.of(1, 8, 3)), 3, 4);
        double[][] p = Predictor.predict(net, windows(5, 0, "101"), 2);
        assertEquals(5, p.length);
        for (double[] r : p) assertEquals(1.0, r[0] + r[1] + r[2], 1e-4);
    }
}
