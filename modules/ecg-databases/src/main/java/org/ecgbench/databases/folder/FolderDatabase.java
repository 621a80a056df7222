package org.ecgbench.databases.folder;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.cinc.CincHeader;

/**
 * A user's own folder of records ({@code data.dataset: folder}): every record named by a labels CSV, read from
 * {@code <root>/<record>.hea} (WFDB header whose signal file is WFDB format 16/212/80 {@code .dat} or MATLAB v4
 * {@code .mat}, decoded by the CinC/WFDB readers, no gain corrections) or {@code <root>/<record>.csv} (one column per lead
 * with the lead names in the header row, one row per sample, millivolts, at {@code csvFs} Hz).
 *
 * <p>Labels CSV: a header row with {@code record} and {@code label} (or {@code labels}), optionally {@code patient};
 * several labels of one record are separated by {@code ;}. Records without a patient id are their own patient. The
 * labels are the records' raw labels; the label protocols {@code labels_single}, {@code labels_multi} and
 * {@code labels_binary} turn them into targets (docs/specs.md).
 */
public final class FolderDatabase implements EcgDatabase {
    private final Path root;
    private final Path labelsCsv;
    private final Double csvFs;
    private final Map<String, List<String>> labels = new LinkedHashMap<>();
    private final Map<String, String> patients = new LinkedHashMap<>();

    /** @param csvFs sampling rate of CSV signal files (null: a CSV record is an error naming this setting) */
    public FolderDatabase(Path root, Path labelsCsv, Double csvFs) {
        this.root = root;
        this.labelsCsv = labelsCsv;
        this.csvFs = csvFs;
        if (!Files.isRegularFile(labelsCsv)) {
            throw new IllegalArgumentException("labels CSV " + labelsCsv + " not found (data.records.labels_csv; columns record, label[, patient])");
        }
        try (Reader r = Files.newBufferedReader(labelsCsv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).build().parse(r)) {
            List<String> h = p.getHeaderNames();
            String labelCol = h.contains("label") ? "label" : h.contains("labels") ? "labels" : null;
            if (!h.contains("record") || labelCol == null) {
                throw new IllegalArgumentException(labelsCsv + ": the header must name 'record' and 'label' (or 'labels'), optionally 'patient'; got " + h);
            }
            for (CSVRecord rec : p) {
                String id = rec.get("record");
                if (id.isEmpty()) throw new IllegalArgumentException(labelsCsv + ":" + rec.getRecordNumber() + ": empty record name");
                if (labels.containsKey(id)) throw new IllegalArgumentException(labelsCsv + ": record '" + id + "' is listed twice");
                List<String> l = Arrays.stream(rec.get(labelCol).split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                labels.put(id, l);
                if (h.contains("patient") && !rec.get("patient").isEmpty()) patients.put(id, rec.get("patient"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(labelsCsv + ": " + e.getMessage(), e);
        }
        if (labels.isEmpty()) throw new IllegalArgumentException(labelsCsv + " lists no record");
        for (String id : labels.keySet()) signalFile(id); // a listed record without a signal is an error naming it, up front
    }

    /** The header (.hea) or CSV file of a record; an error naming both candidates when neither exists. */
    public Path signalFile(String id) {
        Path hea = root.resolve(id + ".hea");
        if (Files.isRegularFile(hea)) return hea;
        Path csv = root.resolve(id + ".csv");
        if (Files.isRegularFile(csv)) return csv;
        throw new IllegalArgumentException("record '" + id + "' of " + labelsCsv + " has no signal: neither " + hea + " nor " + csv + " exists");
    }

    private static boolean isCsv(Path f) {
        return f.getFileName().toString().endsWith(".csv");
    }

    @Override
    public List<String> recordIds() {
        return List.copyOf(labels.keySet());
    }

    @Override
    public Ecg12Record read(String id) {
        Path f = signalFile(id);
        List<String> l = labels.get(id);
        if (isCsv(f)) {
            Csv c = readCsv(f);
            return new Ecg12Record(id, "folder", csvFs(f), c.leads(), c.mv(), null, null, l, patients.get(id));
        }
        CincHeader h = CincHeader.read(f);
        CincDatabase.Decoded d = CincDatabase.decode(h, null);
        List<String> warnings = new ArrayList<>(h.warnings());
        warnings.addAll(d.warnings());
        return new Ecg12Record(id, "folder", h.fs(), h.leadNames(), d.mv(), h.age(), h.sex(), l, patients.get(id), d.invalidCause(), warnings);
    }

    private double csvFs(Path f) {
        if (csvFs == null) throw new IllegalArgumentException(f + " is a CSV signal: set data.records.csv_fs (its sampling rate in Hz)");
        return csvFs;
    }

    private record Csv(String[] leads, float[][] mv) {}

    private static Csv readCsv(Path f) {
        try (Reader r = Files.newBufferedReader(f); CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build().parse(r)) {
            String[] leads = p.getHeaderNames().toArray(new String[0]);
            List<float[]> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (rec.size() != leads.length) throw new IllegalArgumentException(f + ":" + (rec.getRecordNumber() + 1) + ": " + rec.size() + " values for " + leads.length + " leads");
                float[] v = new float[leads.length];
                for (int i = 0; i < v.length; i++) {
                    String s = rec.get(i);
                    try {
                        v[i] = s.isEmpty() || s.equalsIgnoreCase("nan") ? Float.NaN : Float.parseFloat(s);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(f + ":" + (rec.getRecordNumber() + 1) + ": '" + s + "' is not a number (lead " + leads[i] + ")");
                    }
                }
                rows.add(v);
            }
            float[][] mv = new float[leads.length][rows.size()];
            for (int t = 0; t < rows.size(); t++) for (int l = 0; l < leads.length; l++) mv[l][t] = rows.get(t)[l];
            return new Csv(leads, mv);
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Metadata metadata(String id) {
        if (!labels.containsKey(id)) throw new IllegalArgumentException("record '" + id + "' is not listed in " + labelsCsv);
        Path f = signalFile(id);
        double fs = isCsv(f) ? (csvFs == null ? Double.NaN : csvFs) : CincHeader.read(f).fs();
        return new Metadata(id, "folder", fs, -1, null, null, labels.get(id), patients.get(id), Map.of());
    }

    @Override
    public String labelProblem(String id) {
        if (!labels.containsKey(id)) return "record '" + id + "' is not listed in " + labelsCsv;
        return labels.get(id).isEmpty() ? "record '" + id + "' has no label in " + labelsCsv : null;
    }

    @Override
    public List<Path> files(String id) {
        Path f = signalFile(id);
        if (isCsv(f)) return List.of(f);
        List<Path> out = new ArrayList<>(List.of(f));
        for (CincHeader.Signal s : CincHeader.read(f).signals()) {
            Path sig = f.resolveSibling(s.fileName());
            if (!out.contains(sig)) out.add(sig);
        }
        return out;
    }

    @Override
    public List<Path> metadataFiles() {
        return List.of(labelsCsv);
    }
}
