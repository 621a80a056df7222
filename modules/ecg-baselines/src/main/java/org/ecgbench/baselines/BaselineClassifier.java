package org.ecgbench.baselines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A classical (non-DL4J) classifier of feature rows into {@code numClasses} classes {@code 0..k−1}.
 * Implementations are deterministic for a fixed seed. {@link #predictProba} returns one row of
 * {@code numClasses} class probabilities (summing to 1) per input row; a class absent from the
 * training rows gets probability 0. {@link #save} writes one file that {@link Baselines#load(Path)}
 * reads back into an equivalent classifier (same predictions).
 */
public interface BaselineClassifier {
    /**
     * Trains on rows {@code x} with classes {@code y}.
     *
     * @param sampleWeights one non-negative weight per row, or {@code null} for all ones (see {@link ClassWeights})
     */
    void fit(double[][] x, int[] y, double[] sampleWeights);

    /** Class probabilities {@code [row][class]}. */
    double[][] predictProba(double[][] x);

    /** Arg-max class of each row's probabilities (lowest index on ties). */
    default int[] predict(double[][] x) {
        double[][] p = predictProba(x);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int b = 0;
            for (int k = 1; k < p[i].length; k++) if (p[i][k] > p[i][b]) b = k;
            out[i] = b;
        }
        return out;
    }

    /** Short kind name: {@code majority}, {@code weighted_lda}, {@code random_forest}. */
    String name();

    /** Parameters and fitted facts (classes, features, training rows, fit seconds) for reports. */
    Map<String, Object> describe();

    int numClasses();

    void save(Path file) throws IOException;
}
