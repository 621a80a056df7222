package org.ecgbench.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.quant.FakeQuantizer;
import org.ecgbench.quant.PackedModelFormat;
import org.ecgbench.quant.QuantizedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Quantized models export with their dequantized weights: 4-bit per-channel fake quantization of
 * the CNN-BiGRU-Attention (convolutions, GRU, dense), written to and read back from a packed
 * {@code .ecgq} file, exported, and run by ONNX Runtime; outputs must match the quantized DL4J model
 * and every exported convolution output channel must hold at most 2^4 distinct weight values.
 */
class OnnxQuantizedExportTest {
    @TempDir
    Path tmp;

    @Test
    void fakeQuantizedModelExportsDequantizedWeights() throws Exception {
        ModelConfig cfg = ModelConfig.of(1, 360, 5).withSeed(3);
        ComputationGraph fp = ModelRegistry.DEFAULT.get("cnn_bigru_attention").build(cfg);
        float[][][] x = RoundTrip.gaussian(10, 1, 360, 9);
        INDArray xa = RoundTrip.toArray(x);
        RoundTrip.calibrateAndPerturb(fp, xa, 4);
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (String l : FakeQuantizer.quantizableLayers(fp)) bits.put(l, 4);
        FakeQuantizer.Result q = FakeQuantizer.apply(fp, bits, QuantizedTensor.Scheme.SYMMETRIC, FakeQuantizer.Granularity.PER_CHANNEL);
        Path packed = tmp.resolve("m.ecgq");
        PackedModelFormat.write(packed, q.net(), q.tensors());
        ComputationGraph restored = PackedModelFormat.read(packed);

        INDArray refFp = fp.output(false, xa)[0];
        INDArray ref = restored.output(false, xa)[0];
        double quantEffect = RoundTrip.maxAbs(ref.sub(refFp));
        assertTrue(quantEffect > 1e-3, "4-bit quantization should change the outputs (changed by " + quantEffect + ")");

        Path f = tmp.resolve("q.onnx");
        Onnx.ModelProto m = OnnxExporter.exportToFile(restored, cfg, f);
        try (OnnxRuntimePredictor p = new OnnxRuntimePredictor(f, 1, 64)) {
            double d = RoundTrip.maxAbsDiff(ref, p.predict(x));
            double dl = RoundTrip.maxAbsDiff(RoundTrip.dl4jLogits(restored, xa), p.predictLogits(x));
            System.out.printf("ONNX round trip cnn_bigru_attention 4-bit per-channel (packed .ecgq -> DL4J -> ONNX): max |dprob| %.2e, "
                    + "max |dlogit| %.2e; quantization moved probabilities by %.3f%n", d, dl, quantEffect);
            assertTrue(d <= OnnxRoundTripTest.TOL, "quantized model: probabilities differ by " + d);
            assertTrue(dl <= OnnxRoundTripTest.TOL * 10, "quantized model: logits differ by " + dl);
        }
        // the exported first convolution holds dequantized 4-bit values: at most 16 per output channel
        Onnx.TensorProto w = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("conv1_W")).findFirst().orElseThrow();
        long outC = w.getDims(0);
        float[] v = new float[(int) (w.getRawData().size() / 4)];
        ByteBuffer.wrap(w.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        int per = (int) (v.length / outC);
        int maxDistinct = 0;
        for (int c = 0; c < outC; c++) {
            Set<Float> s = new HashSet<>();
            for (int i = 0; i < per; i++) s.add(v[c * per + i]);
            maxDistinct = Math.max(maxDistinct, s.size());
        }
        assertTrue(maxDistinct <= 16 && maxDistinct > 2, "conv1 output channels hold up to " + maxDistinct + " distinct weights, expected <= 16");
    }
}
