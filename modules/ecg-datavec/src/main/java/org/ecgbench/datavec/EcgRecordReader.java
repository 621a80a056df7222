package org.ecgbench.datavec;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.ecgbench.pipeline.source.DataSource;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.rhythm.Standardizer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DataVec {@link org.datavec.api.records.reader.RecordReader} over the labelled windows of ecgbench's pipeline: the
 * records named by the {@link InputSplit} ({@link EcgRecordSplit}) are read by the spec's data source
 * ({@link DataSources#create}: MIT-BIH beats with the spec's leads, window, preprocessing, label map and optional RR
 * features; or a 12-lead record database by its label protocol, or a user folder), so the windows are exactly those
 * the ecgbench runner trains on. One DataVec record per window:
 * <pre>
 *   [0] NDArrayWritable  the window, [leads * samples] (lead-major; reshape to [leads, samples] with {@link WindowShape})
 *   [1] NDArrayWritable  9 RR features, standardised (only with data.rr_features: true)
 *   [..] IntWritable     class index (single-label and binary protocols), or
 *   [..] k DoubleWritable 0/1 per label (multi-label protocols)
 * </pre>
 * {@link #labelIndex()}, {@link #labelIndexTo()} and {@link #numClasses()} are what a {@code RecordReaderDataSetIterator} needs.
 * RR features are standardised with statistics of the windows this reader read first (give the validation/test readers the
 * training reader's {@link #rrStandardizer()}). The windows are read at {@link #initialize} and held by the pipeline's
 * store (memory, or the disk cache of large record databases).
 */
public final class EcgRecordReader extends BaseRecordReader {
    private final DataSource source;
    private final ExperimentSpec spec;
    private Standardizer rr;
    private Integer maxPerClass;
    private long capSeed;
    private LabeledWindows windows;
    private int cursor;
    private Configuration conf;
    private Long shuffleSeed;
    private int epoch;
    private int[] order;

    /** A reader of the spec's {@code data} section; {@code dataRoot} as in {@code --data-dir} (e.g. ../shared/data). */
    public EcgRecordReader(ExperimentSpec spec, Path projectRoot, Path dataRoot) {
        this.spec = spec;
        this.source = DataSources.create(spec, projectRoot, dataRoot);
    }

    /** Seeded random undersampling of any class above {@code max} windows (the runner's {@code training.max_beats_per_class}). */
    public EcgRecordReader capPerClass(int max, long seed) {
        this.maxPerClass = max;
        this.capSeed = seed;
        return this;
    }

    /**
     * Serve the windows in a new seeded permutation each pass (each {@link #reset()}, i.e. each epoch of a DL4J
     * iterator), as the runner's iterator does; without it windows come grouped by record, in time order.
     */
    public EcgRecordReader shuffle(long seed) {
        this.shuffleSeed = seed;
        return this;
    }

    /** Standardise RR features with these (training) statistics instead of this reader's own windows. */
    public EcgRecordReader useRrStandardizer(Standardizer s) {
        this.rr = s;
        return this;
    }

    @Override
    public void initialize(InputSplit split) throws IOException {
        this.inputSplit = split;
        LabeledWindows w = source.load(EcgRecordSplit.records(split));
        if (w.aux != null) {
            if (rr == null) rr = Standardizer.fit(toDouble(w.aux));
            float[][] a = new float[w.size()][];
            for (int i = 0; i < a.length; i++) a[i] = toFloat(rr.transformRow(toDouble(w.aux[i])));
            w = w.withAux(a);
        }
        windows = maxPerClass != null && w.multiHot == null ? w.capPerClass(maxPerClass, capSeed) : w;
        epoch = 0;
        reorder();
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) throws IOException {
        this.conf = conf;
        initialize(split);
    }

    /** The windows read at {@link #initialize} (for class weights, counts, evaluation by record). */
    public LabeledWindows windows() {
        if (windows == null) throw new IllegalStateException("call initialize(split) first");
        return windows;
    }

    public Standardizer rrStandardizer() {
        return rr;
    }

    public boolean hasRrFeatures() {
        return windows().aux != null;
    }

    public boolean multiLabel() {
        return windows().multiHot != null;
    }

    public int leads() {
        return windows().leads();
    }

    public int samples() {
        return windows().samples();
    }

    public int numClasses() {
        return source.classNames().length;
    }

    /** Index of the (first) label column. */
    public int labelIndex() {
        return hasRrFeatures() ? 2 : 1;
    }

    /** Index of the last label column (== {@link #labelIndex()} unless multi-label). */
    public int labelIndexTo() {
        return labelIndex() + (multiLabel() ? numClasses() - 1 : 0);
    }

    /** Balanced class weights n / (k n_c) of the windows read (the runner's {@code class_weights: balanced}). */
    public double[] balancedClassWeights() {
        return windows().balancedClassWeights();
    }

    @Override
    public List<Writable> next() {
        if (!hasNext()) throw new java.util.NoSuchElementException("no more windows");
        return row(order[cursor++]);
    }

    private void reorder() {
        order = org.ecgbench.signal.util.Shuffle.identity(windows.size());
        if (shuffleSeed != null) org.ecgbench.signal.util.Shuffle.inPlace(order, new java.util.SplittableRandom(shuffleSeed * 1_000_003L + epoch));
        cursor = 0;
    }

    private List<Writable> row(int i) {
        LabeledWindows w = windows;
        float[] flat = new float[w.leads() * w.samples()];
        w.inputs().copyTo(i, flat, 0);
        List<Writable> out = new ArrayList<>(3);
        out.add(new NDArrayWritable(Nd4j.create(flat, new long[] {1, flat.length}, 'c')));
        if (w.aux != null) out.add(new NDArrayWritable(Nd4j.create(w.aux[i].clone(), new long[] {1, w.aux[i].length}, 'c')));
        if (w.multiHot != null) {
            for (boolean b : w.multiHot[i]) out.add(new DoubleWritable(b ? 1 : 0));
        } else {
            out.add(new IntWritable(w.y[i]));
        }
        invokeListeners(out);
        return out;
    }

    @Override
    public boolean hasNext() {
        return cursor < windows().size();
    }

    @Override
    public List<String> getLabels() {
        return Collections.unmodifiableList(Arrays.asList(source.classNames()));
    }

    @Override
    public void reset() {
        epoch++;
        reorder();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("EcgRecordReader reads records through the pipeline; initialize it with an EcgRecordSplit");
    }

    @Override
    public Record nextRecord() {
        int i = order[cursor];
        List<Writable> r = next();
        return new org.datavec.api.records.impl.Record(r, meta(i));
    }

    private RecordMetaData meta(int i) {
        return new RecordMetaDataIndex(i, URI.create(EcgRecordSplit.SCHEME + ":" + windows.record[i] + "#" + windows.sample[i]), EcgRecordReader.class);
    }

    @Override
    public Record loadFromMetaData(RecordMetaData m) {
        int i = (int) ((RecordMetaDataIndex) m).getIndex();
        return new org.datavec.api.records.impl.Record(row(i), m);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> list) {
        List<Record> out = new ArrayList<>();
        for (RecordMetaData m : list) out.add(loadFromMetaData(m));
        return out;
    }

    @Override
    public void close() {}

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }

    /** Record datasets: every record id the label protocol labels (after data.records.sources / max_records), e.g. to build a split. */
    public List<String> labelledRecords() {
        if (source instanceof org.ecgbench.pipeline.source.RecordSource rs) return List.copyOf(rs.labels().ids());
        throw new IllegalStateException("beat datasets name their records by split lists (EcgRecordSplit.mitbih)");
    }

    /** The spec this reader was built from. */
    public ExperimentSpec spec() {
        return spec;
    }

    private static double[][] toDouble(float[][] a) {
        double[][] d = new double[a.length][];
        for (int i = 0; i < a.length; i++) d[i] = toDouble(a[i]);
        return d;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
