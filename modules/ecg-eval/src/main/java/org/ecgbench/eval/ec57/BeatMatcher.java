package org.ecgbench.eval.ec57;

import java.util.Arrays;

/**
 * Pairs reference and test beat times one to one within a match window, following the comparison rule of
 * ANSI/AAMI EC38/EC57 as implemented by WFDB's {@code bxb} (G. B. Moody; described in its documentation).
 * Both lists are walked in time order; at each step the earlier of the current reference annotation
 * {@code T} and current test annotation {@code t} is considered:
 * <ul>
 *   <li>if it lies within the window of the other ({@code |T − t| ≤ window}) and it is a better match for the
 *       other than that list's next annotation ({@code |T − t|} smaller than the distance from the other to its
 *       own successor), or that successor is itself matched more closely by the next annotation of the
 *       earlier list, the two are paired;</li>
 *   <li>otherwise the earlier annotation is unmatched (a missed beat when it is a reference annotation, an extra
 *       detection when it is a test annotation) and the walk moves past it.</li>
 * </ul>
 * The standard window is 150 ms ({@link #windowSamples(double, double)}).
 */
public final class BeatMatcher {
    private BeatMatcher() {}

    /** The standard EC57 match window, 150 ms. */
    public static final double STANDARD_WINDOW_S = 0.150;

    /**
     * The result: {@code refToTest[i]} is the index of the test beat paired with reference beat i (−1 when
     * missed), {@code testToRef[j]} the reverse (−1 for an extra detection).
     */
    public record Matching(int[] refToTest, int[] testToRef) {
        public int matched() {
            int k = 0;
            for (int j : refToTest) if (j >= 0) k++;
            return k;
        }

        public int missed() { return refToTest.length - matched(); }

        public int extra() { return testToRef.length - matched(); }
    }

    /** A window of {@code seconds} at {@code fs} Hz in whole samples (rounded down, as bxb's strtim does). */
    public static long windowSamples(double seconds, double fs) {
        if (!(fs > 0) || !(seconds >= 0)) throw new IllegalArgumentException("need fs > 0 and seconds >= 0, got " + fs + ", " + seconds);
        return (long) Math.floor(seconds * fs + 1e-9);
    }

    /**
     * Matches sorted (non-decreasing) reference and test sample times.
     *
     * @throws IllegalArgumentException when a list is not sorted
     */
    public static Matching match(long[] ref, long[] test, long window) {
        checkSorted(ref, "reference");
        checkSorted(test, "test");
        int[] r2t = new int[ref.length], t2r = new int[test.length];
        Arrays.fill(r2t, -1);
        Arrays.fill(t2r, -1);
        final long inf = Long.MAX_VALUE / 4;
        int i = 0, j = 0;
        while (i < ref.length && j < test.length) {
            long tRef = ref[i], tRefNext = i + 1 < ref.length ? ref[i + 1] : inf;
            long tTest = test[j], tTestNext = j + 1 < test.length ? test[j + 1] : inf;
            if (tTest < tRef) {
                // the test beat comes first: pair it if it is the reference beat's best candidate
                long dist = tRef - tTest;
                boolean better = dist < Math.abs(tRef - tTestNext) || Math.abs(tRefNext - tTestNext) < Math.abs(tRef - tTestNext);
                if (dist <= window && better) {
                    r2t[i] = j;
                    t2r[j] = i;
                    i++;
                    j++;
                } else {
                    j++; // extra detection
                }
            } else {
                long dist = tTest - tRef;
                boolean better = dist < Math.abs(tTest - tRefNext) || Math.abs(tTestNext - tRefNext) < Math.abs(tTest - tRefNext);
                if (dist <= window && better) {
                    r2t[i] = j;
                    t2r[j] = i;
                    i++;
                    j++;
                } else {
                    i++; // missed beat
                }
            }
        }
        return new Matching(r2t, t2r);
    }

    private static void checkSorted(long[] a, String what) {
        for (int k = 1; k < a.length; k++) {
            if (a[k] < a[k - 1]) {
                throw new IllegalArgumentException(what + " beat times are not sorted: sample " + a[k] + " at index " + k
                        + " follows " + a[k - 1]);
            }
        }
    }
}
