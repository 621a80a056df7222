package org.ecgbench.pipeline.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.chapman.ChapmanDatabase;
import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.code15.Code15Database;
import org.ecgbench.databases.cpsc.Cpsc2018Database;
import org.ecgbench.databases.ptbxl.PtbXlDatabase;
import org.ecgbench.pipeline.spec.RecordsSpec;

/**
 * Opens the database of a record dataset kind at its root, and says where each kind is expected by
 * default (a folder under the data root, e.g. {@code ../shared/data}).
 */
public final class RecordDatabases {
    private RecordDatabases() {}

    /** Default folder of each dataset kind under the data root. */
    public static final Map<String, String> DEFAULT_FOLDER = Map.of(
            "cinc_wfdb", "cinc2021-12lead-subset/cinc2021_format",
            "cpsc2018", "cpsc2018",
            "chapman", "chapman_shaoxing",
            "ptbxl", "ptb-xl",
            "code15", "code15");

    /** What each kind expects to find in its root (for error messages and docs). */
    public static final Map<String, String> LAYOUT = Map.of(
            "cinc_wfdb", "CinC 2020/2021 WFDB headers (*.hea) with MATLAB v4 signals (*.mat), scanned recursively",
            "cpsc2018", "original CPSC 2018: REFERENCE.csv and A0001.mat ... (MAT v5 struct ECG)",
            "chapman", "Chapman-Shaoxing: Diagnostics.csv (CSV export of Diagnostics.xlsx) and ECGData/<FileName>.csv",
            "ptbxl", "PTB-XL: ptbxl_database.csv, scp_statements.csv, records100/, records500/",
            "code15", "CODE-15%: exams.csv and exams_part*.hdf5",
            "folder", "your records: <record>.hea (+ .dat or MATLAB v4 .mat) or <record>.csv, and a labels CSV (record, label[, patient])");

    /**
     * The database root: the spec's {@code data.records.root} (relative paths against the project root) or the
     * kind's default folder under {@code dataRoot}. A missing folder is an error naming the path, the expected
     * layout and how to point ecgbench elsewhere.
     */
    /** Where the database is looked for (no existence check), for the run's first log line; null without any root. */
    public static Path candidateRoot(String kind, RecordsSpec r, Path projectRoot, Path dataRoot) {
        if (r.root != null) {
            Path p = Paths.get(r.root);
            return (p.isAbsolute() ? p : projectRoot.resolve(p)).normalize();
        }
        return dataRoot == null || !DEFAULT_FOLDER.containsKey(kind) ? null : dataRoot.resolve(DEFAULT_FOLDER.get(kind)).normalize();
    }

    public static Path resolveRoot(String kind, RecordsSpec r, Path projectRoot, Path dataRoot) {
        Path root;
        String from;
        if (r.root != null) {
            Path p = Paths.get(r.root);
            root = (p.isAbsolute() ? p : projectRoot.resolve(p)).normalize();
            from = "data.records.root";
        } else {
            if (!DEFAULT_FOLDER.containsKey(kind)) {
                throw new IllegalArgumentException("dataset '" + kind + "' needs data.records.root (the folder of your records; " + LAYOUT.get(kind) + ")");
            }
            if (dataRoot == null) {
                throw new IllegalArgumentException("no data root for dataset '" + kind + "': set data.records.root, data.dir, --data-dir or ECGBENCH_DATA");
            }
            root = dataRoot.resolve(DEFAULT_FOLDER.get(kind)).normalize();
            from = "the default folder '" + DEFAULT_FOLDER.get(kind) + "' under the data root " + dataRoot;
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("database root " + root + " (from " + from + ") does not exist; dataset '" + kind
                    + "' expects " + LAYOUT.get(kind) + ". Set data.records.root in the spec (see docs/databases.md).");
        }
        return root;
    }

    public static EcgDatabase open(String kind, Path root, RecordsSpec r) {
        return switch (kind) {
            case "cinc_wfdb" -> new CincDatabase(root);
            case "cpsc2018" -> new Cpsc2018Database(root);
            case "chapman" -> new ChapmanDatabase(root);
            case "ptbxl" -> new PtbXlDatabase(root, r.ptbxlRate);
            case "code15" -> new Code15Database(root, r.fs, r.code15MvPerUnit);
            case "folder" -> new org.ecgbench.databases.folder.FolderDatabase(root, root.resolve(r.labelsCsv), r.csvFs);
            default -> throw new IllegalArgumentException("unknown record dataset '" + kind + "'");
        };
    }

    /** The file holding a record's signal (best effort; for messages), or the root when unknown. */
    public static String fileOf(String kind, Path root, Metadata m, RecordsSpec r) {
        Map<String, String> x = m.extra();
        return switch (kind) {
            case "cinc_wfdb" -> x.containsKey("header") ? x.get("header").replaceAll("\\.hea$", ".mat") : root + "/" + m.id();
            case "cpsc2018" -> root.resolve(m.id() + ".mat").toString();
            case "chapman" -> root.resolve("ECGData").resolve(m.id() + ".csv").toString();
            case "ptbxl" -> {
                String f = x.get(r.ptbxlRate == 100 ? "filename_lr" : "filename_hr");
                yield f != null ? root.resolve(f + ".dat").toString() : root.toString();
            }
            case "code15" -> x.containsKey("trace_file") ? root.resolve(x.get("trace_file")) + " (exam " + m.id() + ")" : root + " (exam " + m.id() + ")";
            case "folder" -> root.resolve(m.id()).toString() + ".hea|.csv";
            default -> root.toString();
        };
    }
}
