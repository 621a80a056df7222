package org.ecgbench.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an exported model with ONNX Runtime (CPU execution provider). Input {@code [batch, leads,
 * samples]} float32, output {@code [batch, classes]}: the model's {@value OnnxExporter#OUTPUT} tensor
 * (probabilities) or, with {@link #predictLogits}, {@value OnnxExporter#LOGITS}. Large inputs are
 * run in chunks of {@code batchSize}. One instance holds one ONNX Runtime session; {@code predict}
 * may be called from several threads (ORT sessions are thread-safe for {@code run}). Close it when done.
 */
public final class OnnxRuntimePredictor implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final int batchSize;
    private final Path file;

    /**
     * Loads {@code onnxFile}. {@code intraOpThreads} is ONNX Runtime's intra-op thread count (0 = its
     * default, one per physical core); inter-op parallelism is off (sequential execution).
     * {@code batchSize} bounds the rows per {@code run} call.
     */
    public OnnxRuntimePredictor(Path onnxFile, int intraOpThreads, int batchSize) {
        this(onnxFile, intraOpThreads, batchSize, true);
    }

    /**
     * As {@link #OnnxRuntimePredictor(Path, int, int)}; {@code spinning = false} stops ONNX Runtime's
     * intra-op worker threads from busy-waiting between operators (ORT config
     * {@code session.intra_op.allow_spinning = 0}), which helps when the CPU cores are shared with other
     * processes (measured on the shared 2-core machine, see docs/onnx.md).
     */
    public OnnxRuntimePredictor(Path onnxFile, int intraOpThreads, int batchSize, boolean spinning) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!Files.isRegularFile(onnxFile)) throw new IllegalArgumentException("ONNX model file not found: " + onnxFile);
        this.file = onnxFile;
        this.batchSize = batchSize;
        try {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (intraOpThreads > 0) so.setIntraOpNumThreads(intraOpThreads);
            so.setInterOpNumThreads(1);
            if (!spinning) so.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(onnxFile.toString(), so);
            if (session.getNumInputs() != 1) {
                throw new IllegalArgumentException("ONNX model " + onnxFile + " has " + session.getNumInputs() + " inputs; OnnxRuntimePredictor needs 1");
            }
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            inputName = in.getKey();
            inputShape = ((TensorInfo) in.getValue().getInfo()).getShape();
            if (!session.getOutputNames().contains(OnnxExporter.OUTPUT)) {
                throw new IllegalArgumentException("ONNX model " + onnxFile + " has no output '" + OnnxExporter.OUTPUT + "' (outputs: "
                        + session.getOutputNames() + ")");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    /** Input shape as stored in the model; -1 for the symbolic batch dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** True when the model has a {@value OnnxExporter#LOGITS} output. */
    public boolean hasLogits() {
        return session.getOutputNames().contains(OnnxExporter.LOGITS);
    }

    /** Probabilities for {@code x [batch][leads][samples]}. */
    public float[][] predict(float[][][] x) {
        return run(x, OnnxExporter.OUTPUT);
    }

    /** Pre-activation outputs of the output layer. */
    public float[][] predictLogits(float[][][] x) {
        if (!hasLogits()) throw new IllegalStateException("ONNX model " + file + " has no '" + OnnxExporter.LOGITS + "' output");
        return run(x, OnnxExporter.LOGITS);
    }

    /** Probabilities for an INDArray {@code [batch, leads, samples]}; returns {@code [batch, classes]} float32. */
    public INDArray predict(INDArray x) {
        return runArray(x, OnnxExporter.OUTPUT);
    }

    public INDArray predictLogits(INDArray x) {
        if (!hasLogits()) throw new IllegalStateException("ONNX model " + file + " has no '" + OnnxExporter.LOGITS + "' output");
        return runArray(x, OnnxExporter.LOGITS);
    }

    private float[][] run(float[][][] x, String output) {
        if (x.length == 0) return new float[0][];
        int leads = x[0].length, samples = x[0][0].length;
        checkShape(leads, samples);
        float[][] out = new float[x.length][];
        float[] buf = new float[Math.min(batchSize, x.length) * leads * samples];
        for (int start = 0; start < x.length; start += batchSize) {
            int n = Math.min(batchSize, x.length - start);
            int p = 0;
            for (int i = 0; i < n; i++) {
                float[][] e = x[start + i];
                if (e.length != leads) throw new IllegalArgumentException("example " + (start + i) + " has " + e.length + " leads, expected " + leads);
                for (float[] lead : e) {
                    if (lead.length != samples) {
                        throw new IllegalArgumentException("example " + (start + i) + " has a lead of " + lead.length + " samples, expected " + samples);
                    }
                    System.arraycopy(lead, 0, buf, p, samples);
                    p += samples;
                }
            }
            float[][] part = runFlat(FloatBuffer.wrap(buf, 0, n * leads * samples), new long[] {n, leads, samples}, output);
            System.arraycopy(part, 0, out, start, n);
        }
        return out;
    }

    private INDArray runArray(INDArray x, String output) {
        if (x.rank() != 3) throw new IllegalArgumentException("input must be [batch, leads, samples], got rank " + x.rank());
        long b = x.size(0), leads = x.size(1), samples = x.size(2);
        checkShape(leads, samples);
        INDArray out = null;
        for (long start = 0; start < b; start += batchSize) {
            long n = Math.min(batchSize, b - start);
            INDArray chunk = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + n)).castTo(DataType.FLOAT).dup('c');
            float[][] part = runFlat(FloatBuffer.wrap(chunk.data().asFloat()), new long[] {n, leads, samples}, output);
            if (out == null) out = Nd4j.create(DataType.FLOAT, b, part[0].length);
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + n)).assign(Nd4j.create(part));
        }
        return out;
    }

    private void checkShape(long leads, long samples) {
        if ((inputShape.length == 3) && ((inputShape[1] > 0 && inputShape[1] != leads) || (inputShape[2] > 0 && inputShape[2] != samples))) {
            throw new IllegalArgumentException("ONNX model " + file + " expects input [batch, " + inputShape[1] + ", " + inputShape[2]
                    + "], got [batch, " + leads + ", " + samples + "]");
        }
    }

    private float[][] runFlat(FloatBuffer data, long[] shape, String output) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, data, shape);
             OrtSession.Result r = session.run(Map.of(inputName, t), java.util.Set.of(output))) {
            Object v = r.get(0).getValue();
            if (!(v instanceof float[][] f)) throw new IllegalStateException("ONNX output '" + output + "' is not a float matrix: " + v.getClass());
            return f;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime inference failed on " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing ONNX Runtime session for " + file + ": " + e.getMessage(), e);
        }
    }
}
