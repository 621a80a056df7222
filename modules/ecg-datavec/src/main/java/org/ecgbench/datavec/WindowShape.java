package org.ecgbench.datavec;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;

/**
 * Reshapes the flat window features of {@link EcgRecordReader} ({@code [batch, leads * samples]}) to the
 * {@code [batch, leads, samples]} every ecgbench model takes ({@code InputType.recurrent(leads, samples)}); for a
 * {@link MultiDataSet} only input 0 (the window; input 1, the RR features, stays {@code [batch, 9]}).
 */
public final class WindowShape implements DataSetPreProcessor, MultiDataSetPreProcessor {
    private final int leads;
    private final int samples;

    public WindowShape(int leads, int samples) {
        this.leads = leads;
        this.samples = samples;
    }

    private INDArray shape(INDArray f) {
        return f.rank() == 3 ? f : f.reshape('c', f.size(0), leads, samples);
    }

    @Override
    public void preProcess(DataSet ds) {
        ds.setFeatures(shape(ds.getFeatures()));
    }

    @Override
    public void preProcess(MultiDataSet mds) {
        mds.setFeatures(0, shape(mds.getFeatures(0)));
    }
}
