package org.ecgbench.quant;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.arch.CnnBiGruAttention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuantTest {
    @TempDir Path tmp;

    static float[] randn(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) r.nextGaussian();
        return w;
    }

    @Test
    void errorIsAtMostHalfAStepForEveryBitWidthAndScheme() {
        float[] w = randn(6 * 7, 1);
        long[] shape = {6, 7};
        for (int b = 2; b <= 8; b++) {
            for (QuantizedTensor.Scheme s : QuantizedTensor.Scheme.values()) {
                for (int axis : new int[] {-1, 0, 1}) {
                    QuantizedTensor q = TensorQuantizer.quantize("t", w, shape, b, s, axis);
                    float[] d = q.dequantize();
                    for (int i = 0; i < w.length; i++) {
                        float step = q.scale()[q.channelOf(i)];
                        assertTrue(Math.abs(w[i] - d[i]) <= step / 2 + 1e-6, "b=" + b + " " + s + " axis " + axis + " i=" + i);
                    }
                    assertEquals(axis < 0 ? 1 : shape[axis], q.scale().length);
                }
            }
        }
    }

    @Test
    void eightBitIsCloseAndOneBitIsSignTimesMeanAbs() {
        float[] w = {0.5f, -1.0f, 0.25f, 0f};
        QuantizedTensor q8 = TensorQuantizer.quantize("t", w, new long[] {4}, 8, QuantizedTensor.Scheme.SYMMETRIC, -1);
        assertEquals(1.0f / 127, q8.scale()[0], 1e-9);
        assertEquals(-127, q8.q()[1]);
        QuantizedTensor q1 = TensorQuantizer.quantize("t", w, new long[] {4}, 1, QuantizedTensor.Scheme.SYMMETRIC, -1);
        float m = (0.5f + 1f + 0.25f) / 4;
        assertArrayEquals(new float[] {m, -m, m, m}, q1.dequantize(), 1e-7f);
        assertEquals(4 + 32, q1.storedBits());
    }

    @Test
    void constantAndZeroTensorsAreExact() {
        float[] z = new float[10];
        float[] c = new float[10];
        java.util.Arrays.fill(c, 0.3f);
        for (int b = 1; b <= 8; b++) {
            for (QuantizedTensor.Scheme s : QuantizedTensor.Scheme.values()) {
                assertArrayEquals(z, TensorQuantizer.quantize("z", z, new long[] {10}, b, s, -1).dequantize(), 0f);
                assertArrayEquals(c, TensorQuantizer.quantize("c", c, new long[] {10}, b, s, -1).dequantize(), 1e-7f);
            }
        }
    }

    @Test
    void packUnpackRoundTripsForEveryBitWidth() {
        for (int b = 1; b <= 8; b++) {
            for (QuantizedTensor.Scheme s : QuantizedTensor.Scheme.values()) {
                float[] w = randn(37, b);
                QuantizedTensor q = TensorQuantizer.quantize("t", w, new long[] {37}, b, s, -1);
                byte[] p = TensorQuantizer.pack(q);
                assertEquals((37 * b + 7) / 8, p.length);
                assertArrayEquals(q.q(), TensorQuantizer.unpack(p, 37, b, s), "b=" + b + " " + s);
            }
        }
    }

    static ComputationGraph tinyNet() {
        ModelConfig cfg = new ModelConfig(1, 32, 3, false, Map.of("conv_filters", List.of(4, 6), "conv_kernels", List.of(3, 3),
                "gru_units", 3, "dense_units", 5), 3);
        return new CnnBiGruAttention().build(cfg);
    }

    @Test
    void compressionAccountingOnASmallNetwork() {
        ComputationGraph net = tinyNet();
        List<String> layers = FakeQuantizer.quantizableLayers(net);
        assertEquals(List.of("conv1", "conv2", "bigru", "attention", "dense", "output"), layers);
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (String l : layers) bits.put(l, 4);
        FakeQuantizer.Result r = FakeQuantizer.apply(net, bits, QuantizedTensor.Scheme.SYMMETRIC, FakeQuantizer.Granularity.PER_TENSOR);
        CompressionReport rep = r.report();
        assertEquals(net.numParams(), rep.totalParams());
        long qParams = 0, qTensors = 0, fParams = 0;
        for (CompressionReport.Row row : rep.rows()) {
            if (row.quantized()) {
                qParams += row.count();
                qTensors++;
            } else fParams += row.count();
        }
        assertEquals(qParams * 4 + qTensors * 32 + fParams * 32, rep.storedBits());
        assertEquals(32.0 * net.numParams() / rep.storedBits(), rep.compressionRatio(), 1e-12);
        assertTrue(rep.compressionRatio() < 8);
        // the original network is untouched
        assertNotEquals(net.params(), r.net().params());
    }

    @Test
    void laqPicksFewerBitsForLessImportantLayers() {
        ComputationGraph net = tinyNet();
        INDArray ref = net.params().dup();
        // synthetic metric: 1 - quantization error weighted by layer, deterministic
        java.util.function.ToDoubleFunction<ComputationGraph> metric = g -> 1.0 - g.params().sub(ref).norm2Number().doubleValue();
        Laq.Config c = new Laq.Config(0.5, 0.5, 0.5, 0.0, List.of(2, 4, 8), QuantizedTensor.Scheme.SYMMETRIC,
                FakeQuantizer.Granularity.PER_TENSOR);
        Laq.Result r = Laq.search(net, c, metric);
        assertEquals(1.0, r.baseline(), 1e-12);
        assertEquals(r.bits().keySet(), new java.util.LinkedHashSet<>(FakeQuantizer.quantizableLayers(net)));
        for (Laq.Step s : r.trace()) assertEquals(s.metric() >= s.threshold(), s.accepted());
        double sumRho = r.rho().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sumRho, 1e-9);
        assertTrue(r.delta().values().stream().allMatch(d -> d > 0 && d <= 1.0 + 1e-12));
        assertTrue(r.quantized().report().compressionRatio() > 1);
        // deterministic
        assertEquals(r.bits(), Laq.search(net, c, metric).bits());
    }

    @Test
    void packedFileRoundTripsAndMatchesTheFakeQuantizedModel() throws Exception {
        ComputationGraph net = tinyNet();
        Map<String, Integer> bits = new LinkedHashMap<>();
        int b = 3;
        for (String l : FakeQuantizer.quantizableLayers(net)) bits.put(l, b++);
        FakeQuantizer.Result r = FakeQuantizer.apply(net, bits, QuantizedTensor.Scheme.ASYMMETRIC, FakeQuantizer.Granularity.PER_CHANNEL);
        Path f = tmp.resolve("m.ecgq");
        PackedModelFormat.Sizes sz = PackedModelFormat.write(f, r.net(), r.tensors());
        assertEquals(Files.size(f), sz.fileBytes());
        double expected = PackedModelFormat.expectedPayloadBytes(r.report());
        assertEquals(expected, sz.payloadBytes(), 0.01 * expected);
        ComputationGraph back = PackedModelFormat.read(f);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 1, 32);
        assertEquals(r.net().outputSingle(false, x), back.outputSingle(false, x));
    }

    @Test
    void corruptedOrTruncatedFilesFailClearly() throws Exception {
        ComputationGraph net = tinyNet();
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (String l : FakeQuantizer.quantizableLayers(net)) bits.put(l, 4);
        FakeQuantizer.Result r = FakeQuantizer.apply(net, bits, QuantizedTensor.Scheme.SYMMETRIC, FakeQuantizer.Granularity.PER_TENSOR);
        Path f = tmp.resolve("m.ecgq");
        PackedModelFormat.write(f, r.net(), r.tensors());
        byte[] good = Files.readAllBytes(f);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Path c = tmp.resolve("corrupt.ecgq");
        Files.write(c, flipped);
        Exception e = assertThrows(java.io.IOException.class, () -> PackedModelFormat.read(c));
        assertTrue(e.getMessage().contains("corrupt.ecgq") && e.getMessage().contains("checksum"), e.getMessage());
        Path t = tmp.resolve("trunc.ecgq");
        Files.write(t, java.util.Arrays.copyOf(good, good.length - 100));
        e = assertThrows(java.io.IOException.class, () -> PackedModelFormat.read(t));
        assertTrue(e.getMessage().contains("trunc.ecgq"), e.getMessage());
        Path m = tmp.resolve("notmodel.ecgq");
        Files.writeString(m, "hello world, not a model");
        e = assertThrows(java.io.IOException.class, () -> PackedModelFormat.read(m));
        assertTrue(e.getMessage().contains("not an ecgbench packed model"), e.getMessage());
    }

    @Test
    void theTwoReadingsOfEquation3SwapWhichLayersGetTheTighterThreshold() {
        Laq.Config cons = new Laq.Config(0.5, 0.5, 0.1, 0.0001, List.of(2, 8), QuantizedTensor.Scheme.SYMMETRIC, FakeQuantizer.Granularity.PER_TENSOR);
        Laq.Config asWritten = new Laq.Config(0.5, 0.5, 0.1, 0.0001, List.of(2, 8), QuantizedTensor.Scheme.SYMMETRIC,
                FakeQuantizer.Granularity.PER_TENSOR, Laq.Reading.AS_WRITTEN);
        assertEquals(Laq.Reading.CONSERVATIVE, cons.reading());
        // important layer (I = 0.9) vs unimportant (I = 0.1), A0 = 0.8
        assertEquals(0.8 - 0.1 * 0.1 - 0.0001, cons.threshold(0.8, 0.9), 1e-12);
        assertEquals(0.8 - 0.1 * 0.9 - 0.0001, cons.threshold(0.8, 0.1), 1e-12);
        assertEquals(0.8 - 0.1 * 0.9 - 0.0001, asWritten.threshold(0.8, 0.9), 1e-12);
        assertTrue(cons.threshold(0.8, 0.9) > cons.threshold(0.8, 0.1));
        assertTrue(asWritten.threshold(0.8, 0.9) < asWritten.threshold(0.8, 0.1));
        // on a network: every trace step uses the threshold of its reading
        ComputationGraph net = tinyNet();
        INDArray ref = net.params().dup();
        java.util.function.ToDoubleFunction<ComputationGraph> metric = g -> 1.0 - g.params().sub(ref).norm2Number().doubleValue();
        for (Laq.Config c : List.of(cons, asWritten)) {
            Laq.Result r = Laq.search(net, c, metric);
            for (Laq.Step st : r.trace()) assertEquals(c.threshold(1.0, r.importance().get(st.layer())), st.threshold(), 1e-12);
        }
    }

    @Test
    void compactFileSizeIsWithinTwoPercentOfThePayloadForA40kModel() throws Exception {
        ComputationGraph net = new org.ecgbench.models.arch.ResNet1D().build(new ModelConfig(1, 360, 4, false, Map.of(), 42));
        assertTrue(net.numParams() >= 40_000, "params " + net.numParams());
        for (int b = 1; b <= 8; b++) {
            Map<String, Integer> bits = new LinkedHashMap<>();
            for (String l : FakeQuantizer.quantizableLayers(net)) bits.put(l, b);
            FakeQuantizer.Result r = FakeQuantizer.apply(net, bits, QuantizedTensor.Scheme.SYMMETRIC, FakeQuantizer.Granularity.PER_CHANNEL);
            Path f = tmp.resolve("packed").resolve(b + "-bit.ecgq");
            PackedModelFormat.Sizes sz = PackedModelFormat.write(f, r.net(), r.tensors(), true);
            assertEquals(Files.size(f), sz.fileBytes());
            assertEquals(PackedModelFormat.expectedPayloadBytes(r.report()), sz.payloadBytes(), 0.01 * sz.payloadBytes());
            double fileCr = 4.0 * net.numParams() / sz.fileBytes(), payloadCr = 4.0 * net.numParams() / sz.payloadBytes();
            assertTrue(fileCr >= 0.98 * payloadCr && fileCr <= payloadCr, b + " bits: file CR " + fileCr + " vs payload CR " + payloadCr);
            assertTrue(sz.overheadBytes() < 100, "header " + sz.overheadBytes() + " bytes");
            assertEquals(Files.size(tmp.resolve("packed").resolve(PackedModelFormat.ARCHITECTURE_FILE)), sz.architectureBytes());
            ComputationGraph back = PackedModelFormat.read(f);
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.randn(DataType.FLOAT, 2, 1, 360);
            assertEquals(r.net().outputSingle(false, x), back.outputSingle(false, x));
        }
        // the embedded (self-contained) file of the same model is larger by its deflated configuration
        Path self = tmp.resolve("self.ecgq");
        PackedModelFormat.Sizes emb = PackedModelFormat.write(self, net, Map.of());
        assertTrue(emb.configBytes() > 500 && emb.architectureBytes() == 0);
        assertEquals(net.params(), PackedModelFormat.read(self).params());
    }

    @Test
    void aReplacedArchitectureFileIsRefused() throws Exception {
        ComputationGraph net = tinyNet();
        Path f = tmp.resolve("a").resolve("m.ecgq");
        PackedModelFormat.write(f, net, Map.of(), true);
        Path arch = f.getParent().resolve(PackedModelFormat.ARCHITECTURE_FILE);
        Files.writeString(arch, Files.readString(arch) + " ");
        Exception e = assertThrows(java.io.IOException.class, () -> PackedModelFormat.read(f));
        assertTrue(e.getMessage().contains("SHA-256") || e.getMessage().contains("architecture"), e.getMessage());
        Files.delete(arch);
        e = assertThrows(java.io.IOException.class, () -> PackedModelFormat.read(f));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
