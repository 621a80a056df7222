package org.ecgbench.databases.cpsc;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.StandardLeads;
import org.ecgbench.databases.cinc.CincHeader;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original China Physiological Signal Challenge 2018 training set: one MATLAB v5 file per record
 * ({@code A0001.mat}) holding a struct {@code ECG} with fields {@code sex} (char, {@code Male}/{@code Female}),
 * {@code age} (double) and {@code data} (12 x N double, millivolts, 500 Hz, leads I, II, III, aVR, aVL, aVF,
 * V1-V6), plus {@code REFERENCE.csv} (header {@code Recording,First_label,Second_label,Third_label}, labels
 * 1..9, empty when absent). Raw labels are the label numbers as strings ({@code "1"} = Normal ... see
 * {@link #CLASS_NAMES}), first label first. Record ids come from REFERENCE.csv; records = patients.
 */
public final class Cpsc2018Database implements EcgDatabase {
    /** Database name given to these records. */
    public static final String DATABASE = "cpsc_2018_original";
    /** Sampling frequency of CPSC 2018. */
    public static final double FS = 500.0;
    /** Class names of labels 1..9 (index = label - 1). */
    public static final List<String> CLASS_NAMES = List.of("Normal", "AF", "I-AVB", "LBBB", "RBBB", "PAC", "PVC", "STD", "STE");

    private final Path root;
    private final Map<String, List<String>> labels;

    /** Opens a folder holding {@code REFERENCE.csv} and the {@code .mat} files. */
    public Cpsc2018Database(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path ref = this.root.resolve("REFERENCE.csv");
        if (!Files.isRegularFile(ref)) throw new IllegalArgumentException("CPSC 2018 folder " + this.root + " has no REFERENCE.csv");
        this.labels = Collections.unmodifiableMap(readReference(ref));
    }

    /** Parses REFERENCE.csv into record id -> labels ("1".."9", first label first). */
    public static Map<String, List<String>> readReference(Path ref) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build();
        try (Reader r = Files.newBufferedReader(ref, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            if (!p.getHeaderMap().containsKey("Recording") || !p.getHeaderMap().containsKey("First_label")) {
                throw new IllegalArgumentException("CPSC REFERENCE file " + ref + ": header must contain Recording,First_label[,Second_label,Third_label], got " + p.getHeaderNames());
            }
            for (CSVRecord rec : p) {
                long row = rec.getRecordNumber() + 1;
                String id = rec.get("Recording").strip();
                if (id.isEmpty()) throw new IllegalArgumentException("CPSC REFERENCE file " + ref + " line " + row + ": empty Recording");
                List<String> l = new ArrayList<>();
                for (String col : List.of("First_label", "Second_label", "Third_label")) {
                    if (!rec.isMapped(col) || !rec.isSet(col)) continue;
                    String v = rec.get(col).strip();
                    if (v.isEmpty()) continue;
                    int k;
                    try {
                        k = (int) Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("CPSC REFERENCE file " + ref + " line " + row + ": " + col + " '" + v + "' is not a label 1..9");
                    }
                    if (k < 1 || k > 9 || k != Double.parseDouble(v)) {
                        throw new IllegalArgumentException("CPSC REFERENCE file " + ref + " line " + row + ": " + col + " '" + v + "' is not a label 1..9");
                    }
                    if (!l.contains(Integer.toString(k))) l.add(Integer.toString(k));
                }
                if (l.isEmpty()) throw new IllegalArgumentException("CPSC REFERENCE file " + ref + " line " + row + ": record " + id + " has no label");
                if (out.put(id, l) != null) throw new IllegalArgumentException("CPSC REFERENCE file " + ref + " line " + row + ": duplicate record " + id);
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed CSV file " + ref + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public List<String> recordIds() {
        return new ArrayList<>(labels.keySet());
    }

    /** Labels from REFERENCE.csv only (no file access). */
    public List<String> labels(String id) {
        List<String> l = labels.get(id);
        if (l == null) throw new IllegalArgumentException("no CPSC 2018 record '" + id + "' in " + root.resolve("REFERENCE.csv"));
        return l;
    }

    /** Reads the .mat (age and sex live there; the signal is decoded but dropped). */
    @Override
    public Metadata metadata(String id) {
        Ecg12Record r = read(id);
        return new Metadata(id, DATABASE, FS, r.length(), r.age(), r.sex(), r.labels(), null, Map.of());
    }

    @Override
    public Ecg12Record read(String id) {
        List<String> l = labels(id);
        Path mat = root.resolve(id + ".mat");
        if (!Files.isRegularFile(mat)) throw new IllegalArgumentException("CPSC 2018 record file " + mat + " does not exist");
        try (Mat5File f = Mat5.readFromFile(mat.toFile())) {
            Struct ecg;
            try {
                ecg = f.getStruct("ECG");
            } catch (RuntimeException e) {
                throw bad(mat, "no struct variable 'ECG' (" + e.getMessage() + ")");
            }
            List<String> fields = ecg.getFieldNames();
            for (String need : List.of("sex", "age", "data")) {
                if (!fields.contains(need)) throw bad(mat, "struct ECG has no field '" + need + "' (fields: " + fields + ")");
            }
            Array dataArr = ecg.get("data");
            if (!(dataArr instanceof Matrix data)) throw bad(mat, "ECG.data is not a numeric matrix");
            if (data.getNumRows() != 12) throw bad(mat, "ECG.data is " + data.getNumRows() + "x" + data.getNumCols() + ", expected 12 x N");
            int n = data.getNumCols();
            float[][] mv = new float[12][n];
            for (int i = 0; i < 12; i++) for (int j = 0; j < n; j++) mv[i][j] = (float) data.getDouble(i, j);
            Integer age = null;
            Array ageArr = ecg.get("age");
            if (ageArr instanceof Matrix am && am.getNumElements() > 0) {
                double a = am.getDouble(0);
                if (!Double.isNaN(a) && a >= 0) age = (int) a;
            }
            String sex = null;
            Array sexArr = ecg.get("sex");
            if (sexArr instanceof Char c) sex = CincHeader.normaliseSex(c.getString());
            return new Ecg12Record(id, DATABASE, FS, StandardLeads.twelve(), mv, age, sex, l, null);
        } catch (IOException e) {
            throw bad(mat, "not a readable MATLAB v5 file (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw bad(mat, "not a readable MATLAB v5 file: " + e);
        }
    }

    private static IllegalArgumentException bad(Path f, String msg) {
        return new IllegalArgumentException("bad CPSC 2018 file " + f + ": " + msg);
    }
}
