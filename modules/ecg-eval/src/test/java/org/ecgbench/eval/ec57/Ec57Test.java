package org.ecgbench.eval.ec57;

import static org.ecgbench.eval.ec57.BeatClass.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ec57Test {
    static List<Beat> beats(Object... sampleAndClass) {
        List<Beat> out = new ArrayList<>();
        for (int i = 0; i < sampleAndClass.length; i += 2) {
            out.add(new Beat(((Number) sampleAndClass[i]).longValue(), (BeatClass) sampleAndClass[i + 1]));
        }
        return out;
    }

    // fs 1000 Hz: the 150 ms window is 150 samples
    static final List<Beat> REF = beats(1000, N, 2000, N, 3000, V, 4000, S, 5000, F, 6000, Q, 7000, V, 8000, N, 9000, S);
    static final List<Beat> TEST = beats(1000, N, 2000, V, 3000, V, 4000, N, 5000, V, 6000, S, 8010, S, 9000, S, 9500, V);

    @Test
    void handComputedRecord() {
        Ec57Record r = Ec57.evaluate("syn", 1000, REF, TEST);
        // QRS: 8 pairs, 7000 missed, 9500 extra
        assertEquals(new Ec57Stat(8, 1, 1, 0), r.qrs());
        assertEquals(8.0 / 9, r.qrs().sensitivity(), 1e-12);
        assertEquals(8.0 / 9, r.qrs().positivePredictivity(), 1e-12);
        // VEB: TP Vv=1; FN Vo=1; FP Nv + Ov = 2 (Fv not counted); TN Nn Ns Sn Ss Qs = 5
        assertEquals(new Ec57Stat(1, 1, 2, 5), r.veb());
        assertEquals(0.5, r.veb().sensitivity(), 1e-12);
        assertEquals(1.0 / 3, r.veb().positivePredictivity(), 1e-12);
        assertEquals(2.0 / 7, r.veb().falsePositiveRate(), 1e-12);
        // SVEB: TP Ss=1; FN Sn=1; FP Ns=1 (Qs not counted); TN Nn Nv Vv Fv Ov = 5
        assertEquals(new Ec57Stat(1, 1, 1, 5), r.sveb());
        assertEquals(1.0 / 6, r.sveb().falsePositiveRate(), 1e-12);
        assertEquals(9, r.referenceBeats());
        assertEquals(1, r.count(F.ordinal(), V.ordinal()));
        assertEquals(1, r.count(V.ordinal(), Ec57Record.O));
        assertEquals(1, r.count(Ec57Record.O, V.ordinal()));
    }

    @Test
    void unsortedInputGivesTheSameResult() {
        List<Beat> ref = new ArrayList<>(REF), test = new ArrayList<>(TEST);
        java.util.Collections.reverse(ref);
        java.util.Collections.reverse(test);
        assertEquals(Ec57.evaluate("syn", 1000, REF, TEST), Ec57.evaluate("syn", 1000, ref, test));
    }

    @Test
    void fromSampleCountsOnlyLaterBeats() {
        Ec57Record r = Ec57.evaluate("syn", 1000, REF, TEST, Ec57.Options.standard().withFromSample(2500));
        assertEquals(new Ec57Stat(6, 1, 1, 0), r.qrs());
        // the N beat at 2000 labelled v is before the start: VEB FP = Ov only
        assertEquals(new Ec57Stat(1, 1, 1, 4), r.veb());
    }

    @Test
    void excludedIntervalDropsReferenceBeatsAndExtraDetections() {
        List<Beat> ref = beats(1000, N, 7000, V, 8000, N);
        List<Beat> test = beats(1000, N, 7100, V, 7300, N, 8000, N);
        Ec57Record all = Ec57.evaluate("vf", 1000, ref, test);
        assertEquals(new Ec57Stat(3, 0, 1, 0), all.qrs());
        Ec57Record ex = Ec57.evaluate("vf", 1000, ref, test,
                Ec57.Options.standard().withExcluded(List.of(new Interval(6500, 7500))));
        assertEquals(new Ec57Stat(2, 0, 0, 0), ex.qrs());
    }

    @Test
    void detectionsOnlyUseTheSameMatcher() {
        long[] det = TEST.stream().mapToLong(Beat::sample).toArray();
        Ec57Record r = Ec57.evaluateDetections("syn", 1000, REF, det, Ec57.Options.standard());
        assertEquals(new Ec57Stat(8, 1, 1, 0), r.qrs());
    }

    @Test
    void windowScalesWithSamplingRate() {
        // 50 samples apart: inside 150 ms at 360 Hz (54 samples), outside at 250 Hz (37 samples)
        List<Beat> ref = beats(1000, N), test = beats(1050, N);
        assertEquals(1, Ec57.evaluate("a", 360, ref, test).qrs().tp());
        assertEquals(0, Ec57.evaluate("a", 250, ref, test).qrs().tp());
    }

    @Test
    void grossPoolsAndAverageMeansRecords() {
        long[][] a = new long[6][6], b = new long[6][6];
        a[N.ordinal()][N.ordinal()] = 9;
        a[N.ordinal()][Ec57Record.O] = 1;
        b[N.ordinal()][N.ordinal()] = 1;
        b[Ec57Record.O][N.ordinal()] = 1;
        Ec57Summary s = new Ec57Summary(List.of(new Ec57Record("a", a), new Ec57Record("b", b)));
        assertEquals(10.0 / 11, s.gross().qrs().sensitivity(), 1e-12);
        assertEquals(10.0 / 11, s.gross().qrs().positivePredictivity(), 1e-12);
        assertEquals((0.9 + 1.0) / 2, s.averageSensitivity(Ec57Record::qrs), 1e-12);
        assertEquals((1.0 + 0.5) / 2, s.averagePositivePredictivity(Ec57Record::qrs), 1e-12);
        assertTrue(Double.isNaN(s.averageSensitivity(Ec57Record::veb)), "no V beats anywhere: undefined");
        String md = s.markdownTable();
        assertTrue(md.contains("90.00") && md.contains("**gross**") && md.contains("**average**"), md);
    }

    @Test
    void mitSymbolsMapToAamiClasses() {
        assertEquals(N, BeatClass.fromMitSymbol("L"));
        assertEquals(N, BeatClass.fromMitSymbol("e"));
        assertEquals(S, BeatClass.fromMitSymbol("a"));
        assertEquals(V, BeatClass.fromMitSymbol("E"));
        assertEquals(F, BeatClass.fromMitSymbol("F"));
        assertEquals(Q, BeatClass.fromMitSymbol("/"));
        assertNull(BeatClass.fromMitSymbol("+"));
        assertNull(BeatClass.fromMitSymbol("!"));
    }
}
