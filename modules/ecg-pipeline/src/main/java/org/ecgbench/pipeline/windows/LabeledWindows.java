package org.ecgbench.pipeline.windows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Windows ready for a model: inputs {@code [n][leads][samples]} (a {@link WindowStore}: in memory, or streamed
 * from a disk cache), integer labels, and for every window the record (patient) it came from and its sample
 * position — kept so that predictions can be written per beat and the record-level (cluster) bootstrap can
 * group beats by patient.
 */
public final class LabeledWindows {
    private final WindowStore inputs;
    public final int[] y;
    public final String[] record;
    public final long[] sample;
    public final String[] classNames;
    /** Multi-label targets {@code [n][classes]} (multi-hot), or null for single-label data (then {@link #y} is the target). */
    public final boolean[][] multiHot;
    /**
     * Auxiliary per-window features {@code [n][columns]} fed to a model as a second input (e.g. the RR features of
     * {@code data.rr_features}), or null. Carried through {@link #subset}, {@link #concat} and every sampler.
     */
    public final float[][] aux;

    public LabeledWindows(float[][][] x, int[] y, String[] record, long[] sample, String[] classNames) {
        this(x, y, record, sample, classNames, null);
    }

    /**
     * With multi-hot targets (multi-label tasks): {@code y[i]} is then only a representative class (the first
     * positive label) used for stratified subsampling; training and evaluation read {@link #multiHot}.
     */
    public LabeledWindows(float[][][] x, int[] y, String[] record, long[] sample, String[] classNames, boolean[][] multiHot) {
        this(WindowStore.of(x), y, record, sample, classNames, multiHot);
    }

    /** Over any {@link WindowStore} (e.g. a {@link DiskWindowStore} for inputs larger than the heap). */
    public LabeledWindows(WindowStore x, int[] y, String[] record, long[] sample, String[] classNames, boolean[][] multiHot) {
        this(x, y, record, sample, classNames, multiHot, null);
    }

    private LabeledWindows(WindowStore x, int[] y, String[] record, long[] sample, String[] classNames, boolean[][] multiHot, float[][] aux) {
        if (x.size() != y.length || y.length != record.length || record.length != sample.length) {
            throw new IllegalArgumentException("inconsistent lengths: x " + x.size() + ", y " + y.length
                    + ", record " + record.length + ", sample " + sample.length);
        }
        this.inputs = x;
        this.y = y;
        this.record = record;
        this.sample = sample;
        this.classNames = classNames;
        if (multiHot != null && multiHot.length != y.length) {
            throw new IllegalArgumentException("inconsistent lengths: multiHot " + multiHot.length + ", y " + y.length);
        }
        this.multiHot = multiHot;
        if (aux != null) {
            if (aux.length != y.length) throw new IllegalArgumentException("inconsistent lengths: aux " + aux.length + ", y " + y.length);
            for (float[] r : aux) if (r.length != aux[0].length) throw new IllegalArgumentException("aux rows differ in length");
        }
        this.aux = aux;
    }

    /** The same windows with auxiliary features {@code [n][columns]} (or null for none); nothing is copied. */
    public LabeledWindows withAux(float[][] a) {
        return new LabeledWindows(inputs, y, record, sample, classNames, multiHot, a);
    }

    /** Columns of {@link #aux}, 0 when there is none. */
    public int auxColumns() {
        return aux == null || aux.length == 0 ? 0 : aux[0].length;
    }

    public boolean multiLabel() { return multiHot != null; }

    public int size() { return y.length; }
    public int numClasses() { return classNames.length; }
    public int leads() { return inputs.leads(); }
    public int samples() { return inputs.samples(); }

    /** Input of window {@code i}, {@code [leads][samples]} (for in-memory windows the stored array: do not modify). */
    public float[][] input(int i) { return inputs.get(i); }

    public WindowStore inputs() { return inputs; }

    public int[] classCounts() {
        int[] c = new int[classNames.length];
        for (int v : y) c[v]++;
        return c;
    }

    /** Windows per class, or for multi-label data positives per label. */
    public int[] classCountsOrPositives() {
        if (multiHot == null) return classCounts();
        int[] c = new int[classNames.length];
        for (boolean[] t : multiHot) for (int k = 0; k < c.length; k++) if (t[k]) c[k]++;
        return c;
    }

    public List<String> records() {
        List<String> out = new ArrayList<>();
        for (String r : record) if (out.isEmpty() || !out.get(out.size() - 1).equals(r)) if (!out.contains(r)) out.add(r);
        return out;
    }

    /** {@code a} followed by {@code b} (same classes, leads and samples); inputs are not copied. */
    public static LabeledWindows concat(LabeledWindows a, LabeledWindows b) {
        if (!Arrays.equals(a.classNames, b.classNames) || a.multiLabel() != b.multiLabel()) {
            throw new IllegalArgumentException("cannot concatenate windows of classes " + Arrays.toString(a.classNames) + " and " + Arrays.toString(b.classNames));
        }
        int n = a.size(), m = b.size();
        int[] y = Arrays.copyOf(a.y, n + m);
        System.arraycopy(b.y, 0, y, n, m);
        String[] r = Arrays.copyOf(a.record, n + m);
        System.arraycopy(b.record, 0, r, n, m);
        long[] s = Arrays.copyOf(a.sample, n + m);
        System.arraycopy(b.sample, 0, s, n, m);
        boolean[][] mh = null;
        if (a.multiLabel()) {
            mh = Arrays.copyOf(a.multiHot, n + m);
            System.arraycopy(b.multiHot, 0, mh, n, m);
        }
        if ((a.aux == null) != (b.aux == null)) throw new IllegalArgumentException("cannot concatenate windows with and without auxiliary features");
        float[][] ax = null;
        if (a.aux != null) {
            ax = Arrays.copyOf(a.aux, n + m);
            System.arraycopy(b.aux, 0, ax, n, m);
        }
        return new LabeledWindows(WindowStore.concat(a.inputs, b.inputs), y, r, s, a.classNames, mh, ax);
    }

    public LabeledWindows subset(int[] idx) {
        int[] ny = new int[idx.length];
        String[] nr = new String[idx.length];
        long[] ns = new long[idx.length];
        boolean[][] nm = multiHot == null ? null : new boolean[idx.length][];
        float[][] na = aux == null ? null : new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            if (nm != null) nm[i] = multiHot[idx[i]];
            if (na != null) na[i] = aux[idx[i]];
            ny[i] = y[idx[i]];
            nr[i] = record[idx[i]];
            ns[i] = sample[idx[i]];
        }
        return new LabeledWindows(inputs.subset(idx), ny, nr, ns, classNames, nm, na);
    }

    /**
     * A seeded random subsample of at most {@code max} windows, stratified by class (each class
     * keeps its share, and at least one window where it has any), in original order.
     */
    public LabeledWindows stratifiedSubsample(int max, long seed) {
        if (max >= size()) return this;
        int k = classNames.length;
        int[] counts = classCounts();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) continue;
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i = 0; i < y.length; i++) if (y[i] == c) members[m++] = i;
            int want = Math.max(1, (int) Math.round((double) max * counts[c] / size()));
            want = Math.min(want, counts[c]);
            org.ecgbench.signal.util.Shuffle.firstK(members, want, rnd);
            for (int i = 0; i < want; i++) keep.add(members[i]);
        }
        int[] idx = keep.stream().mapToInt(Integer::intValue).sorted().toArray();
        return subset(idx);
    }

    /**
     * Random undersampling of every class above {@code max} windows to {@code max} (in practice the
     * majority class N), seeded; other classes are kept whole. Original order is preserved.
     */
    public LabeledWindows capPerClass(int max, long seed) {
        int[] counts = classCounts();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < classNames.length; c++) {
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i = 0; i < y.length; i++) if (y[i] == c) members[m++] = i;
            int want = Math.min(max, counts[c]);
            org.ecgbench.signal.util.Shuffle.firstK(members, want, rnd);
            for (int i = 0; i < want; i++) keep.add(members[i]);
        }
        return subset(keep.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    /**
     * Beat-level (intra-patient) random split into train/validation/test by the given fractions,
     * stratified by class and seeded. Beats of one record land in several parts: this is the protocol
     * many papers use and the reason their figures do not transfer to unseen patients.
     */
    public LabeledWindows[] randomSplit(double[] fractions, long seed) {
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < classNames.length; c++) {
            List<Integer> m = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == c) m.add(i);
            org.ecgbench.signal.util.Shuffle.inPlace(m, rnd);
            int a = (int) Math.round(fractions[0] * m.size()), b = a + (int) Math.round(fractions[1] * m.size());
            parts.get(0).addAll(m.subList(0, a));
            parts.get(1).addAll(m.subList(a, Math.min(b, m.size())));
            parts.get(2).addAll(m.subList(Math.min(b, m.size()), m.size()));
        }
        LabeledWindows[] out = new LabeledWindows[3];
        for (int p = 0; p < 3; p++) out[p] = subset(parts.get(p).stream().mapToInt(Integer::intValue).sorted().toArray());
        return out;
    }

    /** "balanced" class weights n / (k * n_c), computed from these (training) labels; absent classes get 1. */
    public double[] balancedClassWeights() {
        int[] c = classCounts();
        int present = (int) Arrays.stream(c).filter(v -> v > 0).count();
        double[] w = new double[c.length];
        for (int i = 0; i < c.length; i++) w[i] = c[i] == 0 ? 1.0 : (double) size() / (present * (double) c[i]);
        return w;
    }
}
