package org.ecgbench.databases.ptbxl;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.cinc.CincHeader;

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
 * PTB-XL (Wagner et al. 2020) in its published layout: {@code ptbxl_database.csv} (ecg_id, patient_id, age,
 * sex, ..., scp_codes, ..., strat_fold, filename_lr, filename_hr), {@code scp_statements.csv} and WFDB
 * records (format 16, {@code .hea}/{@code .dat}) under {@code records100/} (100 Hz) and {@code records500/}
 * (500 Hz).
 *
 * <p>Record id = {@code ecg_id} as an integer string; patientId = {@code patient_id} as an integer string.
 * Raw labels = the keys of the {@code scp_codes} dict in file order, regardless of likelihood (the benchmark of
 * Strodthoff et al. also ignores the likelihood); the dict itself is kept in extra {@code scp_codes}.
 * Sex: 0 = Male, 1 = Female. Age as written (PTB-XL writes 300 for patients older than 89).
 * Extra fields: {@code strat_fold}, {@code filename_lr}, {@code filename_hr}, {@code scp_codes}.
 * Signals are decoded by {@link CincDatabase#decode} (WFDB header parser and format-16 reader of ecg-signal);
 * the invalid value -32768 becomes NaN. A root or record folder that is a symbolic link is followed.
 */
public final class PtbXlDatabase implements EcgDatabase {
    public static final String DATABASE = "ptb-xl";

    private final Path root;
    private final int fs;
    private final Map<String, Metadata> meta;
    private final ScpStatements statements;

    /**
     * Opens PTB-XL at {@code root} reading signals at {@code fs} = 100 ({@code filename_lr}) or 500
     * ({@code filename_hr}) Hz.
     */
    public PtbXlDatabase(Path root, int fs) {
        if (fs != 100 && fs != 500) throw new IllegalArgumentException("PTB-XL sampling rate must be 100 or 500 Hz, got " + fs);
        this.root = root.toAbsolutePath().normalize();
        this.fs = fs;
        Path db = this.root.resolve("ptbxl_database.csv");
        Path scp = this.root.resolve("scp_statements.csv");
        if (!Files.isRegularFile(db)) throw new IllegalArgumentException("PTB-XL folder " + this.root + " has no ptbxl_database.csv");
        if (!Files.isRegularFile(scp)) throw new IllegalArgumentException("PTB-XL folder " + this.root + " has no scp_statements.csv");
        this.statements = ScpStatements.read(scp);
        this.meta = Collections.unmodifiableMap(readDatabase(db, fs));
    }

    private static Map<String, Metadata> readDatabase(Path csv, int fs) {
        Map<String, Metadata> out = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            for (String need : List.of("ecg_id", "patient_id", "age", "sex", "scp_codes", "strat_fold", "filename_lr", "filename_hr")) {
                if (!p.getHeaderMap().containsKey(need)) {
                    throw new IllegalArgumentException("PTB-XL table " + csv + ": missing column '" + need + "'");
                }
            }
            for (CSVRecord rec : p) {
                long row = rec.getRecordNumber();
                String where = "PTB-XL table " + csv + " data row " + row + " (line " + (rec.getParser().getCurrentLineNumber()) + ")";
                String id = intString(rec.get("ecg_id"), where, "ecg_id");
                String patient = intString(rec.get("patient_id"), where, "patient_id");
                Map<String, Double> scp;
                try {
                    scp = PyDictParser.parse(rec.get("scp_codes"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ", ecg_id " + id + ": scp_codes: " + e.getMessage(), e);
                }
                Integer age = null;
                String a = rec.get("age").strip();
                if (!a.isEmpty() && !a.equalsIgnoreCase("nan")) age = (int) parse(a, where, "age");
                String sex = null;
                String sx = rec.get("sex").strip();
                if (!sx.isEmpty()) {
                    double sv = parse(sx, where, "sex");
                    sex = sv == 0 ? "Male" : sv == 1 ? "Female" : null;
                    if (sex == null) throw new IllegalArgumentException(where + ": sex '" + sx + "' is not 0 (male) or 1 (female)");
                }
                String fold = intString(rec.get("strat_fold"), where, "strat_fold");
                Map<String, String> extra = new LinkedHashMap<>();
                extra.put("strat_fold", fold);
                extra.put("filename_lr", rec.get("filename_lr"));
                extra.put("filename_hr", rec.get("filename_hr"));
                extra.put("scp_codes", rec.get("scp_codes"));
                Metadata m = new Metadata(id, DATABASE, fs, fs * 10, age, sex, new ArrayList<>(scp.keySet()), patient, extra);
                if (out.put(id, m) != null) throw new IllegalArgumentException(where + ": duplicate ecg_id " + id);
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed CSV file " + csv + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static double parse(String v, String where, String col) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + col + " '" + v + "' is not a number");
        }
    }

    private static String intString(String v, String where, String col) {
        double d = parse(v, where, col);
        if (d != Math.rint(d)) throw new IllegalArgumentException(where + ": " + col + " '" + v + "' is not an integer");
        return Long.toString((long) d);
    }

    /** The SCP statement table. */
    public ScpStatements statements() { return statements; }

    /** Sampling rate this instance reads (100 or 500 Hz). */
    public int fs() { return fs; }

    @Override
    public List<String> recordIds() {
        return new ArrayList<>(meta.keySet());
    }

    @Override
    public Metadata metadata(String id) {
        Metadata m = meta.get(id);
        if (m == null) throw new IllegalArgumentException("no PTB-XL record with ecg_id '" + id + "' under " + root);
        return m;
    }

    /**
     * Why record {@code id} cannot be labelled, or null when its {@code scp_codes} has at least one code:
     * "no PTB-XL record with ecg_id ..." or "ecg_id N: scp_codes is empty in ptbxl_database.csv".
     */
    @Override
    public String labelProblem(String id) {
        Metadata m = meta.get(id);
        if (m == null) return "no PTB-XL record with ecg_id '" + id + "' in " + root.resolve("ptbxl_database.csv");
        if (m.labels().isEmpty()) {
            return "ecg_id " + id + ": scp_codes '" + m.extra().get("scp_codes") + "' is empty in " + root.resolve("ptbxl_database.csv");
        }
        return null;
    }

    /** The SCP codes with their likelihoods (0-100) for a record. */
    public Map<String, Double> scpLikelihoods(String id) {
        return PyDictParser.parse(metadata(id).extra().get("scp_codes"));
    }

    @Override
    public List<Path> files(String id) {
        String base = metadata(id).extra().get(fs == 100 ? "filename_lr" : "filename_hr");
        return List.of(root.resolve(base + ".hea"), root.resolve(base + ".dat"));
    }

    @Override
    public List<Path> metadataFiles() {
        return List.of(root.resolve("ptbxl_database.csv"), root.resolve("scp_statements.csv"));
    }

    @Override
    public Ecg12Record read(String id) {
        Metadata m = metadata(id);
        String base = m.extra().get(fs == 100 ? "filename_lr" : "filename_hr");
        Path hea = root.resolve(base + ".hea");
        if (!Files.isRegularFile(hea)) throw new IllegalArgumentException("PTB-XL header " + hea + " (ecg_id " + id + ") does not exist");
        CincHeader h = CincHeader.read(hea);
        if (h.fs() != fs) {
            throw new IllegalArgumentException("PTB-XL header " + hea + " (ecg_id " + id + ") says " + CincDatabase.trim(h.fs())
                    + " Hz, but this database was opened for " + fs + " Hz (" + (fs == 100 ? "filename_lr" : "filename_hr") + ")");
        }
        CincDatabase.Decoded d = CincDatabase.decode(h, null);
        List<String> warnings = new ArrayList<>(h.warnings());
        warnings.addAll(d.warnings());
        return new Ecg12Record(id, DATABASE, h.fs(), h.leadNames(), d.mv(), m.age(), m.sex(), m.labels(), m.patientId(),
                d.invalidCause(), warnings);
    }
}
