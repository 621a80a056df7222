package org.ecgbench.quant;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real low-bit model file ({@code .ecgq}): b-bit packed codes + per-tensor/channel scales for the
 * quantized tensors, raw float32 for the others, the network configuration (JSON, deflated) and
 * checksums. Layout (big-endian, {@link DataOutputStream}):
 * <pre>
 * "ECGQ" | version u8 = 1 | config: raw length i32, deflated length i32, bytes, CRC32 i64 of the raw JSON
 * tensor count i32 | per tensor: name (UTF) | rank u8 | shape i64[rank] | kind u8 (0 float32, 1 quantized)
 *   float32: values f32[count]
 *   quantized: bits u8 | scheme u8 (0 sym, 1 asym) | axis i8 | n scales i32 | scales f32[n] | offsets f32[n] (asym, b > 1)
 *              | packed length i32 | packed bytes (little-endian bit fields)
 *   CRC32 i64 of the tensor's bytes
 * CRC32 i64 of the whole file before it
 * </pre>
 * Written atomically (temp + rename). Reading verifies every checksum and the lengths, so a
 * corrupted or truncated file fails with a message naming it — never a wrong model.
 */
public final class PackedModelFormat {
    private PackedModelFormat() {}

    private static final byte[] MAGIC = {'E', 'C', 'G', 'Q'};
    private static final int VERSION = 1;

    /** Sizes of a written file. */
    public record Sizes(long fileBytes, long payloadBytes, long configBytes) {}

    /**
     * @param quantized tensors by "layer_param" name (from {@link FakeQuantizer.Result#tensors()}); every
     *                  other parameter of {@code net} is stored as float32.
     */
    public static Sizes write(Path file, ComputationGraph net, Map<String, QuantizedTensor> quantized) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.write(MAGIC);
        out.writeByte(VERSION);
        byte[] json = net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(json);
        d.finish();
        byte[] buf = new byte[json.length + 64];
        int clen = d.deflate(buf);
        d.end();
        out.writeInt(json.length);
        out.writeInt(clen);
        out.write(buf, 0, clen);
        out.writeLong(crc(json));
        long configBytes = 4 + 4 + clen + 8;
        Map<String, INDArray> params = net.paramTable();
        out.writeInt(params.size());
        long payload = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            ByteArrayOutputStream tb = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(tb);
            String name = e.getKey();
            INDArray p = e.getValue();
            t.writeUTF(name);
            long[] shape = p.shape();
            t.writeByte(shape.length);
            for (long s : shape) t.writeLong(s);
            QuantizedTensor q = quantized.get(name);
            if (q == null) {
                t.writeByte(0);
                float[] v = p.castTo(DataType.FLOAT).dup('c').data().asFloat();
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
                bb.asFloatBuffer().put(v);
                t.write(bb.array());
                payload += 4L * v.length;
            } else {
                t.writeByte(1);
                t.writeByte(q.bits());
                t.writeByte(q.scheme() == QuantizedTensor.Scheme.SYMMETRIC ? 0 : 1);
                t.writeByte(q.axis());
                t.writeInt(q.scale().length);
                for (float s : q.scale()) t.writeFloat(s);
                if (q.offset() != null) for (float s : q.offset()) t.writeFloat(s);
                byte[] packed = TensorQuantizer.pack(q);
                t.writeInt(packed.length);
                t.write(packed);
                payload += packed.length + 4L * q.scale().length + (q.offset() == null ? 0 : 4L * q.offset().length);
            }
            byte[] tbytes = tb.toByteArray();
            out.write(tbytes);
            out.writeLong(crc(tbytes));
        }
        out.flush();
        byte[] all = bos.toByteArray();
        byte[] withCrc = ByteBuffer.allocate(all.length + 8).put(all).putLong(crc(all)).array();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, withCrc);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Sizes(withCrc.length, payload, configBytes);
    }

    /** Rebuilds the network: configuration from the file, parameters dequantized. */
    public static ComputationGraph read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 1 + 8) throw new IOException(file + ": not an ecgbench packed model (too short: " + all.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) throw new IOException(file + ": not an ecgbench packed model (bad magic)");
        }
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        CRC32 c = new CRC32();
        c.update(all, 0, all.length - 8);
        if (c.getValue() != stored) throw new IOException(file + ": file checksum mismatch (corrupted or truncated)");
        java.io.ByteArrayInputStream bais = new java.io.ByteArrayInputStream(all, 0, all.length - 8);
        int limit = all.length - 8;
        try (DataInputStream in = new DataInputStream(bais)) {
            in.skipNBytes(4);
            int version = in.readUnsignedByte();
            if (version != VERSION) throw new IOException(file + ": unsupported packed-model version " + version);
            int rawLen = in.readInt(), clen = in.readInt();
            byte[] cbytes = new byte[clen];
            in.readFully(cbytes);
            Inflater inf = new Inflater();
            inf.setInput(cbytes);
            byte[] json = new byte[rawLen];
            int got = inf.inflate(json);
            inf.end();
            if (got != rawLen || crc(json) != in.readLong()) throw new IOException(file + ": configuration block corrupted");
            ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(new String(json, StandardCharsets.UTF_8)));
            net.init();
            int n = in.readInt();
            Map<String, INDArray> table = net.paramTable();
            if (n != table.size()) throw new IOException(file + ": " + n + " tensors stored but the network has " + table.size());
            for (int i = 0; i < n; i++) {
                int start = limit - bais.available();
                String name = in.readUTF();
                int rank = in.readUnsignedByte();
                long[] shape = new long[rank];
                long count = 1;
                for (int k = 0; k < rank; k++) {
                    shape[k] = in.readLong();
                    count *= shape[k];
                }
                int kind = in.readUnsignedByte();
                float[] values;
                if (kind == 0) {
                    values = new float[(int) count];
                    for (int k = 0; k < count; k++) values[k] = in.readFloat();
                } else if (kind == 1) {
                    int bits = in.readUnsignedByte();
                    QuantizedTensor.Scheme scheme = in.readUnsignedByte() == 0 ? QuantizedTensor.Scheme.SYMMETRIC : QuantizedTensor.Scheme.ASYMMETRIC;
                    int axis = in.readByte();
                    int ns = in.readInt();
                    float[] sc = new float[ns];
                    for (int k = 0; k < ns; k++) sc[k] = in.readFloat();
                    float[] off = null;
                    if (scheme == QuantizedTensor.Scheme.ASYMMETRIC && bits > 1) {
                        off = new float[ns];
                        for (int k = 0; k < ns; k++) off[k] = in.readFloat();
                    }
                    int plen = in.readInt();
                    byte[] packed = new byte[plen];
                    in.readFully(packed);
                    int[] q = TensorQuantizer.unpack(packed, (int) count, bits, scheme);
                    values = new QuantizedTensor(name, shape, bits, scheme, axis, q, sc, off).dequantize();
                } else {
                    throw new IOException(file + ": tensor " + name + " has unknown kind " + kind);
                }
                int end = limit - bais.available();
                long crcStored = in.readLong();
                CRC32 tc = new CRC32();
                tc.update(all, start, end - start);
                if (tc.getValue() != crcStored) throw new IOException(file + ": tensor " + name + " checksum mismatch");
                INDArray target = table.get(name);
                if (target == null) throw new IOException(file + ": tensor " + name + " is not a parameter of the stored network");
                if (target.length() != count) throw new IOException(file + ": tensor " + name + " has " + count + " values, network expects " + target.length());
                INDArray v = Nd4j.create(values, shape, 'c').castTo(target.dataType());
                String layer = name.substring(0, name.lastIndexOf('_'));
                String key = name.substring(name.lastIndexOf('_') + 1);
                Layer l = net.getLayer(layer);
                if (l == null) throw new IOException(file + ": no layer '" + layer + "' for tensor " + name);
                l.setParam(key, v);
            }
            return net;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated packed model", e);
        } catch (DataFormatException e) {
            throw new IOException(file + ": configuration block corrupted", e);
        }
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Parameter bytes a file needs per the report (codes + scales, and float32 tensors), for the 1% check. */
    public static long expectedPayloadBytes(CompressionReport r) {
        return (r.storedBits() + 7) / 8;
    }

    static Map<String, Integer> layerBits(CompressionReport r) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (CompressionReport.Row row : r.rows()) if (row.quantized()) m.put(row.layer(), row.bits());
        return m;
    }
}
