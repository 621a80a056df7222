package org.ecgbench.pipeline.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code data.records} block of a spec for the fixed-length 12-lead record datasets
 * ({@code data.dataset} one of {@link #DATASETS}): where the database lies, the target sampling rate and
 * length, padding/cropping, per-lead normalisation, NaN policy and the label protocol. Parsed strictly
 * (unknown keys are errors with {@code file:line:column}); see docs/specs.md.
 */
public final class RecordsSpec {
    /** Record datasets: CinC 2020/2021 WFDB+MAT, original CPSC 2018, Chapman CSV, PTB-XL, CODE-15% HDF5. */
    public static final List<String> DATASETS = List.of("cinc_wfdb", "cpsc2018", "chapman", "ptbxl", "code15");
    public static final List<String> KEYS = List.of("root", "sources", "fs", "resample", "length", "pad", "crop", "normalize",
            "label_protocol", "min_positives", "ptbxl_rate", "code15_mv_per_unit", "nan", "max_records", "test_protocols", "external_test",
            "storage", "cache_dir");

    /** Database root; null = the dataset's default folder under the data root (see RecordDatabases). */
    public String root;
    /** CinC only: keep records of these source databases (e.g. cpsc_2018, cpsc_2018_extra); empty = all. */
    public List<String> sources = List.of();
    /** Target sampling rate (Hz): every record is resampled to it (unless {@code resample: false}). */
    public double fs = 500;
    /** false: a record at another rate is an error instead of being resampled. */
    public boolean resample = true;
    /** Samples per lead after padding/cropping. */
    public int length = 5000;
    /** "end" (zero-pad at the end) or "centre". */
    public String pad = "end";
    /** "start" (keep the first samples) or "centre". */
    public String crop = "start";
    /** "zscore_per_lead" (each lead of each record to zero mean, unit variance, before padding) or "none". */
    public String normalize = "zscore_per_lead";
    /** Label protocol name (LabelProtocols.names()); required. */
    public String labelProtocol;
    /** PTB-XL protocols: labels with fewer positive records are dropped. */
    public int minPositives = 50;
    /** PTB-XL: read records100/ (100) or records500/ (500). */
    public int ptbxlRate = 500;
    /** CODE-15%: stored value x this = mV. */
    public double code15MvPerUnit = 1.0;
    /** "error" (a NaN/infinite sample stops the run, naming the file) or "lead_mean" (replaced by the lead's finite mean). */
    public String nan = "error";
    /** Smoke runs only: keep at most this many labelled records (first in id order) before splitting. */
    public Integer maxRecords;
    /** Extra label protocols under which the test split is evaluated too (e.g. the CODE-15% AFib sub-tasks). */
    public List<String> testProtocols = List.of();
    /** Optional second database on which the trained model is evaluated too (all its records the protocols label). */
    public External externalTest;
    /**
     * Where record inputs live while training: "memory" (heap), "disk" (a float32 cache file per split, streamed
     * batch by batch: for databases larger than the heap, e.g. full CODE-15%), or "auto" (disk when a split's
     * inputs would take more than a quarter of the heap).
     */
    public String storage = "auto";
    /** Folder of the disk caches (relative to the project root); null = {@code <output.dir>/cache}. */
    public String cacheDir;
    public int line;

    /**
     * {@code data.records.external_test}: e.g. ECGencode Table 1 evaluates the CODE-15%-trained model on the whole of
     * PTB-XL. Inputs go through the same pipeline (leads, rate, length, normalisation); only where and how to read differ.
     */
    public static final class External {
        public String dataset;
        public String root;
        public List<String> labelProtocols = List.of();
        public List<String> sources = List.of();
        public int ptbxlRate = 500;
        public double code15MvPerUnit = 1.0;
        public int line;
    }

    static RecordsSpec parse(Node n) {
        RecordsSpec r = new RecordsSpec();
        r.line = n.line();
        Map<String, Node> e = n.entries(KEYS);
        if (e.containsKey("root") && !e.get("root").isNull()) r.root = e.get("root").asString();
        if (e.containsKey("sources")) r.sources = e.get("sources").asStringList();
        if (e.containsKey("fs")) {
            r.fs = e.get("fs").asDouble();
            if (!(r.fs > 0 && r.fs <= 10_000)) throw e.get("fs").error("'data.records.fs' must be a sampling rate in (0, 10000] Hz, got " + r.fs);
        }
        if (e.containsKey("resample")) r.resample = e.get("resample").asBoolean();
        if (e.containsKey("length")) r.length = e.get("length").asPositiveInt();
        if (e.containsKey("pad")) r.pad = oneOf(e.get("pad"), List.of("end", "centre"));
        if (e.containsKey("crop")) r.crop = oneOf(e.get("crop"), List.of("start", "centre"));
        if (e.containsKey("normalize")) r.normalize = oneOf(e.get("normalize"), List.of("zscore_per_lead", "none"));
        if (e.containsKey("nan")) r.nan = oneOf(e.get("nan"), List.of("error", "lead_mean", "interpolate", "zero"));
        if (!e.containsKey("label_protocol")) {
            throw n.error("'data.records' needs 'label_protocol' (e.g. cpsc9_first, cpsc9_multi, chapman4, ptbxl_all, code15_af_related)");
        }
        r.labelProtocol = e.get("label_protocol").asString();
        if (e.containsKey("min_positives")) r.minPositives = e.get("min_positives").asPositiveInt();
        if (e.containsKey("ptbxl_rate")) {
            r.ptbxlRate = e.get("ptbxl_rate").asInt();
            if (r.ptbxlRate != 100 && r.ptbxlRate != 500) throw e.get("ptbxl_rate").error("'data.records.ptbxl_rate' must be 100 or 500, got " + r.ptbxlRate);
        }
        if (e.containsKey("code15_mv_per_unit")) r.code15MvPerUnit = e.get("code15_mv_per_unit").asDouble();
        if (e.containsKey("max_records") && !e.get("max_records").isNull()) r.maxRecords = e.get("max_records").asPositiveInt();
        if (e.containsKey("test_protocols")) r.testProtocols = new ArrayList<>(e.get("test_protocols").asStringList());
        if (e.containsKey("external_test")) r.externalTest = parseExternal(e.get("external_test"));
        if (e.containsKey("storage")) r.storage = oneOf(e.get("storage"), List.of("auto", "memory", "disk"));
        if (e.containsKey("cache_dir") && !e.get("cache_dir").isNull()) r.cacheDir = e.get("cache_dir").asString();
        return r;
    }

    private static External parseExternal(Node n) {
        External x = new External();
        x.line = n.line();
        Map<String, Node> e = n.entries(List.of("dataset", "root", "label_protocols", "sources", "ptbxl_rate", "code15_mv_per_unit"));
        if (!e.containsKey("dataset") || !e.containsKey("label_protocols")) {
            throw n.error("'data.records.external_test' needs 'dataset' and 'label_protocols'");
        }
        x.dataset = oneOf(e.get("dataset"), DATASETS);
        if (e.containsKey("root") && !e.get("root").isNull()) x.root = e.get("root").asString();
        x.labelProtocols = e.get("label_protocols").asStringList();
        if (x.labelProtocols.isEmpty()) throw e.get("label_protocols").error("'data.records.external_test.label_protocols' must name at least one protocol");
        if (e.containsKey("sources")) x.sources = e.get("sources").asStringList();
        if (e.containsKey("ptbxl_rate")) {
            x.ptbxlRate = e.get("ptbxl_rate").asInt();
            if (x.ptbxlRate != 100 && x.ptbxlRate != 500) throw e.get("ptbxl_rate").error("ptbxl_rate must be 100 or 500, got " + x.ptbxlRate);
        }
        if (e.containsKey("code15_mv_per_unit")) x.code15MvPerUnit = e.get("code15_mv_per_unit").asDouble();
        return x;
    }

    /** The pipeline settings of this block with another database's reading settings (for external_test). */
    public RecordsSpec forExternal() {
        RecordsSpec c = new RecordsSpec();
        c.fs = fs;
        c.resample = resample;
        c.length = length;
        c.pad = pad;
        c.crop = crop;
        c.normalize = normalize;
        c.nan = nan;
        c.storage = "auto"; // the external database is read in chunks of 256 records: memory, never a cache per chunk
        c.cacheDir = cacheDir;
        c.minPositives = minPositives;
        c.root = externalTest.root;
        c.sources = externalTest.sources;
        c.ptbxlRate = externalTest.ptbxlRate;
        c.code15MvPerUnit = externalTest.code15MvPerUnit;
        c.labelProtocol = externalTest.labelProtocols.get(0);
        c.line = externalTest.line;
        return c;
    }

    private static String oneOf(Node n, List<String> allowed) {
        String v = n.asString();
        if (!allowed.contains(v)) throw n.error("'" + n.path() + "' must be one of " + allowed + ", got '" + v + "'");
        return v;
    }
}
