package org.ecgbench.baselines;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Always predicts the class with the most training rows (unweighted counts; ties: lowest index):
 * on MIT-BIH beats, always N. Probability 1 for that class. Sample weights are ignored on purpose
 * (balanced weights would make every class a "majority").
 */
public final class MajorityClass implements BaselineClassifier {
    public static final String NAME = "majority";
    private final int numClasses;
    private int majority = -1;
    private long[] counts;

    public MajorityClass(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1");
        this.numClasses = numClasses;
    }

    @Override
    public void fit(double[][] x, int[] y, double[] sampleWeights) {
        counts = new long[numClasses];
        for (int v : y) {
            if (v < 0 || v >= numClasses) throw new IllegalArgumentException("class " + v + " outside 0.." + (numClasses - 1));
            counts[v]++;
        }
        majority = 0;
        for (int k = 1; k < numClasses; k++) if (counts[k] > counts[majority]) majority = k;
    }

    @Override
    public double[][] predictProba(double[][] x) {
        if (majority < 0) throw new IllegalStateException("majority classifier not fitted");
        double[][] p = new double[x.length][numClasses];
        for (double[] r : p) r[majority] = 1.0;
        return p;
    }

    public int majority() { return majority; }

    @Override public String name() { return NAME; }
    @Override public int numClasses() { return numClasses; }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", NAME);
        m.put("classes", numClasses);
        m.put("majority_class", majority);
        return m;
    }

    @Override
    public void save(Path file) throws IOException {
        Baselines.write(file, NAME, out -> {
            out.writeInt(numClasses);
            out.writeInt(majority);
        });
    }

    static MajorityClass read(DataInputStream in) throws IOException {
        MajorityClass m = new MajorityClass(in.readInt());
        m.majority = in.readInt();
        return m;
    }
}
