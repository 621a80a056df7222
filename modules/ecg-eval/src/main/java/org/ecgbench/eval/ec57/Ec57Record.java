package org.ecgbench.eval.ec57;

import java.util.Arrays;

/**
 * The EC57 beat-by-beat confusion matrix of one record (or of several pooled, for gross statistics) and the
 * statistics derived from it. {@code counts[r][t]}: reference class r, test (algorithm) class t, indices 0-4 =
 * {@link BeatClass} N S V F Q, index {@link #O} = no beat (row O: extra test detections; column O: missed
 * reference beats). Cell names below follow EC57 / de Chazal et al. 2004: {@code Vn} = reference V labelled n.
 *
 * <ul>
 *   <li><b>QRS</b>: TP = every matched pair whatever the labels; FN = missed reference beats (column O);
 *       FP = extra detections (row O).</li>
 *   <li><b>VEB</b>: TP = Vv; FN = Vn + Vs + Vf + Vq + Vo; FP = Nv + Sv + Ov (fusion and Q reference beats
 *       labelled v — Fv, Qv — are not counted as false positives); TN = all cells with reference N, S, F, Q or O
 *       and test n, s, f or q.</li>
 *   <li><b>SVEB</b>: TP = Ss; FN = Sn + Sv + Sf + Sq + So; FP = Ns + Vs + Fs + Os (Qs is not counted);
 *       TN = all cells with reference N, V, F, Q or O and test n, v, f or q.</li>
 * </ul>
 * These are the counts WFDB's {@code bxb} reports for EC57 (its VEB TN; EC57 gives no SVEB FPR, so the SVEB
 * TN is the analogous set). Reference Q beats count only in the QRS statistics, as the standard requires.
 */
public record Ec57Record(String record, long[][] counts) {
    /** Index of the "no beat" row/column. */
    public static final int O = 5;

    private static final int N = 0, S = 1, V = 2, F = 3, Q = 4;

    public Ec57Record {
        if (counts.length != 6) throw new IllegalArgumentException("counts must be 6 x 6");
        long[][] c = new long[6][];
        for (int r = 0; r < 6; r++) {
            if (counts[r].length != 6) throw new IllegalArgumentException("counts must be 6 x 6");
            c[r] = counts[r].clone();
        }
        counts = c;
    }

    /** Copy of the matrix. */
    @Override
    public long[][] counts() {
        long[][] c = new long[6][];
        for (int r = 0; r < 6; r++) c[r] = counts[r].clone();
        return c;
    }

    public long count(int ref, int test) { return counts[ref][test]; }

    /** Number of reference beats counted (matched + missed). */
    public long referenceBeats() {
        long s = 0;
        for (int r = 0; r < 5; r++) for (int t = 0; t < 6; t++) s += counts[r][t];
        return s;
    }

    public Ec57Stat qrs() {
        long tp = 0, fn = 0, fp = 0;
        for (int r = 0; r < 5; r++) {
            for (int t = 0; t < 5; t++) tp += counts[r][t];
            fn += counts[r][O];
        }
        for (int t = 0; t < 5; t++) fp += counts[O][t];
        return new Ec57Stat(tp, fn, fp, 0);
    }

    public Ec57Stat veb() {
        long[][] c = counts;
        long tp = c[V][V];
        long fn = c[V][N] + c[V][S] + c[V][F] + c[V][Q] + c[V][O];
        long fp = c[N][V] + c[S][V] + c[O][V];
        long tn = 0;
        for (int r : new int[] {N, S, F, Q, O}) for (int t : new int[] {N, S, F, Q}) tn += c[r][t];
        return new Ec57Stat(tp, fn, fp, tn);
    }

    public Ec57Stat sveb() {
        long[][] c = counts;
        long tp = c[S][S];
        long fn = c[S][N] + c[S][V] + c[S][F] + c[S][Q] + c[S][O];
        long fp = c[N][S] + c[V][S] + c[F][S] + c[O][S];
        long tn = 0;
        for (int r : new int[] {N, V, F, Q, O}) for (int t : new int[] {N, V, F, Q}) tn += c[r][t];
        return new Ec57Stat(tp, fn, fp, tn);
    }

    /** Element-wise sum (gross statistics), named {@code name}. */
    public static Ec57Record pool(String name, Iterable<Ec57Record> records) {
        long[][] c = new long[6][6];
        for (Ec57Record r : records) for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) c[i][j] += r.counts[i][j];
        return new Ec57Record(name, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ec57Record r && r.record.equals(record) && Arrays.deepEquals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return record.hashCode() * 31 + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "Ec57Record[" + record + ", " + Arrays.deepToString(counts) + "]";
    }
}
