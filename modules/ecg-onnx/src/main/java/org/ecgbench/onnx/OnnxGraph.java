package org.ecgbench.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * The ONNX graph under construction: nodes in topological order, float32/int64 initializers, and
 * unique tensor names. Converters ({@link LayerConverter}, {@link VertexConverter}) add nodes through
 * {@link #op} and constants through {@link #floats} / {@link #ints}; every method returns the name of
 * the tensor it produced.
 */
public final class OnnxGraph {
    private final List<Onnx.NodeProto> nodes = new ArrayList<>();
    private final List<Onnx.TensorProto> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int counter;

    /** An ONNX node attribute. */
    public record Attr(String name, Onnx.AttributeProto proto) {}

    OnnxGraph(Iterable<String> reserved) {
        for (String r : reserved) names.add(r);
    }

    /** A fresh tensor name starting with {@code hint} (made unique with a counter if taken). */
    public String fresh(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9_./:-]", "_");
        String n = base;
        while (!names.add(n)) n = base + "_" + (++counter);
        return n;
    }

    /** Adds node {@code opType} reading {@code inputs}; its single output is named after {@code hint}. */
    public String op(String opType, String hint, List<String> inputs, Attr... attrs) {
        return opMulti(opType, hint, inputs, 1, attrs).get(0);
    }

    /** Adds a node with {@code nOutputs} outputs (e.g. LSTM: Y, Y_h, Y_c); returns their names. */
    public List<String> opMulti(String opType, String hint, List<String> inputs, int nOutputs, Attr... attrs) {
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(opType).setName(fresh(hint + "__" + opType));
        b.addAllInput(inputs);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < nOutputs; i++) {
            String o = fresh(nOutputs == 1 ? hint : hint + "_out" + i);
            outs.add(o);
            b.addOutput(o);
        }
        for (Attr a : attrs) b.addAttribute(a.proto());
        nodes.add(b.build());
        return outs;
    }

    /** Adds a node whose outputs have the exact given names (graph outputs). */
    void opNamed(String opType, List<String> inputs, List<String> outputs, Attr... attrs) {
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(opType).setName(fresh(outputs.get(0) + "__" + opType));
        b.addAllInput(inputs).addAllOutput(outputs);
        for (Attr a : attrs) b.addAttribute(a.proto());
        nodes.add(b.build());
    }

    /** A float32 initializer with the given shape (data in row-major order). */
    public String floats(String hint, float[] data, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != data.length) {
            throw new IllegalArgumentException("initializer '" + hint + "': " + data.length + " values for shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        String name = fresh(hint);
        initializers.add(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(boxed(dims)).setRawData(ByteString.copyFrom(buf.array())).build());
        return name;
    }

    /** A float32 initializer holding {@code a} (any order; written row-major) reshaped to {@code dims}. */
    public String floats(String hint, INDArray a, long... dims) {
        return floats(hint, toFloats(a), dims);
    }

    /** A float32 initializer holding {@code a} with its own shape. */
    public String floats(String hint, INDArray a) {
        return floats(hint, toFloats(a), a.shape());
    }

    /** An int64 initializer (shapes, axes, slice bounds). */
    public String ints(String hint, long... values) {
        String name = fresh(hint);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) t.addInt64Data(v);
        initializers.add(t.build());
        return name;
    }

    /** A scalar float32 initializer. */
    public String scalar(String hint, float v) {
        return floats(hint, new float[] {v});
    }

    /** Row-major float32 copy of an array of any order and type. */
    public static float[] toFloats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    List<Onnx.NodeProto> nodes() { return nodes; }

    List<Onnx.TensorProto> initializers() { return initializers; }

    private static List<Long> boxed(long[] dims) {
        List<Long> l = new ArrayList<>(dims.length);
        for (long d : dims) l.add(d);
        return l;
    }

    // ----- attributes -----

    public static Attr attr(String name, long v) {
        return new Attr(name, Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build());
    }

    public static Attr attr(String name, float v) {
        return new Attr(name, Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build());
    }

    public static Attr attr(String name, String v) {
        return new Attr(name, Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build());
    }

    public static Attr attrInts(String name, long... v) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return new Attr(name, b.build());
    }

    public static Attr attrStrings(String name, String... v) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRINGS);
        for (String x : v) b.addStrings(ByteString.copyFromUtf8(x));
        return new Attr(name, b.build());
    }
}
