package org.ecgbench.pipeline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.EcgDatabase;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.StandardLeads;
import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.labels.LabelProtocol;
import org.ecgbench.databases.labels.LabelSet;
import org.ecgbench.databases.ptbxl.PtbXlDatabase;
import org.ecgbench.databases.splits.SplitFile;
import org.ecgbench.databases.splits.PatientSplits;
import org.ecgbench.pipeline.windows.DiskWindowStore;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.RecordsSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;
import org.ecgbench.signal.preprocess.Preprocessing;
import org.ecgbench.signal.preprocess.SignalStep;

/**
 * Fixed-length 12-lead records for the runner: opens the spec's database ({@link RecordDatabases}), labels
 * every record with the named protocol, assigns records to train/validation/test from a split file
 * (patient-wise; created with the seeded rule of {@link Splits} when absent), and turns records into model
 * inputs {@code [leads][length]} with {@link RecordPipeline}. One window per record; {@code sample} is 0.
 * Implements {@link DataSource} so the single-label report of the beat pipeline can be reused.
 */
public final class RecordSource implements DataSource {
    public static final int TRAIN = PatientSplits.TRAIN, VAL = PatientSplits.VAL, TEST = PatientSplits.TEST;

    private final ExperimentSpec spec;
    private final RecordsSpec r;
    private final String kind;
    private final Path root;
    private final EcgDatabase db;
    private final Map<String, Metadata> meta = new LinkedHashMap<>();
    private final LabelProtocol protocol;
    private final LabelSet labels;
    private final List<String> excludedSources = new ArrayList<>();
    private final int recordsInDatabase;
    private final RecordPipeline pipeline;
    private String checksum;

    private RecordSource(ExperimentSpec spec, String kind, RecordsSpec r, Path root, EcgDatabase db, LabelProtocol protocol,
                         List<Metadata> kept, int inDatabase, RecordPipeline pipeline) {
        this.spec = spec;
        this.r = r;
        this.kind = kind;
        this.root = root;
        this.db = db;
        this.protocol = protocol;
        this.recordsInDatabase = inDatabase;
        this.pipeline = pipeline;
        for (Metadata m : kept) meta.put(m.id(), m);
        LabelSet all = protocol.apply(kept);
        if (r.maxRecords != null && all.size() > r.maxRecords) {
            List<Metadata> first = new ArrayList<>();
            for (String id : all.ids().subList(0, r.maxRecords)) first.add(meta.get(id));
            all = protocol.apply(first);
        }
        this.labels = all;
    }

    public static boolean isRecordDataset(String dataset) {
        return RecordsSpec.DATASETS.contains(dataset);
    }

    /** Opens the database, filters CinC sources and labels every record; errors name the spec, file or folder. */
    public static RecordSource create(ExperimentSpec spec, Path projectRoot, Path dataRoot) {
        return open(spec, spec.data.dataset, spec.data.records, projectRoot, dataRoot);
    }

    /**
     * The database of {@code data.records.external_test}, read through the same pipeline (leads, rate, length,
     * normalisation, record filters) and labelled by its first protocol ({@link #labelsUnder} gives the others).
     */
    public static RecordSource createExternal(ExperimentSpec spec, Path projectRoot, Path dataRoot) {
        return open(spec, spec.data.records.externalTest.dataset, spec.data.records.forExternal(), projectRoot, dataRoot);
    }

    private static RecordSource open(ExperimentSpec spec, String kind, RecordsSpec r, Path projectRoot, Path dataRoot) {
        Path root;
        try {
            root = RecordDatabases.resolveRoot(kind, r, projectRoot, dataRoot);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, r.line, 1, e.getMessage());
        }
        if (!spec.data.windowSteps.isEmpty()) {
            throw new SpecException(spec.file, spec.data.windowStepsLine, 1, "data.preprocessing.window applies to mitdb_beats only; "
                    + "record datasets take data.preprocessing.record steps (per lead) and data.records.normalize");
        }
        List<SignalStep> steps;
        try {
            steps = Preprocessing.recordSteps(spec.data.recordSteps);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, spec.data.recordStepsLine, 1, "data.preprocessing.record: " + e.getMessage());
        }
        if (!r.sources.isEmpty() && !kind.equals("cinc_wfdb")) {
            throw new SpecException(spec.file, r.line, 1, "data.records.sources applies to cinc_wfdb only");
        }
        if (!r.sources.isEmpty()) {
            for (String s : r.sources) {
                if (!CincDatabase.KNOWN_DATABASES.contains(s)) {
                    throw new SpecException(spec.file, r.line, 1, "data.records.sources: unknown CinC source database '" + s + "'; known: "
                            + CincDatabase.KNOWN_DATABASES);
                }
            }
        }
        List<String> leads = spec.data.leadsGiven ? spec.data.leads : List.of(StandardLeads.twelve());
        EcgDatabase db = RecordDatabases.open(kind, root, r);
        LabelProtocol protocol;
        try {
            protocol = RecordLabelProtocols.byName(r.labelProtocol, db instanceof PtbXlDatabase p ? p.statements() : null, r, root);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, r.line, 1, "data.records.label_protocol: " + e.getMessage());
        }
        List<String> extras = new ArrayList<>(r.testProtocols);
        if (r.externalTest != null) extras.addAll(r.externalTest.labelProtocols);
        for (String extra : extras) {
            try {
                RecordLabelProtocols.byName(extra, db instanceof PtbXlDatabase p ? p.statements() : null, r, root);
            } catch (IllegalArgumentException e) {
                throw new SpecException(spec.file, r.line, 1, "data.records.test_protocols/external_test: " + e.getMessage());
            }
        }
        List<String> ids = db.recordIds();
        List<Metadata> kept = new ArrayList<>();
        for (String id : ids) {
            Metadata m = db.metadata(id);
            if (r.sources.isEmpty() || r.sources.contains(m.database())) kept.add(m);
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no records of sources " + r.sources + " under " + root + " (" + ids.size() + " records found)");
        }
        return new RecordSource(spec, kind, r, root, db, protocol, kept, ids.size(), new RecordPipeline(leads, r, steps));
    }

    public Path root() { return root; }
    public String kind() { return kind; }
    public LabelSet labels() { return labels; }
    public LabelProtocol protocol() { return protocol; }
    public boolean multiLabel() { return labels.multiLabel(); }
    public int recordsInDatabase() { return recordsInDatabase; }
    public int recordsAfterSourceFilter() { return meta.size(); }
    public RecordPipeline pipeline() { return pipeline; }

    /** Binary single-label protocols (classes negative/positive) are evaluated as one label, 'positive'. */
    public boolean binary() {
        return !labels.multiLabel() && labels.classes().equals(List.of("negative", "positive"));
    }

    public String patientOf(String id) {
        Metadata m = meta.get(id);
        return m == null ? id : m.patientOrRecord();
    }

    /** Labels of the named extra protocol over the same (source-filtered) records. */
    public LabelSet labelsUnder(String protocolName) {
        LabelProtocol p = RecordLabelProtocols.byName(protocolName, db instanceof PtbXlDatabase x ? x.statements() : null, r, root);
        return p.apply(new ArrayList<>(meta.values()));
    }

    /**
     * Fold of every labelled record (0 train, 1 validation, 2 test) from the spec's split file; when the file does
     * not exist it is created (patient-wise, by split.method) and written with comments saying how. Labelled
     * records missing from an existing file are left out (counted by the caller); ids in the file that are not
     * labelled records of this database are an error when they are not in the database at all.
     */
    public SplitResult splits(Path projectRoot, Path specFile) {
        ExperimentSpec.Split s = spec.split;
        Path file = splitFile(projectRoot, specFile);
        boolean created = false;
        if (!Files.exists(file)) {
            List<Metadata> labelled = new ArrayList<>();
            for (String id : labels.ids()) labelled.add(meta.get(id));
            Map<String, Integer> folds;
            if (s.method == ExperimentSpec.Split.Method.PTBXL_STRAT_FOLD) {
                if (!kind.equals("ptbxl")) throw new SpecException(spec.file, s.methodLine, 1, "split.method ptbxl_strat_fold needs dataset ptbxl");
                folds = PatientSplits.ptbXl(labelled);
            } else {
                double[] f = s.fractions.stream().mapToDouble(Double::doubleValue).toArray();
                folds = PatientSplits.patientStratified(labelled, labels, f, s.seed);
            }
            List<String> comments = new ArrayList<>();
            comments.add("ecgbench split file: <record id> TAB <fold>; fold 0 = train, 1 = validation, 2 = test");
            comments.add("dataset " + kind + " at " + DataPaths.display(root));
            comments.add("records: " + labelled.size() + " labelled by " + labels.protocol()
                    + (r.sources.isEmpty() ? "" : " (sources " + r.sources + ")") + (r.maxRecords != null ? " (max_records " + r.maxRecords + ")" : ""));
            comments.add(s.method == ExperimentSpec.Split.Method.PTBXL_STRAT_FOLD ? "method ptbxl_strat_fold: strat_fold 1-8 train, 9 validation, 10 test"
                    : "method patient_stratified (org.ecgbench.databases.splits.PatientSplits.patientStratified), fractions " + s.fractions
                    + ", seed " + s.seed + "; patients kept whole");
            comments.add("created by experiment " + spec.experiment);
            SplitFile.write(file, folds, comments);
            created = true;
        }
        LinkedHashMap<String, Integer> read = SplitFile.read(file);
        Map<String, Integer> folds = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        Map<String, String> unlabelled = new LinkedHashMap<>();
        java.util.Set<String> inDb = new java.util.HashSet<>(db.recordIds());
        for (Map.Entry<String, Integer> e : read.entrySet()) {
            if (!inDb.contains(e.getKey())) unknown.add(e.getKey());
            else if (labels.contains(e.getKey())) folds.put(e.getKey(), e.getValue());
            else if (e.getValue() >= 0 && e.getValue() <= 2) unlabelled.put(e.getKey(), whyUnlabelled(e.getKey()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("split file " + file + " names " + unknown.size() + " record(s) that are not in the database at "
                    + root + ", e.g. " + unknown.subList(0, Math.min(5, unknown.size())));
        }
        if (!unlabelled.isEmpty() && !s.dropUnlabelled) {
            StringBuilder sb = new StringBuilder("split file " + file + " lists " + unlabelled.size() + " record(s) that " + labels.protocol()
                    + " cannot label (set split.drop_unlabelled: true to leave them out; the report then lists them):");
            unlabelled.forEach((id, why) -> sb.append("\n  ").append(id).append(": ").append(why));
            throw new IllegalArgumentException(sb.toString());
        }
        // patient-wise check: no patient in two parts
        Map<String, Integer> partOfPatient = new HashMap<>();
        for (Map.Entry<String, Integer> e : folds.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > 2) continue;
            Integer prev = partOfPatient.put(patientOf(e.getKey()), e.getValue());
            if (prev != null && !prev.equals(e.getValue())) {
                throw new IllegalArgumentException("split file " + file + ": patient " + patientOf(e.getKey()) + " has records in folds " + prev
                        + " and " + e.getValue() + " (splits must be patient-wise)");
            }
        }
        int notInFile = 0;
        for (String id : labels.ids()) if (!folds.containsKey(id)) notInFile++;
        return new SplitResult(file, created, ids(folds, TRAIN), ids(folds, VAL), ids(folds, TEST), notInFile, unlabelled);
    }

    /**
     * The records of a split file, by fold; {@code labelledNotInFile}: labelled records the file leaves out (unused);
     * {@code dropped}: records the file lists that the protocol cannot label, with the reason (only with
     * {@code split.drop_unlabelled: true}; otherwise they are an error).
     */
    public record SplitResult(Path file, boolean created, List<String> train, List<String> validation, List<String> test, int labelledNotInFile,
                              Map<String, String> dropped) {}

    /** Why a record of the database has no label under this run's protocol: the database's own reason, or its codes. */
    private String whyUnlabelled(String id) {
        String problem = db.labelProblem(id);
        if (problem != null) return problem;
        Metadata m = meta.get(id);
        if (m == null) return "excluded by the source filter (data.records.sources / max_records)";
        return "none of its labels " + m.labels() + " is a class of " + labels.protocol()
                + (labels.multiLabel() ? "" : " (or it has more than one, or too few positives)");
    }

    private static List<String> ids(Map<String, Integer> folds, int part) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : folds.entrySet()) if (e.getValue() == part) out.add(e.getKey());
        return out;
    }

    /** split.file relative to the project root, or by default {@code splits/<experiment>.tsv} beside the spec. */
    public Path splitFile(Path projectRoot, Path specFile) {
        if (spec.split.file != null) {
            Path p = Paths.get(spec.split.file);
            return (p.isAbsolute() ? p : projectRoot.resolve(p)).normalize();
        }
        Path dir = specFile.toAbsolutePath().getParent();
        return dir.resolve("splits").resolve(spec.experiment + ".tsv").normalize();
    }

    /** Model inputs for these (labelled) records, in the given order. */
    @Override
    public LabeledWindows load(List<String> records) {
        return load(records, labels);
    }

    /** Model inputs for these records with the targets of {@code labels} (e.g. another protocol over this database). */
    public LabeledWindows load(List<String> records, LabelSet labels) {
        int n = records.size();
        int[] y = new int[n];
        String[] rec = new String[n];
        long[] sample = new long[n];
        boolean[][] multi = labels.multiLabel() ? new boolean[n][] : null;
        for (int i = 0; i < n; i++) {
            String id = records.get(i);
            if (meta.get(id) == null || !labels.contains(id)) throw new IllegalArgumentException("record " + id + " is not a labelled record of " + root);
            rec[i] = id;
            boolean[] t = labels.target(id);
            if (multi != null) {
                multi[i] = t;
                int first = 0;
                for (int c = 0; c < t.length; c++) if (t[c]) { first = c; break; }
                y[i] = first;
            } else {
                y[i] = labels.classIndex(id);
            }
        }
        String[] classes = labels.classes().toArray(new String[0]);
        if (n == 0) return new LabeledWindows(new float[0][][], y, rec, sample, classes, multi);
        float[][] first = input(records.get(0));
        long bytes = (long) n * first.length * first[0].length * 4L;
        boolean disk = r.storage == RecordsSpec.Storage.DISK || (r.storage == RecordsSpec.Storage.AUTO && bytes > 0.25 * Runtime.getRuntime().maxMemory());
        if (!disk) {
            checkMemory(n, first);
            float[][][] x = new float[n][][];
            x[0] = first;
            for (int i = 1; i < n; i++) x[i] = input(records.get(i));
            return new LabeledWindows(x, y, rec, sample, classes, multi);
        }
        try {
            return new LabeledWindows(diskInputs(records, first), y, rec, sample, classes, multi);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the input cache under " + cacheDir() + ": " + e.getMessage(), e);
        }
    }

    /** One record through the pipeline; errors name the record and its file. */
    private float[][] input(String id) {
        Metadata m = meta.get(id);
        String file = RecordDatabases.fileOf(kind, root, m, r);
        Ecg12Record e;
        try {
            e = db.read(id);
        } catch (RuntimeException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains(id)) throw ex;
            throw new IllegalArgumentException("cannot read record " + id + " (" + file + "): " + ex.getMessage(), ex);
        }
        for (String w : e.warnings()) warnings.add("record " + id + ": " + w);
        return pipeline.apply(e, file);
    }

    private final java.util.Set<String> warnings = new java.util.LinkedHashSet<>();

    /** Reader warnings of the records read so far (header record name differing from its file, duplicate signal names, ...). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private Path cacheDir;
    private java.io.PrintStream log;

    /** Folder of the disk caches of {@code data.records.storage: disk|auto}, and where progress lines go (may be null). */
    public RecordSource withCache(Path dir, java.io.PrintStream log) {
        this.cacheDir = dir;
        this.log = log;
        return this;
    }

    Path cacheDir() {
        return cacheDir != null ? cacheDir : Paths.get(System.getProperty("java.io.tmpdir"), "ecgbench-cache");
    }

    /**
     * Inputs in a float32 cache file keyed by what it holds (database, pipeline, record list): reused when a complete
     * file with the same key exists (an interrupted or repeated run), else written record by record (atomically) —
     * the heap never holds more than one record.
     */
    private DiskWindowStore diskInputs(List<String> records, float[][] first) throws IOException {
        StringBuilder k = new StringBuilder("ecgbench window cache v1\n");
        k.append(kind).append('\n').append(root).append('\n').append(String.join(" | ", pipeline.describe())).append('\n');
        k.append("ptbxl_rate ").append(r.ptbxlRate).append(", code15_mv_per_unit ").append(r.code15MvPerUnit).append('\n');
        for (String id : records) k.append(id).append('\n');
        byte[] key = DiskWindowStore.key(k.toString());
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) hex.append(String.format("%02x", key[i]));
        Path file = cacheDir().resolve("inputs-" + hex + ".f32");
        DiskWindowStore s = DiskWindowStore.openIfMatches(file, key, records.size());
        if (s != null) {
            if (log != null) log.printf("inputs of %,d records: reusing disk cache %s%n", records.size(), file);
            return s;
        }
        long t0 = System.nanoTime(), last = t0;
        if (log != null) {
            log.printf(java.util.Locale.ROOT, "inputs of %,d records (%.1f GB float32): writing disk cache %s%n", records.size(),
                    (double) records.size() * first.length * first[0].length * 4 / 1e9, file);
        }
        try (DiskWindowStore.Writer w = new DiskWindowStore.Writer(file, key, records.size(), first.length, first[0].length)) {
            w.add(first);
            for (int i = 1; i < records.size(); i++) {
                w.add(input(records.get(i)));
                if (log != null && System.nanoTime() - last > 30e9) {
                    last = System.nanoTime();
                    double el = (last - t0) / 1e9;
                    log.printf(java.util.Locale.ROOT, "  %,d / %,d records cached (%.0f records/s)%n", i + 1, records.size(), (i + 1) / el);
                }
            }
            return w.commit();
        }
    }

    /**
     * In-memory record inputs (float32): refuse up front, with the numbers, when they cannot fit instead of failing
     * hours later with an OutOfMemoryError (full CODE-15% needs ~68 GB); {@code storage: disk|auto} streams instead.
     */
    static void checkMemory(int records, float[][] first) {
        long bytes = (long) records * first.length * (first.length == 0 ? 0 : first[0].length) * 4L;
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > 0.6 * max) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "loading %,d records of %d leads x %,d samples needs about %.1f GB of float32 inputs, but the JVM heap is %.1f GB:"
                            + " set data.records.storage: disk (or auto) to stream them from a cache file, raise the heap"
                            + " (e.g. MAVEN_OPTS=-Xmx48g), or set data.records.max_records for a smaller run",
                    records, first.length, first.length == 0 ? 0 : first[0].length, bytes / 1e9, max / 1e9));
        }
    }

    /** Labelled records per class (positives per label for multi-label protocols). */
    @Override
    public int[] annotationCounts(List<String> records) {
        int[] c = new int[labels.classes().size()];
        for (String id : records) {
            if (!labels.contains(id)) continue;
            boolean[] t = labels.target(id);
            for (int k = 0; k < t.length; k++) if (t[k]) c[k]++;
        }
        return c;
    }

    /** Records are never dropped for window fit (they are padded or cropped). */
    @Override
    public int[] lastDroppedPerClass() {
        return new int[labels.classes().size()];
    }

    @Override
    public String[] classNames() {
        return labels.classes().toArray(new String[0]);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", kind + " at " + DataPaths.display(root) + " — " + RecordDatabases.LAYOUT.get(kind));
        m.put("records", recordsInDatabase + " in the database" + (r.sources.isEmpty() ? "" : ", " + meta.size() + " from sources " + r.sources)
                + ", " + labels.size() + " labelled by " + labels.protocol() + (r.maxRecords != null ? " (max_records " + r.maxRecords + ", smoke)" : ""));
        m.put("labels", labels.protocol() + (labels.multiLabel() ? " (multi-label, sigmoid outputs)" : binary()
                ? " (binary; softmax over negative/positive, evaluated on p(positive))" : " (single-label, softmax)") + "; classes "
                + labels.classes());
        m.put("pipeline", String.join(" → ", pipeline.describe()));
        m.put("input storage", "data.records.storage " + r.storage + " (auto: a float32 disk cache streamed batch by batch when a split's"
                + " inputs exceed a quarter of the heap; memory otherwise)");
        m.put("windows", "one per record (the whole record after pad/crop); CIs resample records (record = patient unless the database has patient ids)");
        return m;
    }

    /**
     * SHA-256 of the checksum list (MANIFEST.sha256, or PhysioNet's SHA256SUMS.txt as left by {@code download}) at or up
     * to two folders above the root, when there is one.
     */
    @Override
    public Path dataRoot() {
        return root;
    }

    @Override
    public List<Path> files(List<String> records) {
        List<Path> out = new ArrayList<>(db.metadataFiles());
        for (String id : records) out.addAll(db.files(id));
        return out;
    }

    @Override
    public String dataChecksum() {
        if (checksum == null) {
            checksum = "no MANIFEST.sha256 or SHA256SUMS.txt at or above " + DataPaths.display(root);
            Path p = root;
            outer:
            for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
                for (String name : new String[] {"MANIFEST.sha256", "SHA256SUMS.txt"}) {
                    if (Files.isRegularFile(p.resolve(name))) {
                        try {
                            checksum = "sha256(" + DataPaths.display(p.resolve(name)) + ")=" + Manifest.sha256(p.resolve(name));
                        } catch (IOException e) {
                            checksum = "unavailable (" + e.getMessage() + ")";
                        }
                        break outer;
                    }
                }
            }
        }
        return checksum;
    }
}
