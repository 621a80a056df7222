package org.ecgbench.experiments.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Batched inference: class probabilities {@code [n][k]} in the windows' order. */
public final class Predictor {
    private Predictor() {}

    public static double[][] predict(ComputationGraph net, LabeledWindows data, int batchSize) {
        double[][] out = new double[data.size()][];
        WindowDataSetIterator it = new WindowDataSetIterator(data, batchSize, false, 0);
        int i = 0;
        while (it.hasNext()) {
            INDArray p;
            if (it.hasAux()) { // rhythm context: inputs (input, rhythm)
                var mds = it.nextMulti();
                p = net.output(false, mds.getFeatures())[0];
            } else {
                DataSet ds = it.next();
                p = net.outputSingle(false, ds.getFeatures());
            }
            double[][] rows = p.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
            for (double[] r : rows) out[i++] = r;
        }
        return out;
    }

    public static int[] argmax(double[][] probs) {
        int[] y = new int[probs.length];
        for (int i = 0; i < probs.length; i++) {
            int best = 0;
            for (int c = 1; c < probs[i].length; c++) if (probs[i][c] > probs[i][best]) best = c;
            y[i] = best;
        }
        return y;
    }
}
