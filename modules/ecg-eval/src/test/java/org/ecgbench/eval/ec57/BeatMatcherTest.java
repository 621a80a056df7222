package org.ecgbench.eval.ec57;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BeatMatcherTest {
    @Test
    void pairsWithinWindowAndCountsMissedAndExtra() {
        long[] ref = {1000, 2000, 3000, 4000, 5000};
        long[] test = {1100, 1990, 2500, 3200, 4000, 5150, 6000};
        BeatMatcher.Matching m = BeatMatcher.match(ref, test, 150);
        assertArrayEquals(new int[] {0, 1, -1, 4, 5}, m.refToTest());
        assertArrayEquals(new int[] {0, 1, -1, -1, 3, 4, -1}, m.testToRef());
        assertEquals(4, m.matched());
        assertEquals(1, m.missed());
        assertEquals(3, m.extra());
    }

    @Test
    void windowIsInclusiveAndOneSampleMoreMisses() {
        assertEquals(1, BeatMatcher.match(new long[] {1000}, new long[] {1150}, 150).matched());
        assertEquals(1, BeatMatcher.match(new long[] {1000}, new long[] {850}, 150).matched());
        BeatMatcher.Matching m = BeatMatcher.match(new long[] {1000}, new long[] {1151}, 150);
        assertEquals(0, m.matched());
        assertEquals(1, m.missed());
        assertEquals(1, m.extra());
    }

    @Test
    void closerNextDetectionWins() {
        // 900 is in the window of 1000, but 1000 matches it exactly: 900 is the extra detection
        BeatMatcher.Matching m = BeatMatcher.match(new long[] {1000}, new long[] {900, 1000}, 150);
        assertArrayEquals(new int[] {1}, m.refToTest());
        assertArrayEquals(new int[] {-1, 0}, m.testToRef());
    }

    @Test
    void bxbDocumentedCaseBothPairsMatch() {
        // window 37: ref 96, 160; test 128, 185 -> (96,128) and (160,185), as bxb's 2002 revision pairs them
        BeatMatcher.Matching m = BeatMatcher.match(new long[] {96, 160}, new long[] {128, 185}, 37);
        assertArrayEquals(new int[] {0, 1}, m.refToTest());
    }

    @Test
    void emptyListsAndStandardWindow() {
        assertEquals(3, BeatMatcher.match(new long[] {1, 2, 3}, new long[0], 10).missed());
        assertEquals(2, BeatMatcher.match(new long[0], new long[] {5, 9}, 10).extra());
        assertEquals(54, BeatMatcher.windowSamples(0.150, 360));
        assertEquals(75, BeatMatcher.windowSamples(0.150, 500));
        assertThrows(IllegalArgumentException.class, () -> BeatMatcher.match(new long[] {5, 3}, new long[0], 1));
    }
}
