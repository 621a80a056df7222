package org.ecgbench.pipeline.spec;

import java.util.List;

/**
 * The {@code data.records} block of a spec for the fixed-length 12-lead record datasets
 * ({@code data.dataset} one of {@link #DATASETS}): where the database lies, the target sampling rate and
 * length, padding/cropping, per-lead normalisation, NaN policy and the label protocol. Parsed strictly
 * (unknown keys are errors with {@code file:line:column}); see docs/specs.md.
 */
public final class RecordsSpec {
    /** Record datasets: CinC 2020/2021 WFDB+MAT, original CPSC 2018, Chapman CSV, PTB-XL, CODE-15% HDF5. */
    public static final List<String> DATASETS = List.of("cinc_wfdb", "cpsc2018", "chapman", "ptbxl", "code15", "folder");
    public static final List<String> KEYS = List.of("root", "sources", "fs", "resample", "length", "pad", "crop", "normalize",
            "label_protocol", "min_positives", "ptbxl_rate", "code15_mv_per_unit", "nan", "max_records", "test_protocols", "external_test",
            "storage", "cache_dir",
            "labels_csv", "csv_fs", "positive", "classes");

    /** {@code pad}: zero-pad at the end, or centre the record. */
    public enum Pad implements Choice {
        END, CENTRE;

        @Override
        public String toString() {
            return key();
        }
    }

    /** {@code crop}: keep the first samples, or the centre. */
    public enum Crop implements Choice {
        START, CENTRE;

        @Override
        public String toString() {
            return key();
        }
    }

    /** {@code normalize}: each lead of each record to zero mean, unit variance (before padding), or nothing. */
    public enum Normalize implements Choice {
        ZSCORE_PER_LEAD, NONE;

        @Override
        public String toString() {
            return key();
        }
    }

    /** {@code nan}: what a NaN/infinite sample does (see RecordPipeline's NaN policy). */
    public enum NanPolicy implements Choice {
        ERROR, LEAD_MEAN, INTERPOLATE, ZERO;

        @Override
        public String toString() {
            return key();
        }
    }

    /**
     * Where record inputs live while training: memory (heap), disk (a float32 cache file per split, streamed batch by
     * batch: for databases larger than the heap, e.g. full CODE-15%), or auto (disk when a split's inputs would take
     * more than a quarter of the heap).
     */
    public enum Storage implements Choice {
        AUTO, MEMORY, DISK;

        @Override
        public String toString() {
            return key();
        }
    }

    /** Database root; null = the dataset's default folder under the data root (see RecordDatabases). */
    public final String root;
    /** CinC only: keep records of these source databases (e.g. cpsc_2018, cpsc_2018_extra); empty = all. */
    public final List<String> sources;
    /** Target sampling rate (Hz): every record is resampled to it (unless {@code resample: false}). */
    public final double fs;
    /** false: a record at another rate is an error instead of being resampled. */
    public final boolean resample;
    /** Samples per lead after padding/cropping. */
    public final int length;
    public final Pad pad;
    public final Crop crop;
    public final Normalize normalize;
    /** Label protocol name (LabelProtocols.names()); required. */
    public final String labelProtocol;
    /** PTB-XL protocols: labels with fewer positive records are dropped. */
    public final int minPositives;
    /** PTB-XL: read records100/ (100) or records500/ (500). */
    public final int ptbxlRate;
    /** CODE-15%: stored value x this = mV. */
    public final double code15MvPerUnit;
    public final NanPolicy nan;
    /** Smoke runs only: keep at most this many labelled records (first in id order) before splitting. */
    public final Integer maxRecords;
    /** Extra label protocols under which the test split is evaluated too (e.g. the CODE-15% AFib sub-tasks). */
    public final List<String> testProtocols;
    /** Optional second database on which the trained model is evaluated too (all its records the protocols label). */
    public final External externalTest;
    public final Storage storage;
    /** Folder of the disk caches (relative to the project root); null = {@code <output.dir>/cache}. */
    public final String cacheDir;
    /** {@code folder}: the labels CSV (record, label[s], optional patient), relative to the root; default labels.csv. */
    public final String labelsCsv;
    /** {@code folder}: sampling rate of CSV signal files (null: CSV records are refused). */
    public final Double csvFs;
    /** {@code labels_binary}: the label that makes a record positive. */
    public final String positive;
    /** {@code labels_single} / {@code labels_multi}: the classes, in this order (empty: every observed label, sorted). */
    public final List<String> classes;
    public final int line;

    /**
     * {@code data.records.external_test}: e.g. ECGencode Table 1 evaluates the CODE-15%-trained model on the whole of
     * PTB-XL. Inputs go through the same pipeline (leads, rate, length, normalisation); only where and how to read differ.
     */
    public static final class External {
        public final String dataset;
        public final String root;
        public final List<String> labelProtocols;
        public final List<String> sources;
        public final int ptbxlRate;
        public final double code15MvPerUnit;
        public final int line;

        External(Node n) {
            line = n.line();
            Fields f = Fields.of(n, List.of("dataset", "root", "label_protocols", "sources", "ptbxl_rate", "code15_mv_per_unit"));
            if (!f.has("dataset") || !f.has("label_protocols")) {
                throw n.error("'data.records.external_test' needs 'dataset' and 'label_protocols'");
            }
            dataset = f.str("dataset", null);
            f.check("dataset", !DATASETS.contains(dataset), "'data.records.external_test.dataset' must be one of " + DATASETS + ", got '" + dataset + "'");
            root = f.str("root", null);
            labelProtocols = f.strings("label_protocols", List.of());
            f.check("label_protocols", labelProtocols.isEmpty(), "'data.records.external_test.label_protocols' must name at least one protocol");
            sources = f.strings("sources", List.of());
            ptbxlRate = f.integer("ptbxl_rate", 500);
            f.check("ptbxl_rate", ptbxlRate != 100 && ptbxlRate != 500, "ptbxl_rate must be 100 or 500, got " + ptbxlRate);
            code15MvPerUnit = f.dbl("code15_mv_per_unit", 1.0);
        }
    }

    private RecordsSpec(Node n) {
        line = n.line();
        Fields f = Fields.of(n, KEYS);
        root = f.str("root", null);
        sources = f.strings("sources", List.of());
        fs = f.dbl("fs", 500);
        f.check("fs", !(fs > 0 && fs <= 10_000), "'data.records.fs' must be a sampling rate in (0, 10000] Hz, got " + fs);
        resample = f.bool("resample", true);
        length = f.positive("length", 5000);
        pad = f.choice("pad", "data.records.pad", Pad.class, Pad.END);
        crop = f.choice("crop", "data.records.crop", Crop.class, Crop.START);
        normalize = f.choice("normalize", "data.records.normalize", Normalize.class, Normalize.ZSCORE_PER_LEAD);
        nan = f.choice("nan", "data.records.nan", NanPolicy.class, NanPolicy.ERROR);
        if (!f.has("label_protocol")) {
            throw n.error("'data.records' needs 'label_protocol' (e.g. cpsc9_first, cpsc9_multi, chapman4, ptbxl_all, code15_af_related)");
        }
        labelProtocol = f.str("label_protocol", null);
        minPositives = f.positive("min_positives", 50);
        ptbxlRate = f.integer("ptbxl_rate", 500);
        f.check("ptbxl_rate", ptbxlRate != 100 && ptbxlRate != 500, "'data.records.ptbxl_rate' must be 100 or 500, got " + ptbxlRate);
        code15MvPerUnit = f.dbl("code15_mv_per_unit", 1.0);
        maxRecords = f.optPositive("max_records");
        testProtocols = f.strings("test_protocols", List.of());
        externalTest = f.has("external_test") ? new External(f.node("external_test")) : null;
        storage = f.choice("storage", "data.records.storage", Storage.class, Storage.AUTO);
        cacheDir = f.str("cache_dir", null);
        labelsCsv = f.str("labels_csv", "labels.csv");
        csvFs = f.has("csv_fs") ? f.dbl("csv_fs", 0) : null;
        f.check("csv_fs", csvFs != null && !(csvFs > 0), "'data.records.csv_fs' must be > 0 Hz");
        positive = f.str("positive", null);
        classes = f.strings("classes", List.of());
        f.check("positive", positive != null && !labelProtocol.equals("labels_binary"), "'data.records.positive' applies to label_protocol labels_binary");
        f.check("classes", !classes.isEmpty() && !labelProtocol.equals("labels_single") && !labelProtocol.equals("labels_multi"),
                "'data.records.classes' applies to label_protocol labels_single and labels_multi");
        if (labelProtocol.equals("labels_binary") && positive == null) throw n.error("label_protocol labels_binary needs 'positive' (the label of a positive record)");
    }

    /** The pipeline settings of {@code r} with its external_test database's reading settings. */
    private RecordsSpec(RecordsSpec r) {
        External x = r.externalTest;
        fs = r.fs;
        resample = r.resample;
        length = r.length;
        pad = r.pad;
        crop = r.crop;
        normalize = r.normalize;
        nan = r.nan;
        storage = Storage.AUTO; // the external database is read in chunks of 256 records: memory, never a cache per chunk
        cacheDir = r.cacheDir;
        minPositives = r.minPositives;
        root = x.root;
        sources = x.sources;
        ptbxlRate = x.ptbxlRate;
        code15MvPerUnit = x.code15MvPerUnit;
        labelProtocol = x.labelProtocols.get(0);
        line = x.line;
        maxRecords = null;
        testProtocols = List.of();
        externalTest = null;
        labelsCsv = r.labelsCsv;
        csvFs = r.csvFs;
        positive = r.positive;
        classes = r.classes;
    }

    /** A block from YAML text, e.g. {@code "{fs: 500, length: 1200, label_protocol: cpsc9_first}"} (tests and user programs). */
    public static RecordsSpec of(String yaml) {
        return new RecordsSpec(new Node("<data.records>", new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader(yaml)), "data.records"));
    }

    static RecordsSpec parse(Node n) {
        return new RecordsSpec(n);
    }

    /** The pipeline settings of this block with another database's reading settings (for external_test). */
    public RecordsSpec forExternal() {
        return new RecordsSpec(this);
    }
}
