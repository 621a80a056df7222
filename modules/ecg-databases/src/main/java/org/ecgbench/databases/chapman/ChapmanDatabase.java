package org.ecgbench.databases.chapman;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.StandardLeads;
import org.ecgbench.databases.cinc.CincHeader;

import java.io.BufferedReader;
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
import java.util.Set;

/**
 * The original Chapman-Shaoxing 12-lead database (Zheng et al. 2020): {@code ECGData/<FileName>.csv}
 * (5000 rows = 10 s at 500 Hz, 12 columns I, II, III, aVR, aVL, aVF, V1-V6, microvolts, with a header row;
 * a file without header row is read in that standard column order) and the diagnostics table exported to
 * CSV ({@code Diagnostics.csv}: FileName, Rhythm, Beat, PatientAge, Gender, VentricularRate, AtrialRate,
 * QRSDuration, QTInterval, QTCorrected, RAxis, TAxis, QRSCount, QOnset, QOffset, TOffset).
 *
 * <p>Raw labels: the rhythm acronym first (one of {@link #RHYTHMS}; note AF = atrial flutter, AFIB = atrial
 * fibrillation), then the space-separated {@code Beat} acronyms ({@code NONE} dropped). The numeric columns
 * are kept in {@link Metadata#extra()}. Each record is a different patient (patientId null).
 */
public final class ChapmanDatabase implements EcgDatabase {
    public static final String DATABASE = "chapman_shaoxing_original";
    public static final double FS = 500.0;
    /** Rhythm acronyms of the diagnostics table. */
    public static final Set<String> RHYTHMS = Set.of("SB", "SR", "AFIB", "ST", "AF", "SVT", "AT", "SA", "AVNRT", "AVRT", "SAAWR");
    /** Microvolts per millivolt (the CSV unit). */
    public static final double MICROVOLTS_PER_MV = 1000.0;
    private static final List<String> REQUIRED = List.of("FileName", "Rhythm", "Beat", "PatientAge", "Gender");

    private final Path ecgDir;
    private final Path diagnostics;
    private final Map<String, Metadata> meta;

    /** Opens {@code root/Diagnostics.csv} and {@code root/ECGData/}. */
    public ChapmanDatabase(Path root) {
        this(root.resolve("Diagnostics.csv"), root.resolve("ECGData"));
    }

    /** Opens an explicit diagnostics CSV and ECG folder (e.g. {@code ECGDataDenoised}). */
    public ChapmanDatabase(Path diagnosticsCsv, Path ecgDir) {
        this.diagnostics = diagnosticsCsv.toAbsolutePath().normalize();
        this.ecgDir = ecgDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(diagnostics)) {
            throw new IllegalArgumentException("Chapman diagnostics table " + diagnostics + " does not exist (export Diagnostics.xlsx to CSV)");
        }
        if (!Files.isDirectory(this.ecgDir)) throw new IllegalArgumentException("Chapman ECG folder " + this.ecgDir + " does not exist");
        this.meta = Collections.unmodifiableMap(readDiagnostics(diagnostics));
    }

    private static Map<String, Metadata> readDiagnostics(Path csv) {
        Map<String, Metadata> out = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            List<String> header = new ArrayList<>();
            for (String h : p.getHeaderNames()) header.add(h.replace("\uFEFF", "").strip());
            for (String need : REQUIRED) {
                if (!header.contains(need)) throw new IllegalArgumentException("Chapman diagnostics " + csv + ": missing column '" + need + "' (header " + header + ")");
            }
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < rec.size(); i++) row.put(header.get(i), rec.get(i).strip());
                String id = row.getOrDefault("FileName", "");
                if (id.isEmpty()) throw new IllegalArgumentException("Chapman diagnostics " + csv + " line " + line + ": empty FileName");
                String rhythm = row.getOrDefault("Rhythm", "");
                if (!RHYTHMS.contains(rhythm)) {
                    throw new IllegalArgumentException("Chapman diagnostics " + csv + " line " + line + ": unknown rhythm '" + rhythm + "' (expected one of " + RHYTHMS + ")");
                }
                List<String> labels = new ArrayList<>();
                labels.add(rhythm);
                for (String b : row.getOrDefault("Beat", "").split("\\s+")) {
                    if (!b.isEmpty() && !b.equalsIgnoreCase("NONE") && !labels.contains(b)) labels.add(b);
                }
                Integer age = null;
                String a = row.getOrDefault("PatientAge", "");
                if (!a.isEmpty()) {
                    try {
                        age = (int) Double.parseDouble(a);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Chapman diagnostics " + csv + " line " + line + ": PatientAge '" + a + "' is not a number");
                    }
                }
                String sex = CincHeader.normaliseSex(row.getOrDefault("Gender", ""));
                Map<String, String> extra = new LinkedHashMap<>(row);
                extra.keySet().removeAll(REQUIRED);
                if (out.put(id, new Metadata(id, DATABASE, FS, -1, age, sex, labels, null, extra)) != null) {
                    throw new IllegalArgumentException("Chapman diagnostics " + csv + " line " + line + ": duplicate FileName " + id);
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed CSV file " + csv + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public List<String> recordIds() {
        return new ArrayList<>(meta.keySet());
    }

    @Override
    public Metadata metadata(String id) {
        Metadata m = meta.get(id);
        if (m == null) throw new IllegalArgumentException("no Chapman record '" + id + "' in " + diagnostics);
        return m;
    }

    @Override
    public Ecg12Record read(String id) {
        Metadata m = metadata(id);
        Path csv = ecgDir.resolve(id + ".csv");
        if (!Files.isRegularFile(csv)) throw new IllegalArgumentException("Chapman ECG file " + csv + " does not exist");
        String[] std = StandardLeads.twelve();
        int[] colOfLead = new int[12];
        for (int i = 0; i < 12; i++) colOfLead[i] = i;
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader br = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = br.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] t = line.split(",");
                if (first) {
                    first = false;
                    if (!looksNumeric(t[0])) { // header row: map columns by lead name
                        for (int i = 0; i < 12; i++) {
                            colOfLead[i] = -1;
                            for (int c = 0; c < t.length; c++) if (t[c].replace("\uFEFF", "").strip().equalsIgnoreCase(std[i])) colOfLead[i] = c;
                            if (colOfLead[i] < 0) throw new IllegalArgumentException("Chapman ECG file " + csv + ": header has no column " + std[i] + ": " + line);
                        }
                        continue;
                    }
                }
                float[] v = new float[12];
                for (int i = 0; i < 12; i++) {
                    int c = colOfLead[i];
                    if (c >= t.length) throw new IllegalArgumentException("Chapman ECG file " + csv + " line " + lineNo + ": " + t.length + " columns, need 12");
                    try {
                        v[i] = (float) (Double.parseDouble(t[c].strip()) / MICROVOLTS_PER_MV);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Chapman ECG file " + csv + " line " + lineNo + ": '" + t[c] + "' is not a number");
                    }
                }
                rows.add(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("Chapman ECG file " + csv + " has no samples");
        float[][] mv = new float[12][rows.size()];
        for (int j = 0; j < rows.size(); j++) for (int i = 0; i < 12; i++) mv[i][j] = rows.get(j)[i];
        return new Ecg12Record(id, DATABASE, FS, std, mv, m.age(), m.sex(), m.labels(), null);
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
