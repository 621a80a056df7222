package org.ecgbench.databases.code15;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.Resampler;
import org.ecgbench.databases.StandardLeads;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CODE-15% (Ribeiro et al.): {@code exams.csv} (exam_id, age, is_male, nn_predicted_age, 1dAVb, RBBB, LBBB,
 * SB, ST, AF, patient_id, death, timey, normal_ecg, trace_file; column order is not relied on) and
 * {@code exams_part*.hdf5} files, each with datasets {@code tracings} (N x 4096 x 12 float32, 400 Hz, leads
 * I, II, III, aVR, aVL, aVF, V1-V6, 7-s exams zero-padded centred to 4096 samples) and {@code exam_id} (N).
 *
 * <p>Record id = exam_id; patientId = patient_id; raw labels = the names of the true columns among
 * {@link #LABEL_COLUMNS}. The exam-to-file index is built by reading the {@code exam_id} dataset of every
 * part file found under the root (rows whose exam id is not in exams.csv, e.g. filler rows, are ignored);
 * record ids are the exams present in both.
 *
 * <p>Units: the stored value times {@code millivoltsPerUnit} gives mV. Sources disagree: protocols.md says
 * volts, while the PhysioNet Challenge 2025 conversion of CODE-15% to WFDB (by organisers working with the
 * dataset authors) writes the values with units mV and gain 1000. We assume millivolts
 * ({@link #DEFAULT_MILLIVOLTS_PER_UNIT} = 1) and make it a constructor parameter; a check on real files
 * (R peaks near 1) is still to be done as no CODE-15% file is available here.
 *
 * <p>{@link #read} removes the zero padding (leading and trailing samples where all 12 leads are exactly 0)
 * and resamples from 400 Hz to the requested rate with {@link Resampler}.
 */
public final class Code15Database implements EcgDatabase, AutoCloseable {
    public static final String DATABASE = "code15";
    /** Native sampling rate. */
    public static final double FS = 400.0;
    /** Assumed unit of the stored tracings, in millivolts (see class doc). */
    public static final double DEFAULT_MILLIVOLTS_PER_UNIT = 1.0;
    /** Binary diagnosis columns of exams.csv that become raw labels. */
    public static final List<String> LABEL_COLUMNS = List.of("1dAVb", "RBBB", "LBBB", "SB", "ST", "AF", "normal_ecg");

    private final Path root;
    private final double targetFs;
    private final double mvPerUnit;
    private final Map<String, Metadata> meta;
    private final Map<String, Path> fileOf = new HashMap<>();
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final List<String> ids;
    /** Part files stay open between reads: re-parsing a 4 GB HDF5 file per exam would dominate a full-database pass. */
    private final Map<Path, HdfFile> open = new HashMap<>();

    /** Opens CODE-15% at {@code root}, resampling to {@code targetFs} Hz, tracings assumed in mV. */
    public Code15Database(Path root, double targetFs) {
        this(root, targetFs, DEFAULT_MILLIVOLTS_PER_UNIT);
    }

    /** Opens CODE-15% with an explicit unit: stored value x {@code millivoltsPerUnit} = mV. */
    public Code15Database(Path root, double targetFs, double millivoltsPerUnit) {
        this.root = root.toAbsolutePath().normalize();
        if (!(targetFs > 0)) throw new IllegalArgumentException("target sampling rate must be positive, got " + targetFs);
        this.targetFs = targetFs;
        this.mvPerUnit = millivoltsPerUnit;
        Path csv = this.root.resolve("exams.csv");
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("CODE-15% folder " + this.root + " has no exams.csv");
        this.meta = readExams(csv);
        List<Path> parts;
        try (Stream<Path> s = Files.list(this.root)) {
            parts = s.filter(p -> p.getFileName().toString().matches("exams_part\\d+\\.hdf5")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + this.root + ": " + e.getMessage(), e);
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("CODE-15% folder " + this.root + " has no exams_part*.hdf5 files");
        for (Path part : parts) {
            long[] examIds = readExamIds(part);
            for (int i = 0; i < examIds.length; i++) {
                String id = Long.toString(examIds[i]);
                if (!meta.containsKey(id)) continue;
                Path prev = fileOf.put(id, part);
                if (prev != null) throw new IllegalArgumentException("CODE-15% exam " + id + " appears in both " + prev + " and " + part);
                rowOf.put(id, i);
            }
        }
        List<String> l = new ArrayList<>();
        for (String id : meta.keySet()) if (fileOf.containsKey(id)) l.add(id);
        this.ids = Collections.unmodifiableList(l);
    }

    private static long[] readExamIds(Path part) {
        try (HdfFile f = new HdfFile(part)) {
            Dataset tr = dataset(f, part, "tracings");
            Dataset ex = dataset(f, part, "exam_id");
            int[] d = tr.getDimensions();
            if (d.length != 3 || d[2] != 12) {
                throw new IllegalArgumentException("CODE-15% file " + part + ": 'tracings' has shape " + java.util.Arrays.toString(d) + ", expected N x 4096 x 12");
            }
            Object data = ex.getData();
            int n = Array.getLength(data);
            if (n != d[0]) throw new IllegalArgumentException("CODE-15% file " + part + ": " + n + " exam ids but " + d[0] + " tracings");
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = ((Number) Array.get(data, i)).longValue();
            return out;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("CODE-15% file " + part + " is not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Dataset dataset(HdfFile f, Path part, String name) {
        if (!f.getChildren().containsKey(name) || !(f.getChild(name) instanceof Dataset ds)) {
            throw new IllegalArgumentException("CODE-15% file " + part + " has no dataset '" + name + "' (has " + f.getChildren().keySet() + ")");
        }
        return ds;
    }

    private static Map<String, Metadata> readExams(Path csv) {
        Map<String, Metadata> out = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            List<String> header = p.getHeaderNames();
            for (String need : List.of("exam_id", "age", "is_male", "patient_id", "1dAVb", "RBBB", "LBBB", "SB", "ST", "AF")) {
                if (!header.contains(need)) throw new IllegalArgumentException("CODE-15% table " + csv + ": missing column '" + need + "' (header " + header + ")");
            }
            for (CSVRecord rec : p) {
                String where = "CODE-15% table " + csv + " data row " + rec.getRecordNumber();
                String id = integer(rec.get("exam_id"), where, "exam_id");
                String patient = integer(rec.get("patient_id"), where, "patient_id");
                Integer age = null;
                String a = rec.get("age").strip();
                if (!a.isEmpty()) age = Integer.valueOf(integer(a, where, "age"));
                String sex = bool(rec.get("is_male"), where, "is_male") ? "Male" : "Female";
                List<String> labels = new ArrayList<>();
                for (String c : LABEL_COLUMNS) if (header.contains(c) && bool(rec.get(c), where, c)) labels.add(c);
                Map<String, String> extra = new LinkedHashMap<>();
                for (String c : header) {
                    if (!LABEL_COLUMNS.contains(c) && !List.of("exam_id", "age", "is_male", "patient_id").contains(c)) extra.put(c, rec.get(c));
                }
                if (out.put(id, new Metadata(id, DATABASE, FS, 4096, age, sex, labels, patient, extra)) != null) {
                    throw new IllegalArgumentException(where + ": duplicate exam_id " + id);
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed CSV file " + csv + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String integer(String v, String where, String col) {
        try {
            double d = Double.parseDouble(v.strip());
            if (d != Math.rint(d)) throw new NumberFormatException();
            return Long.toString((long) d);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + col + " '" + v + "' is not an integer");
        }
    }

    private static boolean bool(String v, String where, String col) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "1", "1.0" -> true;
            case "false", "0", "0.0", "" -> false;
            default -> throw new IllegalArgumentException(where + ": " + col + " '" + v + "' is not True/False");
        };
    }

    /** Rate that {@link #read} resamples to. */
    public double targetFs() { return targetFs; }

    @Override
    public List<String> recordIds() {
        return ids;
    }

    @Override
    public Metadata metadata(String id) {
        Metadata m = meta.get(id);
        if (m == null || !fileOf.containsKey(id)) throw new IllegalArgumentException("no CODE-15% exam '" + id + "' with a tracing under " + root);
        return m;
    }

    /** The raw stored tracing {@code [lead][4096]} in stored units, padding included. */
    public synchronized float[][] readRaw(String id) {
        metadata(id);
        Path part = fileOf.get(id);
        int row = rowOf.get(id);
        try {
            HdfFile f = open.get(part);
            if (f == null) {
                f = new HdfFile(part);
                open.put(part, f);
            }
            Dataset tr = dataset(f, part, "tracings");
            int[] d = tr.getDimensions();
            Object slab = tr.getData(new long[]{row, 0, 0}, new int[]{1, d[1], 12});
            if (!(slab instanceof float[][][] t)) {
                throw new IllegalArgumentException("CODE-15% file " + part + ": 'tracings' is not float32 (got " + slab.getClass().getSimpleName() + ")");
            }
            float[][] out = new float[12][d[1]];
            for (int j = 0; j < d[1]; j++) for (int k = 0; k < 12; k++) out[k][j] = t[0][j][k];
            return out;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("CODE-15% file " + part + ": cannot read tracing row " + row + " (exam " + id + "): " + e.getMessage(), e);
        }
    }

    /** Closes the part files opened by {@link #readRaw}. */
    @Override
    public synchronized void close() {
        for (HdfFile f : open.values()) f.close();
        open.clear();
    }

    @Override
    public Ecg12Record read(String id) {
        Metadata m = metadata(id);
        float[][] raw = readRaw(id);
        float[][] trimmed = trimZeroPadding(raw);
        for (float[] lead : trimmed) for (int j = 0; j < lead.length; j++) lead[j] *= (float) mvPerUnit;
        float[][] mv = Resampler.resample(trimmed, FS, targetFs);
        return new Ecg12Record(id, DATABASE, targetFs, StandardLeads.twelve(), mv, m.age(), m.sex(), m.labels(), m.patientId());
    }

    /** Drops leading and trailing samples at which every lead is exactly zero. */
    public static float[][] trimZeroPadding(float[][] x) {
        int n = x.length == 0 ? 0 : x[0].length;
        int start = 0, end = n;
        while (start < end && allZero(x, start)) start++;
        while (end > start && allZero(x, end - 1)) end--;
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = java.util.Arrays.copyOfRange(x[i], start, end);
        return out;
    }

    private static boolean allZero(float[][] x, int j) {
        for (float[] lead : x) if (lead[j] != 0f) return false;
        return true;
    }
}
