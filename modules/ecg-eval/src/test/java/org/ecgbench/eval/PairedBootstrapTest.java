package org.ecgbench.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    static final String[] CLASSES = {"N", "S", "V"};

    /** Record r: 100 N (all right), sS S beats of which hit are called S (the rest N), 10 V (all right). */
    static long[][] record(int sS, int hit) {
        return new long[][] {{100, 0, 0}, {sS - hit, hit, 0}, {0, 0, 10}};
    }

    /** Ten records whose S recall varies from 0.1 to 0.9 (strong between-record variation); {@code extra} more S hits each. */
    static long[][][] varying(int extra) {
        long[][][] c = new long[10][][];
        for (int r = 0; r < 10; r++) c[r] = record(20, 2 + 2 * (r % 9) + extra);
        return c;
    }

    @Test
    void identicalModelsDifferByExactlyZero() {
        var a = new PairedBootstrap.Model("a", new long[][][][] {varying(0)});
        var b = new PairedBootstrap.Model("b", new long[][][][] {varying(0)});
        var s = PairedBootstrap.run(List.of(a, b), List.of("macro_f1", "f1_S"), CLASSES, 500, 1, 0.95);
        for (PairedBootstrap.Difference d : s.allPairs()) {
            assertEquals(0, d.point(), 0);
            assertEquals(0, d.lower(), 0);
            assertEquals(0, d.upper(), 0);
            assertFalse(d.significant());
        }
    }

    @Test
    void aSmallConsistentGainIsSignificantOnlyBecauseTheResamplesArePaired() {
        var a = new PairedBootstrap.Model("a", new long[][][][] {varying(1)});
        var b = new PairedBootstrap.Model("b", new long[][][][] {varying(0)});
        var s = PairedBootstrap.run(List.of(a, b), List.of("f1_S"), CLASSES, 2000, 7, 0.95);
        PairedBootstrap.Difference d = s.difference("a", "b", "f1_S");
        assertTrue(d.point() > 0 && d.lower() > 0, d.toString());
        assertTrue(d.significant());
        // the marginal (unpaired) intervals of the two models overlap: the pairing is what separates them
        double[] ra = s.resamples("a", "f1_S"), rb = s.resamples("b", "f1_S");
        java.util.Arrays.sort(ra);
        java.util.Arrays.sort(rb);
        double aLow = Bootstrap.quantile(ra, 0.025), bHigh = Bootstrap.quantile(rb, 0.975);
        assertTrue(aLow < bHigh, "marginal intervals overlap: a low " + aLow + " b high " + bHigh);
        // the reverse pair is the mirror image
        PairedBootstrap.Difference r = s.difference("b", "a", "f1_S");
        assertEquals(-d.point(), r.point(), 1e-12);
        assertEquals(-d.lower(), r.upper(), 1e-12);
    }

    @Test
    void theMetricOfSeveralSeedsIsTheMeanOfTheSeedsOnTheSameRecords() {
        long[][][] s1 = varying(0), s2 = varying(3);
        var both = new PairedBootstrap.Model("both", new long[][][][] {s1, s2});
        var one = new PairedBootstrap.Model("one", new long[][][][] {s1});
        var two = new PairedBootstrap.Model("two", new long[][][][] {s2});
        var s = PairedBootstrap.run(List.of(both, one, two), List.of("macro_f1"), CLASSES, 300, 3, 0.95);
        assertEquals((s.point("one", "macro_f1") + s.point("two", "macro_f1")) / 2, s.point("both", "macro_f1"), 1e-12);
        double[] rb = s.resamples("both", "macro_f1"), r1 = s.resamples("one", "macro_f1"), r2 = s.resamples("two", "macro_f1");
        for (int r = 0; r < rb.length; r++) assertEquals((r1[r] + r2[r]) / 2, rb[r], 1e-12);
        // pooled over all records = the usual metric
        int[] ones = new int[10];
        java.util.Arrays.fill(ones, 1);
        assertEquals(MulticlassMetrics.fromConfusion(PairedBootstrap.pooled(s1, ones, 3), CLASSES).get("macro_f1"), s.point("one", "macro_f1"), 1e-12);
    }

    @Test
    void resultsDependOnlyOnTheSeed() {
        var a = new PairedBootstrap.Model("a", new long[][][][] {varying(1)});
        var b = new PairedBootstrap.Model("b", new long[][][][] {varying(0)});
        var x = PairedBootstrap.run(List.of(a, b), List.of("macro_f1"), CLASSES, 400, 11, 0.95).difference("a", "b", "macro_f1");
        var y = PairedBootstrap.run(List.of(a, b), List.of("macro_f1"), CLASSES, 400, 11, 0.95).difference("a", "b", "macro_f1");
        var z = PairedBootstrap.run(List.of(a, b), List.of("macro_f1"), CLASSES, 400, 12, 0.95).difference("a", "b", "macro_f1");
        assertEquals(x, y);
        assertNotEquals(x.lower(), z.lower());
    }

    @Test
    void modelsOnDifferentRecordsAreRefused() {
        var a = new PairedBootstrap.Model("a", new long[][][][] {varying(0)});
        var b = new PairedBootstrap.Model("b", new long[][][][] {java.util.Arrays.copyOf(varying(0), 9)});
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.run(List.of(a, b), List.of("macro_f1"), CLASSES, 10, 1, 0.95));
    }
}
