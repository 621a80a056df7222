package org.ecgbench.databases.cinc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reader for MATLAB level-4 (v4) MAT files as used by the PhysioNet/CinC Challenge 2020/2021:
 * a sequence of matrices, each a 20-byte header (type MOPT, rows, cols, imagf, name length), the
 * NUL-terminated name, then the real part in column-major order. Supported: M = 0 (little endian) or
 * 1 (big endian), O = 0, T = 0 (full numeric), P = 0 double, 1 single, 2 int32, 3 int16, 4 uint16, 5 uint8;
 * real matrices only.
 */
public final class Mat4Reader {
    private Mat4Reader() {}

    /** MAT v4 precision code of int16 data (the CinC {@code val} matrices). */
    public static final int INT16 = 3;

    /**
     * A real numeric matrix stored as {@code data[row][col]}; {@code precision} is the MAT v4 code
     * (0 double, 1 single, 2 int32, {@value #INT16} int16, 4 uint16, 5 uint8).
     */
    public record Matrix(String name, int rows, int cols, double[][] data, int precision) {}

    /** Reads the matrix called {@code name} (or the first one when {@code name} is null). */
    public static Matrix read(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MAT v4 file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) throw bad(file, "empty file (0 bytes)");
        int pos = 0;
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (pos < bytes.length) {
            if (bytes.length - pos < 20) throw bad(file, "truncated matrix header at byte " + pos);
            ByteBuffer le = ByteBuffer.wrap(bytes, pos, 20).order(ByteOrder.LITTLE_ENDIAN);
            int type = le.getInt(pos);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (type < 0 || type > 4052) { // try big endian
                type = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(pos);
                order = ByteOrder.BIG_ENDIAN;
            }
            if (type < 0 || type > 4052) {
                throw bad(file, "not a MATLAB v4 matrix header at byte " + pos + " (type word " + type
                        + "); MATLAB v5+ files start with a 128-byte text header");
            }
            int m = type / 1000, o = (type / 100) % 10, p = (type / 10) % 10, t = type % 10;
            if (m > 1) throw bad(file, "unsupported machine id " + m + " (only IEEE little/big endian)");
            if ((m == 1) != (order == ByteOrder.BIG_ENDIAN)) throw bad(file, "byte order of type word inconsistent with machine id " + m);
            if (o != 0 || t != 0) throw bad(file, "unsupported matrix type " + type + " (only full numeric matrices)");
            ByteBuffer h = ByteBuffer.wrap(bytes).order(order);
            int rows = h.getInt(pos + 4), cols = h.getInt(pos + 8), imag = h.getInt(pos + 12), nameLen = h.getInt(pos + 16);
            if (rows < 0 || cols < 0 || nameLen <= 0 || nameLen > 1 << 16) {
                throw bad(file, "implausible matrix header at byte " + pos + ": rows=" + rows + " cols=" + cols + " namelen=" + nameLen);
            }
            int elem = switch (p) {
                case 0 -> 8;
                case 1, 2 -> 4;
                case 3, 4 -> 2;
                case 5 -> 1;
                default -> throw bad(file, "unsupported precision code " + p + " in type " + type);
            };
            pos += 20;
            if (bytes.length - pos < nameLen) throw bad(file, "truncated matrix name");
            int nul = 0;
            while (nul < nameLen && bytes[pos + nul] != 0) nul++;
            String mname = new String(bytes, pos, nul, StandardCharsets.US_ASCII);
            pos += nameLen;
            long n = (long) rows * cols;
            long need = n * elem * (imag != 0 ? 2 : 1);
            if (name == null || name.equals(mname)) {
                if (imag != 0) throw bad(file, "matrix '" + mname + "' is complex; only real matrices are supported");
                if (bytes.length - pos < need) {
                    throw bad(file, "truncated: matrix '" + mname + "' is " + rows + "x" + cols + " (" + need
                            + " data bytes) but only " + (bytes.length - pos) + " bytes follow its header");
                }
                double[][] data = new double[rows][cols];
                ByteBuffer d = ByteBuffer.wrap(bytes, pos, (int) need).order(order);
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < rows; r++) {
                        int at = pos + (int) (((long) c * rows + r) * elem);
                        data[r][c] = switch (p) {
                            case 0 -> d.getDouble(at);
                            case 1 -> d.getFloat(at);
                            case 2 -> d.getInt(at);
                            case 3 -> d.getShort(at);
                            case 4 -> d.getShort(at) & 0xFFFF;
                            default -> bytes[at] & 0xFF;
                        };
                    }
                }
                return new Matrix(mname, rows, cols, data, p);
            }
            seen.add(mname);
            if (bytes.length - pos < need) throw bad(file, "truncated: matrix '" + mname + "' data incomplete");
            pos += (int) need;
        }
        throw bad(file, name == null ? "contains no matrix" : "has no matrix named '" + name + "' (found " + (seen.isEmpty() ? "none" : seen) + ")");
    }

    private static IllegalArgumentException bad(Path f, String msg) {
        return new IllegalArgumentException("bad MATLAB v4 file " + f + ": " + msg);
    }
}
