package org.ecgbench.experiments.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.pipeline.windows.LabeledWindows;

/**
 * The training data of one epoch, as the {@link Trainer} consumes it: the order of the batches (and anything random
 * in them, e.g. pretraining masks) depends only on the seed and the epoch number, so a resumed run sees the same
 * batches as an uninterrupted one.
 */
public interface Batches {
    /** Examples per epoch. */
    int examplesPerEpoch();

    int batchesPerEpoch();

    /** Positions the source at the start of {@code epoch} (0-based). */
    void startEpoch(int epoch);

    boolean hasNext();

    /** Fits {@code net} on the next batch and returns its number of examples. */
    int fitNext(ComputationGraph net);

    /** Labelled windows in shuffled mini-batches ({@link WindowDataSetIterator}, seeded by epoch). */
    static Batches of(LabeledWindows train, int batchSize, long seed) {
        WindowDataSetIterator it = new WindowDataSetIterator(train, batchSize, true, seed);
        return new Batches() {
            @Override public int examplesPerEpoch() { return train.size(); }
            @Override public int batchesPerEpoch() { return it.batchesPerEpoch(); }
            @Override public void startEpoch(int epoch) { it.setEpoch(epoch); }
            @Override public boolean hasNext() { return it.hasNext(); }

            @Override
            public int fitNext(ComputationGraph net) {
                if (it.hasAux()) { // rhythm context: a second graph input (RhythmHead)
                    var mds = it.nextMulti();
                    net.fit(mds);
                    return (int) mds.getFeatures(0).size(0);
                }
                var ds = it.next();
                net.fit(ds);
                return ds.numExamples();
            }
        };
    }
}
