package org.ecgbench.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ECGencode's temporal block is fused into one polyphase Conv, with the same outputs as the unfused export and DL4J. */
class ParallelConvFusionTest {
    @TempDir
    Path tmp;

    @Test
    void fusedAndUnfusedExportsAgree() throws Exception {
        ModelConfig cfg = ModelConfig.of(12, 1200, 2).withSeed(5);
        ComputationGraph net = ModelRegistry.DEFAULT.get("ecgencode_m1").build(cfg);
        float[][][] x = RoundTrip.gaussian(4, 12, 1200, 3);
        INDArray xa = RoundTrip.toArray(x);
        RoundTrip.calibrateAndPerturb(net, xa, 2);
        INDArray ref = RoundTrip.dl4jLogits(net, xa);
        InputType in = InputType.recurrent(12, 1200);
        Onnx.ModelProto fused = new OnnxExporter().export(net, OnnxExporter.Options.defaults(), in);
        Onnx.ModelProto plain = new OnnxExporter().export(net, OnnxExporter.Options.defaults().withFuseParallelConvs(false), in);
        assertTrue(fused.getGraph().getNodeList().stream().anyMatch(n -> n.getName().startsWith("enc_temporal_fused")), "temporal block not fused");
        assertFalse(plain.getGraph().getNodeList().stream().anyMatch(n -> n.getName().startsWith("enc_temporal_fused")), "fused although disabled");
        Path ff = tmp.resolve("f.onnx"), pf = tmp.resolve("p.onnx");
        OnnxExporter.write(fused, ff);
        OnnxExporter.write(plain, pf);
        try (OnnxRuntimePredictor a = new OnnxRuntimePredictor(ff, 1, 8); OnnxRuntimePredictor b = new OnnxRuntimePredictor(pf, 1, 8)) {
            double dFused = RoundTrip.maxAbsDiff(ref, a.predictLogits(x)), dPlain = RoundTrip.maxAbsDiff(ref, b.predictLogits(x));
            System.out.printf("ECGencode M1 12 x 1200 logits vs DL4J: fused %.2e, unfused %.2e%n", dFused, dPlain);
            assertTrue(dFused < 1e-4 && dPlain < 1e-4, "fused " + dFused + ", unfused " + dPlain);
        }
    }
}
