package org.ecgbench.experiments.train;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.onnx.OnnxExporter;
import org.ecgbench.onnx.OnnxRuntimePredictor;
import org.ecgbench.pipeline.windows.LabeledWindows;

/**
 * {@code evaluation.inference: onnxruntime}: the trained network exported to ONNX ({@link OnnxExporter}) and run by ONNX
 * Runtime (CPU) instead of DL4J, batch by batch over the windows; probabilities {@code [n][k]} in the windows' order,
 * like {@link Predictor#predict}. The export is checked against DL4J on the first batch (max |dp| ≤ 1e-4) before it is used.
 */
public final class OnnxInference {
    private OnnxInference() {}

    /** Exports {@code net} for inputs of {@code data}'s shape to {@code onnxFile} and checks it against DL4J on the first batch. */
    public static Path export(ComputationGraph net, LabeledWindows data, Path onnxFile) throws IOException {
        OnnxExporter.exportToFile(net, ModelConfig.of(data.leads(), data.samples(), data.numClasses()), onnxFile);
        int n = Math.min(32, data.size());
        LabeledWindows head = data.subset(java.util.stream.IntStream.range(0, n).toArray());
        double[][] a = Predictor.predict(net, head, n);
        double[][] b = predict(onnxFile, head, n, 2);
        double max = 0;
        for (int i = 0; i < n; i++) for (int c = 0; c < a[i].length; c++) max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
        if (max > 1e-4) throw new IllegalStateException("ONNX export " + onnxFile + " differs from DL4J by " + max + " on the first batch");
        return onnxFile;
    }

    public static double[][] predict(Path onnxFile, LabeledWindows data, int batchSize, int threads) {
        double[][] out = new double[data.size()][];
        try (OnnxRuntimePredictor p = new OnnxRuntimePredictor(onnxFile, threads, batchSize, false)) {
            for (int s = 0; s < data.size(); s += batchSize) {
                int m = Math.min(batchSize, data.size() - s);
                float[][][] x = new float[m][][];
                for (int i = 0; i < m; i++) x[i] = data.input(s + i);
                float[][] y = p.predict(x);
                for (int i = 0; i < m; i++) {
                    out[s + i] = new double[y[i].length];
                    for (int c = 0; c < y[i].length; c++) out[s + i][c] = y[i][c];
                }
            }
        }
        return out;
    }
}
