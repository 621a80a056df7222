package org.ecgbench.eval.ec57;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ANSI/AAMI EC57 beat-by-beat evaluation of one record: reference and test beats are paired by
 * {@link BeatMatcher} within the match window (150 ms by default) and tallied in an {@link Ec57Record}
 * confusion matrix, from which QRS, VEB and SVEB statistics follow; {@link Ec57Summary} pools records
 * (gross) and averages them.
 *
 * <p>Conventions ({@link Options}):
 * <ul>
 *   <li>Only beat annotations are given (the caller drops non-beat annotations; MIT-BIH symbols map to
 *       classes with {@link BeatClass#fromMitSymbol}).</li>
 *   <li><b>Excluded intervals</b> (reference-marked ventricular flutter/fibrillation, MIT-BIH {@code [ ... ]}):
 *       reference beats inside are dropped before matching and unmatched test beats inside are not counted, as
 *       EC57 (and {@code bxb}) do.</li>
 *   <li><b>Start</b>: pairs and missed beats count when the reference beat is at or after
 *       {@code fromSample}, extra detections when the test beat is; matching itself runs on the whole record, so
 *       the boundary creates no artefacts. EC57 starts the comparison 5 minutes into each record (the
 *       algorithm's learning period; {@code bxb}'s default); {@code fromSample = 0} compares whole records.</li>
 * </ul>
 */
public final class Ec57 {
    private Ec57() {}

    /**
     * @param windowS    match window in seconds (EC57: 0.150)
     * @param fromSample first sample counted (0 = whole record; EC57: 5 min × fs)
     * @param excluded   intervals not counted (may be empty)
     */
    public record Options(double windowS, long fromSample, List<Interval> excluded) {
        public Options {
            if (!(windowS >= 0)) throw new IllegalArgumentException("match window must be >= 0 s, got " + windowS);
            if (fromSample < 0) throw new IllegalArgumentException("fromSample must be >= 0, got " + fromSample);
            excluded = List.copyOf(excluded);
        }

        /** 150 ms window, whole record, nothing excluded. */
        public static Options standard() {
            return new Options(BeatMatcher.STANDARD_WINDOW_S, 0, List.of());
        }

        public Options withFromSample(long from) { return new Options(windowS, from, excluded); }

        public Options withExcluded(List<Interval> ex) { return new Options(windowS, fromSample, ex); }
    }

    /** Evaluates one record with {@link Options#standard()}. */
    public static Ec57Record evaluate(String record, double fs, List<Beat> reference, List<Beat> test) {
        return evaluate(record, fs, reference, test, Options.standard());
    }

    /**
     * Evaluates one record. Beat lists need not be sorted (they are sorted by sample here).
     *
     * @param fs sampling rate of the sample indices, Hz
     */
    public static Ec57Record evaluate(String record, double fs, List<Beat> reference, List<Beat> test, Options o) {
        List<Beat> ref = new ArrayList<>();
        for (Beat b : reference) if (!inside(b.sample(), o.excluded())) ref.add(b);
        List<Beat> tst = new ArrayList<>(test);
        ref.sort(Comparator.comparingLong(Beat::sample));
        tst.sort(Comparator.comparingLong(Beat::sample));
        long[] rt = ref.stream().mapToLong(Beat::sample).toArray();
        long[] tt = tst.stream().mapToLong(Beat::sample).toArray();
        BeatMatcher.Matching m = BeatMatcher.match(rt, tt, BeatMatcher.windowSamples(o.windowS(), fs));
        long[][] c = new long[6][6];
        for (int i = 0; i < rt.length; i++) {
            if (rt[i] < o.fromSample()) continue;
            int j = m.refToTest()[i];
            c[ref.get(i).label().ordinal()][j < 0 ? Ec57Record.O : tst.get(j).label().ordinal()]++;
        }
        for (int j = 0; j < tt.length; j++) {
            if (m.testToRef()[j] >= 0 || tt[j] < o.fromSample() || inside(tt[j], o.excluded())) continue;
            c[Ec57Record.O][tst.get(j).label().ordinal()]++;
        }
        return new Ec57Record(record, c);
    }

    /**
     * QRS detection only: reference beats with their classes, detections as bare sample indices (tallied as
     * class Q, so only {@link Ec57Record#qrs()} is meaningful).
     */
    public static Ec57Record evaluateDetections(String record, double fs, List<Beat> reference, long[] detections, Options o) {
        List<Beat> test = new ArrayList<>(detections.length);
        for (long d : detections) test.add(new Beat(d, BeatClass.Q));
        return evaluate(record, fs, reference, test, o);
    }

    private static boolean inside(long s, List<Interval> ex) {
        for (Interval iv : ex) if (iv.contains(s)) return true;
        return false;
    }
}
