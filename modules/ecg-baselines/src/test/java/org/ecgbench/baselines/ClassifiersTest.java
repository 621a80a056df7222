package org.ecgbench.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifiersTest {
    /** Three Gaussian blobs 6 sd apart in 4-D (the last 2 dimensions are noise), class sizes 300/60/30. */
    static Object[] blobs(long seed, int scale) {
        Random r = new Random(seed);
        int[] sizes = {300 * scale, 60 * scale, 30 * scale};
        int n = sizes[0] + sizes[1] + sizes[2];
        double[][] x = new double[n][4];
        int[] y = new int[n];
        int i = 0;
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < sizes[k]; j++, i++) {
                x[i][0] = 6 * (k == 1 ? 1 : 0) + r.nextGaussian();
                x[i][1] = 6 * (k == 2 ? 1 : 0) + r.nextGaussian();
                x[i][2] = r.nextGaussian();
                x[i][3] = r.nextGaussian();
                y[i] = k;
            }
        }
        return new Object[] {x, y};
    }

    static double accuracy(int[] a, int[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) c++;
        return (double) c / a.length;
    }

    @Test
    void eachClassifierSeparatesBlobs() {
        Object[] tr = blobs(1, 1), te = blobs(2, 1);
        double[][] x = (double[][]) tr[0], xt = (double[][]) te[0];
        int[] y = (int[]) tr[1], yt = (int[]) te[1];
        for (String kind : List.of("weighted_lda", "random_forest", "extra_trees")) {
            BaselineClassifier m = Baselines.create(kind, 3, kind.equals("weighted_lda") ? Map.of() : Map.of("trees", 20, "seed", 3));
            m.fit(x, y, ClassWeights.balanced(y, 3));
            double acc = accuracy(m.predict(xt), yt);
            // extra trees: random split points on 1 of 4 features per split (2 are noise), 20 trees: a little less sharp
            assertTrue(acc > (kind.equals("extra_trees") ? 0.9 : 0.98), kind + " accuracy " + acc);
            for (double[] p : m.predictProba(xt)) assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
        }
        MajorityClass maj = new MajorityClass(3);
        maj.fit(x, y, ClassWeights.balanced(y, 3)); // weights ignored: the majority by counts
        assertEquals(0, maj.majority());
        assertEquals(300.0 / 390, accuracy(maj.predict(xt), yt), 1e-12);
    }

    @Test
    void balancedWeightsFavourTheMinorityOnOverlappingClasses() {
        Random r = new Random(5);
        int n = 2000;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 1800 ? 0 : 1;
            x[i][0] = (y[i] == 1 ? 1.0 : 0.0) + r.nextGaussian();
            x[i][1] = r.nextGaussian();
        }
        for (String kind : List.of("weighted_lda", "random_forest")) {
            Map<String, Object> p = kind.equals("weighted_lda") ? Map.of() : Map.of("trees", 20, "seed", 1, "max_depth", 4, "feature_fraction", 0.5);
            BaselineClassifier a = Baselines.create(kind, 2, p), b = Baselines.create(kind, 2, p);
            a.fit(x, y, null);
            b.fit(x, y, ClassWeights.balanced(y, 2));
            int ca = 0, cb = 0;
            for (int v : a.predict(x)) ca += v;
            for (int v : b.predict(x)) cb += v;
            assertTrue(cb > 2 * ca + 100, kind + ": balanced weights predicted " + cb + " minority rows vs " + ca + " unweighted");
        }
    }

    @Test
    void balancedWeights() {
        double[] w = ClassWeights.balanced(new int[] {0, 0, 0, 2}, 3);
        assertArrayEquals(new double[] {4.0 / 6, 4.0 / 6, 4.0 / 6, 2.0}, w, 1e-12);
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws Exception {
        Object[] tr = blobs(7, 1), te = blobs(8, 1);
        double[][] x = (double[][]) tr[0], xt = (double[][]) te[0];
        int[] y = (int[]) tr[1];
        for (String kind : List.of("majority", "weighted_lda", "random_forest")) {
            BaselineClassifier m = Baselines.create(kind, 3, kind.equals("random_forest") ? Map.of("trees", 10) : Map.of());
            m.fit(x, y, ClassWeights.balanced(y, 3));
            Path f = dir.resolve(kind + ".bin");
            m.save(f);
            BaselineClassifier back = Baselines.load(f);
            assertEquals(m.name(), back.name());
            double[][] p = m.predictProba(xt), q = back.predictProba(xt);
            for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], q[i], 1e-12, kind + " row " + i);
        }
    }

    @Test
    void treesComeFromTribuoAndAreSeeded() {
        Object[] tr = blobs(9, 1);
        double[][] x = (double[][]) tr[0];
        int[] y = (int[]) tr[1];
        TreeEnsemble a = new TreeEnsemble(3, new TreeEnsemble.Params(15, Integer.MAX_VALUE, 5f, 0.5f, false, 11));
        TreeEnsemble b = new TreeEnsemble(3, new TreeEnsemble.Params(15, Integer.MAX_VALUE, 5f, 0.5f, false, 11));
        a.fit(x, y, null);
        b.fit(x, y, null);
        assertTrue(a.tribuoModel().getClass().getName().startsWith("org.tribuo."), a.tribuoModel().getClass().getName());
        String trainer = a.tribuoModel().getProvenance().getTrainerProvenance().getClassName();
        assertEquals("org.tribuo.common.tree.RandomForestTrainer", trainer);
        assertTrue(a.describe().get("library").toString().startsWith("org.tribuo:tribuo-classification-tree"));
        double[][] pa = a.predictProba(x), pb = b.predictProba(x);
        for (int i = 0; i < pa.length; i++) assertArrayEquals(pa[i], pb[i], 0.0);
    }
}
