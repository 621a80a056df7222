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
 * quantized tensors, raw float32 for the others, and the network configuration — embedded (deflated JSON)
 * or, to keep the file's size close to its weight payload, kept once in a shared {@code architecture.json}
 * beside the packed files and referenced by its SHA-256. Version 2 layout (big-endian):
 * <pre>
 * "ECGQ" | version u8 = 2 | architecture u8: 0 embedded | 1 shared
 *   embedded: raw length varint | deflated length varint | deflated JSON
 *   shared:   first 8 bytes of the SHA-256 of the JSON in {@value #ARCHITECTURE_FILE} in the same folder
 * parameter count varint | tensor count varint
 * per tensor, in the network's parameter-table order (names and shapes come from the configuration):
 *   descriptor u8: bits 0-3 = bit-width (0 = float32), bit 4 = asymmetric, bits 5-7 = channel axis + 1 (0 = one scale)
 *   float32: values f32[count]
 *   quantized: scales f32[n] | offsets f32[n] (asymmetric, b > 1) | codes: ceil(count·b/8) bytes (little-endian bit fields)
 * CRC32 u32 of the whole file before it
 * </pre>
 * The header is about 25 bytes plus one byte per tensor (shared architecture), so the file's size is the weight
 * payload within well under 1 % for models of 40k+ parameters. Version 1 files (full names, shapes and a CRC per
 * tensor, embedded configuration) are still read. Written atomically (temp + rename). Reading verifies the checksum,
 * the lengths and the architecture's hash, so a corrupted or truncated file, or a file whose architecture file was
 * replaced, fails with a message naming it — never a wrong model.
 */
public final class PackedModelFormat {
    private PackedModelFormat() {}

    private static final byte[] MAGIC = {'E', 'C', 'G', 'Q'};
    private static final int VERSION_1 = 1, VERSION = 2;
    /** The shared architecture (DL4J configuration JSON) of the packed files of one folder. */
    public static final String ARCHITECTURE_FILE = "architecture.json";

    /**
     * Sizes of a written file: {@code fileBytes} on disk; {@code payloadBytes} its weights (codes, scales, offsets,
     * float32 tensors); {@code configBytes} the embedded configuration (0 when shared); {@code architectureBytes} the
     * shared architecture file (0 when embedded), which serves every packed file of the folder and is not in {@code fileBytes}.
     */
    public record Sizes(long fileBytes, long payloadBytes, long configBytes, long architectureBytes) {
        /** Header, configuration and checksum bytes: everything in the file that is not weights. */
        public long overheadBytes() {
            return fileBytes - payloadBytes;
        }
    }

    /** A self-contained file (configuration embedded). */
    public static Sizes write(Path file, ComputationGraph net, Map<String, QuantizedTensor> quantized) throws IOException {
        return write(file, net, quantized, false);
    }

    /**
     * @param quantized tensors by "layer_param" name (from {@link FakeQuantizer.Result#tensors()}); every
     *                  other parameter of {@code net} is stored as float32.
     * @param sharedArchitecture true: the configuration goes to {@value #ARCHITECTURE_FILE} beside the file (written,
     *                  or checked to be the same when it exists) and the file holds its hash only
     */
    public static Sizes write(Path file, ComputationGraph net, Map<String, QuantizedTensor> quantized, boolean sharedArchitecture) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.write(MAGIC);
        out.writeByte(VERSION);
        byte[] json = net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        long configBytes = 0, archBytes = 0;
        if (sharedArchitecture) {
            Path arch = dir.resolve(ARCHITECTURE_FILE);
            if (!Files.isRegularFile(arch) || !java.util.Arrays.equals(Files.readAllBytes(arch), json)) atomicWrite(arch, json);
            archBytes = json.length;
            out.writeByte(1);
            out.write(sha256(json), 0, 8);
        } else {
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
            d.setInput(json);
            d.finish();
            ByteArrayOutputStream cb = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) cb.write(buf, 0, d.deflate(buf));
            d.end();
            out.writeByte(0);
            int before = out.size();
            writeVarint(out, json.length);
            writeVarint(out, cb.size());
            cb.writeTo(out);
            configBytes = out.size() - before;
        }
        Map<String, INDArray> params = net.paramTable();
        writeVarint(out, net.numParams());
        writeVarint(out, params.size());
        long payload = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            QuantizedTensor q = quantized.get(e.getKey());
            if (q == null) {
                out.writeByte(0);
                float[] v = e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat();
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
                bb.asFloatBuffer().put(v);
                out.write(bb.array());
                payload += 4L * v.length;
            } else {
                if (q.bits() < 1 || q.bits() > 8 || q.axis() < -1 || q.axis() > 6) {
                    throw new IllegalArgumentException(e.getKey() + ": " + q.bits() + " bits, axis " + q.axis() + " cannot be stored (1..8 bits, axis -1..6)");
                }
                boolean asym = q.scheme() == QuantizedTensor.Scheme.ASYMMETRIC;
                out.writeByte(q.bits() | (asym ? 0x10 : 0) | ((q.axis() + 1) << 5));
                for (float s : q.scale()) out.writeFloat(s);
                if (q.offset() != null) for (float s : q.offset()) out.writeFloat(s);
                byte[] packed = TensorQuantizer.pack(q);
                out.write(packed);
                payload += packed.length + 4L * q.scale().length + (q.offset() == null ? 0 : 4L * q.offset().length);
            }
        }
        out.flush();
        byte[] all = bos.toByteArray();
        byte[] withCrc = ByteBuffer.allocate(all.length + 4).put(all).putInt((int) crc(all)).array();
        atomicWrite(file, withCrc);
        return new Sizes(withCrc.length, payload, configBytes, archBytes);
    }

    private static void atomicWrite(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeVarint(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarint(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("malformed length");
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rebuilds the network: configuration from the file (or its folder's {@value #ARCHITECTURE_FILE}, checked against the
     * hash in the file), parameters dequantized.
     */
    public static ComputationGraph read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 1 + 4) throw new IOException(file + ": not an ecgbench packed model (too short: " + all.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) throw new IOException(file + ": not an ecgbench packed model (bad magic)");
        }
        int version = all[MAGIC.length] & 0xFF;
        if (version == VERSION_1) return readV1(file, all);
        if (version != VERSION) throw new IOException(file + ": unsupported packed-model version " + version);
        long stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt() & 0xFFFFFFFFL;
        CRC32 c = new CRC32();
        c.update(all, 0, all.length - 4);
        if (c.getValue() != stored) throw new IOException(file + ": file checksum mismatch (corrupted or truncated)");
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4))) {
            in.skipNBytes(MAGIC.length + 1);
            int mode = in.readUnsignedByte();
            byte[] json;
            if (mode == 1) {
                byte[] hash = new byte[8];
                in.readFully(hash);
                Path arch = file.toAbsolutePath().getParent().resolve(ARCHITECTURE_FILE);
                if (!Files.isRegularFile(arch)) throw new IOException(file + ": its architecture file " + arch + " is missing");
                json = Files.readAllBytes(arch);
                if (!java.util.Arrays.equals(hash, java.util.Arrays.copyOf(sha256(json), 8))) {
                    throw new IOException(file + ": " + arch + " is not the architecture this file was written with (SHA-256 differs)");
                }
            } else if (mode == 0) {
                int rawLen = (int) readVarint(in), clen = (int) readVarint(in);
                byte[] cbytes = new byte[clen];
                in.readFully(cbytes);
                Inflater inf = new Inflater();
                inf.setInput(cbytes);
                json = new byte[rawLen];
                int got = inf.inflate(json);
                inf.end();
                if (got != rawLen) throw new IOException(file + ": configuration block corrupted");
            } else {
                throw new IOException(file + ": unknown architecture mode " + mode);
            }
            ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(new String(json, StandardCharsets.UTF_8)));
            net.init();
            long nParams = readVarint(in);
            int n = (int) readVarint(in);
            Map<String, INDArray> table = net.paramTable();
            if (n != table.size() || nParams != net.numParams()) {
                throw new IOException(file + ": " + n + " tensors / " + nParams + " parameters stored but the network has " + table.size() + " / " + net.numParams());
            }
            for (Map.Entry<String, INDArray> e : table.entrySet()) {
                String name = e.getKey();
                INDArray target = e.getValue();
                long[] shape = target.shape();
                int count = (int) target.length();
                int desc = in.readUnsignedByte();
                int bits = desc & 0x0F;
                float[] values;
                if (bits == 0) {
                    values = new float[count];
                    for (int k = 0; k < count; k++) values[k] = in.readFloat();
                } else {
                    QuantizedTensor.Scheme scheme = (desc & 0x10) != 0 ? QuantizedTensor.Scheme.ASYMMETRIC : QuantizedTensor.Scheme.SYMMETRIC;
                    int axis = (desc >>> 5) - 1;
                    if (bits > 8 || axis >= shape.length) throw new IOException(file + ": tensor " + name + " has a bad descriptor " + desc);
                    int ns = axis < 0 ? 1 : (int) shape[axis];
                    float[] sc = new float[ns];
                    for (int k = 0; k < ns; k++) sc[k] = in.readFloat();
                    float[] off = null;
                    if (scheme == QuantizedTensor.Scheme.ASYMMETRIC && bits > 1) {
                        off = new float[ns];
                        for (int k = 0; k < ns; k++) off[k] = in.readFloat();
                    }
                    byte[] packed = new byte[(int) (((long) count * bits + 7) / 8)];
                    in.readFully(packed);
                    int[] q = TensorQuantizer.unpack(packed, count, bits, scheme);
                    values = new QuantizedTensor(name, shape, bits, scheme, axis, q, sc, off).dequantize();
                }
                setParam(file, net, name, Nd4j.create(values, shape, 'c').castTo(target.dataType()));
            }
            if (in.available() != 0) throw new IOException(file + ": " + in.available() + " bytes after the last tensor");
            return net;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated packed model", e);
        } catch (DataFormatException e) {
            throw new IOException(file + ": configuration block corrupted", e);
        }
    }

    private static void setParam(Path file, ComputationGraph net, String name, INDArray v) throws IOException {
        String layer = name.substring(0, name.lastIndexOf('_'));
        String key = name.substring(name.lastIndexOf('_') + 1);
        Layer l = net.getLayer(layer);
        if (l == null) throw new IOException(file + ": no layer '" + layer + "' for tensor " + name);
        l.setParam(key, v);
    }

    /** Version 1: names, shapes and a CRC per tensor; configuration embedded. */
    private static ComputationGraph readV1(Path file, byte[] all) throws IOException {
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        CRC32 c = new CRC32();
        c.update(all, 0, all.length - 8);
        if (c.getValue() != stored) throw new IOException(file + ": file checksum mismatch (corrupted or truncated)");
        java.io.ByteArrayInputStream bais = new java.io.ByteArrayInputStream(all, 0, all.length - 8);
        int limit = all.length - 8;
        try (DataInputStream in = new DataInputStream(bais)) {
            in.skipNBytes(4);
            in.skipNBytes(1);
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
