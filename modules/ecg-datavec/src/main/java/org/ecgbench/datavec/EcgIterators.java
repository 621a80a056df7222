package org.ecgbench.datavec;

import org.datavec.api.records.reader.RecordReader;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.datasets.datavec.RecordReaderMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * DL4J's own iterators over an initialised {@link EcgRecordReader}, with the label columns and the window shape set:
 * {@code RecordReaderDataSetIterator} (one input; one-hot labels, or multi-hot columns for multi-label protocols) and
 * {@code RecordReaderMultiDataSetIterator} (inputs "window" and "rr" for models wrapped with the rhythm head). These
 * are conveniences: the same iterators can be built by hand from {@link EcgRecordReader#labelIndex()} and friends.
 */
public final class EcgIterators {
    private EcgIterators() {}

    /** {@code new RecordReaderDataSetIterator(reader, batch, labelIndex, numClasses)} (or its multi-label form) + {@link WindowShape}. */
    public static DataSetIterator dataSets(EcgRecordReader reader, int batch) {
        if (reader.hasRrFeatures()) throw new IllegalArgumentException("RR features are a second input: use multiDataSets(reader, batch)");
        RecordReaderDataSetIterator it = reader.multiLabel()
                ? new RecordReaderDataSetIterator(reader, batch, reader.labelIndex(), reader.labelIndexTo(), true)
                : new RecordReaderDataSetIterator(reader, batch, reader.labelIndex(), reader.numClasses());
        it.setPreProcessor(new WindowShape(reader.leads(), reader.samples()));
        return it;
    }

    /** Window (input 0) and RR features (input 1) as a MultiDataSet, labels one-hot (or multi-hot), + {@link WindowShape}. */
    public static MultiDataSetIterator multiDataSets(EcgRecordReader reader, int batch) {
        RecordReader r = reader;
        RecordReaderMultiDataSetIterator.Builder b = new RecordReaderMultiDataSetIterator.Builder(batch).addReader("ecg", r).addInput("ecg", 0, 0);
        if (reader.hasRrFeatures()) b.addInput("ecg", 1, 1);
        if (reader.multiLabel()) b.addOutput("ecg", reader.labelIndex(), reader.labelIndexTo());
        else b.addOutputOneHot("ecg", reader.labelIndex(), reader.numClasses());
        RecordReaderMultiDataSetIterator it = b.build();
        it.setPreProcessor(new WindowShape(reader.leads(), reader.samples()));
        return it;
    }
}
