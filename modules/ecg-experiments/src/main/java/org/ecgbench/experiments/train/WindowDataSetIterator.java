package org.ecgbench.experiments.train;

import org.ecgbench.pipeline.windows.LabeledWindows;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over {@link LabeledWindows}: features {@code [batch, leads, samples]}
 * (float32), one-hot labels {@code [batch, classes]} (multi-hot for multi-label data). With {@code shuffle}, each pass (each
 * {@link #reset()}) uses a new permutation drawn from {@code seed} and the epoch number, so runs are
 * reproducible and a resumed run sees the same order as an uninterrupted one.
 */
public final class WindowDataSetIterator implements DataSetIterator {
    private final LabeledWindows data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    public WindowDataSetIterator(LabeledWindows data, int batchSize, boolean shuffle, long seed) {
        if (data.size() == 0) throw new IllegalArgumentException("no windows to iterate over");
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = permutation(0);
    }

    /** Positions the iterator at the start of the given epoch (0-based); used when resuming. */
    public void setEpoch(int e) {
        this.epoch = e;
        this.order = permutation(e);
        this.cursor = 0;
    }

    public int epoch() { return epoch; }

    private int[] permutation(int e) {
        int[] p = org.ecgbench.signal.util.Shuffle.identity(data.size());
        if (shuffle) org.ecgbench.signal.util.Shuffle.inPlace(p, new SplittableRandom(seed * 1_000_003L + e));
        return p;
    }

    @Override
    public DataSet next(int num) {
        int end = Math.min(cursor + num, data.size());
        int b = end - cursor;
        int leads = data.leads();
        int len = data.samples();
        int k = data.numClasses();
        float[] f = new float[b * leads * len];
        float[] l = new float[b * k];
        for (int i = 0; i < b; i++) {
            int idx = order[cursor + i];
            data.inputs().copyTo(idx, f, i * leads * len);
            if (data.multiHot != null) {
                boolean[] t = data.multiHot[idx];
                for (int c = 0; c < k; c++) if (t[c]) l[i * k + c] = 1f;
            } else {
                l[i * k + data.y[idx]] = 1f;
            }
        }
        cursor = end;
        INDArray feat = Nd4j.create(f, new long[] {b, leads, len}, 'c');
        INDArray lab = Nd4j.create(l, new long[] {b, k}, 'c');
        DataSet ds = new DataSet(feat, lab);
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    @Override public DataSet next() { return next(batchSize); }

    /** True when the windows carry auxiliary features ({@link LabeledWindows#aux}): use {@link #nextMulti()}. */
    public boolean hasAux() { return data.aux != null; }

    /**
     * The next batch as a {@link MultiDataSet} with the inputs of a rhythm-wrapped graph: {@code [batch, leads, samples]}
     * and the auxiliary features {@code [batch, columns]} (in that order), and the same labels as {@link #next()}.
     */
    public MultiDataSet nextMulti() {
        int start = cursor;
        DataSet ds = next(batchSize);
        if (data.aux == null) return new MultiDataSet(ds.getFeatures(), ds.getLabels());
        int b = (int) ds.getFeatures().size(0), c = data.auxColumns();
        float[] a = new float[b * c];
        for (int i = 0; i < b; i++) System.arraycopy(data.aux[order[start + i]], 0, a, i * c, c);
        return new MultiDataSet(new INDArray[] {ds.getFeatures(), Nd4j.create(a, new long[] {b, c}, 'c')}, new INDArray[] {ds.getLabels()});
    }
    @Override public boolean hasNext() { return cursor < data.size(); }
    @Override public int inputColumns() { return data.leads() * data.samples(); }
    @Override public int totalOutcomes() { return data.numClasses(); }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return true; }

    @Override
    public void reset() {
        setEpoch(epoch + 1);
    }

    /** Restart the current epoch's order from the beginning (no reshuffle). */

    @Override public int batch() { return batchSize; }
    @Override public void setPreProcessor(DataSetPreProcessor p) { this.preProcessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }
    @Override public List<String> getLabels() { return List.of(data.classNames); }
    public int batchesPerEpoch() { return (data.size() + batchSize - 1) / batchSize; }
}
