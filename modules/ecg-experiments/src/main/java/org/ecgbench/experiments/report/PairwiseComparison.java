package org.ecgbench.experiments.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.eval.MulticlassMetrics;
import org.ecgbench.eval.PairedBootstrap;

/**
 * Which architectures can be told apart on the test records: from each result folder's {@code predictions.csv.gz}
 * (one row per test window: record, sample, true, predicted, class probabilities), runs are grouped into
 * architectures (folders {@code <experiment>_seedNN} are seeds of {@code <experiment>}), and every pair gets the paired
 * record-level bootstrap CI ({@link PairedBootstrap}) of its difference in macro F1, S F1 and V F1, each
 * architecture's metric being the mean over its seeds on the same resampled records. Also the data of the figures
 * ({@link ComparisonFigures}): seed-pooled confusion matrices and per-record F1.
 */
public final class PairwiseComparison {
    /** The metrics whose differences are reported. */
    public static final List<String> METRICS = List.of("macro_f1", "f1_S", "f1_V");

    /** One run's test predictions: per-row record, true and predicted class; the classes in column order. */
    public record Predictions(String[] classes, String[] record, int[] yTrue, int[] yPred, String key) {}

    /** An architecture: its runs (seeds), whether it is a classical baseline, whether it sees rhythm features. */
    public record Architecture(String name, List<Path> runs, boolean baseline, boolean rhythm) {}

    private final List<Architecture> archs;
    private final String[] classes;
    private final List<String> records;
    /** [arch][seed][record][true][pred]. */
    private final long[][][][][] confusions;
    private final PairedBootstrap.Samples samples;
    private final int resamples;
    private final long seed;

    private PairwiseComparison(List<Architecture> archs, String[] classes, List<String> records, long[][][][][] confusions,
                               PairedBootstrap.Samples samples, int resamples, long seed) {
        this.archs = archs;
        this.classes = classes;
        this.records = records;
        this.confusions = confusions;
        this.samples = samples;
        this.resamples = resamples;
        this.seed = seed;
    }

    /**
     * @param archs architectures with their runs; every run must have a {@code predictions.csv.gz} of the same test
     *              windows (record, sample and true class of every row), or this is refused with the folder named
     */
    public static PairwiseComparison run(List<Architecture> archs, int resamples, long seed, double level) throws IOException {
        String[] classes = null;
        String key = null;
        List<String> records = null;
        long[][][][][] conf = new long[archs.size()][][][][];
        for (int a = 0; a < archs.size(); a++) {
            List<Path> runs = archs.get(a).runs();
            conf[a] = new long[runs.size()][][][];
            for (int s = 0; s < runs.size(); s++) {
                Predictions p = read(runs.get(s).resolve("predictions.csv.gz"));
                if (classes == null) {
                    classes = p.classes();
                    key = p.key();
                    records = recordOrder(p.record());
                } else if (!java.util.Arrays.equals(classes, p.classes()) || !key.equals(p.key())) {
                    throw new IllegalArgumentException(runs.get(s) + ": its predictions are not on the same test windows (record, sample, true class)"
                            + " or classes as " + archs.get(0).runs().get(0) + "; a paired comparison needs the same test set");
                }
                conf[a][s] = perRecord(p, records);
            }
        }
        List<PairedBootstrap.Model> models = new ArrayList<>();
        for (int a = 0; a < archs.size(); a++) models.add(new PairedBootstrap.Model(archs.get(a).name(), conf[a]));
        PairedBootstrap.Samples smp = PairedBootstrap.run(models, METRICS, classes, resamples, seed, level);
        return new PairwiseComparison(archs, classes, records, conf, smp, resamples, seed);
    }

    /** Reads a {@code predictions.csv.gz} (header {@code record,sample,true,predicted,p_<class>...}). */
    public static Predictions read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no " + file + ": the run wrote no per-window predictions");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
            List<String> cls = new ArrayList<>();
            for (String h : parser.getHeaderNames()) if (h.startsWith("p_")) cls.add(h.substring(2));
            for (String need : List.of("record", "sample", "true", "predicted")) {
                if (!parser.getHeaderNames().contains(need)) throw new IllegalArgumentException(file + ": no column '" + need + "'");
            }
            Map<String, Integer> idx = new LinkedHashMap<>();
            for (String c : cls) idx.put(c, idx.size());
            List<String> rec = new ArrayList<>();
            List<Integer> t = new ArrayList<>(), p = new ArrayList<>();
            java.security.MessageDigest md = sha256();
            for (CSVRecord row : parser) {
                Integer yt = idx.get(row.get("true")), yp = idx.get(row.get("predicted"));
                if (yt == null || yp == null) throw new IllegalArgumentException(file + ":" + row.getRecordNumber() + ": class outside " + cls);
                rec.add(row.get("record"));
                t.add(yt);
                p.add(yp);
                md.update((row.get("record") + ',' + row.get("sample") + ',' + row.get("true") + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return new Predictions(cls.toArray(String[]::new), rec.toArray(String[]::new), t.stream().mapToInt(Integer::intValue).toArray(),
                    p.stream().mapToInt(Integer::intValue).toArray(), java.util.HexFormat.of().formatHex(md.digest()));
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recordOrder(String[] record) {
        return List.copyOf(new java.util.LinkedHashSet<>(List.of(record)));
    }

    static long[][][] perRecord(Predictions p, List<String> records) {
        int k = p.classes().length;
        Map<String, Integer> ri = new LinkedHashMap<>();
        for (String r : records) ri.put(r, ri.size());
        long[][][] c = new long[records.size()][k][k];
        for (int i = 0; i < p.yTrue().length; i++) c[ri.get(p.record()[i])][p.yTrue()[i]][p.yPred()[i]]++;
        return c;
    }

    public List<Architecture> architectures() {
        return archs;
    }

    public String[] classes() {
        return classes.clone();
    }

    public List<String> records() {
        return records;
    }

    public PairedBootstrap.Samples samples() {
        return samples;
    }

    /** Every pair (in the order of the architectures) for every metric. */
    public List<PairedBootstrap.Difference> pairs() {
        return samples.allPairs();
    }

    /** The baseline with the highest macro F1, or null. */
    public Architecture bestBaseline() {
        return best(true);
    }

    /** The deep (non-baseline) architecture with the highest seed-averaged macro F1, or null. */
    public Architecture bestDeep() {
        return best(false);
    }

    private Architecture best(boolean baseline) {
        Architecture b = null;
        for (Architecture a : archs) {
            if (a.baseline() != baseline) continue;
            if (b == null || samples.point(a.name(), "macro_f1") > samples.point(b.name(), "macro_f1")) b = a;
        }
        return b;
    }

    /** Confusion matrix of an architecture pooled over its seeds and every record. */
    public long[][] pooledConfusion(Architecture a) {
        int k = classes.length;
        long[][] c = new long[k][k];
        int[] ones = new int[records.size()];
        java.util.Arrays.fill(ones, 1);
        for (long[][][] seedConf : confusions[archs.indexOf(a)]) {
            long[][] s = PairedBootstrap.pooled(seedConf, ones, k);
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) c[i][j] += s[i][j];
        }
        return c;
    }

    /**
     * Per test record, the architecture's macro F1 over the classes present in that record (true or predicted), mean
     * over its seeds.
     */
    public double[] perRecordMacroF1(Architecture a) {
        long[][][][] c = confusions[archs.indexOf(a)];
        double[] out = new double[records.size()];
        for (long[][][] seedConf : c) {
            for (int r = 0; r < out.length; r++) out[r] += MulticlassMetrics.fromConfusion(seedConf[r], classes).get("macro_f1") / c.length;
        }
        return out;
    }

    /** Per test record, its number of windows of each class. */
    public long[][] recordSupport() {
        long[][] s = new long[records.size()][classes.length];
        long[][][] c = confusions[0][0];
        for (int r = 0; r < s.length; r++) for (int i = 0; i < classes.length; i++) for (long v : c[r][i]) s[r][i] += v;
        return s;
    }

    /** The pairs table as CSV: one row per pair and metric. */
    public String csv() {
        StringBuilder sb = new StringBuilder("model_a,model_b,seeds_a,seeds_b,metric,value_a,value_b,difference,ci_low,ci_high,significant,valid_resamples,"
                + "resamples,bootstrap_seed,resampling\n");
        for (PairedBootstrap.Difference d : pairs()) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%s,%d,%d,%d,paired_records%n", d.a(), d.b(),
                    arch(d.a()).runs().size(), arch(d.b()).runs().size(), d.metric(), d.valueA(), d.valueB(), d.point(), d.lower(), d.upper(),
                    d.significant() ? "yes" : "no", d.valid(), resamples, seed));
        }
        return sb.toString();
    }

    Architecture arch(String name) {
        for (Architecture a : archs) if (a.name().equals(name)) return a;
        throw new IllegalArgumentException("no architecture " + name);
    }

    /** The Markdown section: method, then every pair with its three differences (significant ones in bold, marked *). */
    public String markdown(String pairsCsv, String figuresDir) {
        StringBuilder sb = new StringBuilder("\n### Which differences are real: paired record-level bootstrap\n\n");
        sb.append(String.format(Locale.ROOT, "For every pair of architectures A, B: the difference A − B in DS2 macro F1, S F1 and V F1 with its 95 %%"
                + " percentile interval from %,d paired record-level resamples (seed %d): each resample draws the %d DS2 records with replacement"
                + " ONCE for all models, and an architecture with several seeds (folders `<experiment>_seedNN`) counts with the mean over its seeds"
                + " of the metric on the same resampled records. **Bold with \\*** = the interval excludes 0 (significant at 5 %%, per comparison;"
                + " %d comparisons are made, so about %d would be flagged by chance alone if no two models differed — no multiplicity correction)."
                + " Computed by `ecgbench compare` from each run's `predictions.csv.gz`; archived runs are not included. Machine-readable: `%s`.%n%n",
                resamples, seed, records.size(), pairs().size(), Math.round(pairs().size() * 0.05), pairsCsv));
        sb.append("| architecture | kind | rhythm | seeds | macro F1 | F1 S | F1 V |\n|---|---|---|---|---|---|---|\n");
        for (Architecture a : archs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.3f | %.3f | %.3f |%n", a.name(), a.baseline() ? "baseline" : "deep",
                    a.rhythm() ? "yes" : "no", a.runs().size(), samples.point(a.name(), "macro_f1"), samples.point(a.name(), "f1_S"),
                    samples.point(a.name(), "f1_V")));
        }
        sb.append("\n| A | B | Δ macro F1 [95 % CI] | Δ F1 S [95 % CI] | Δ F1 V [95 % CI] |\n|---|---|---|---|---|\n");
        List<PairedBootstrap.Difference> all = pairs();
        for (int i = 0; i < all.size(); i += METRICS.size()) {
            PairedBootstrap.Difference d0 = all.get(i);
            sb.append("| ").append(d0.a()).append(" | ").append(d0.b());
            for (int m = 0; m < METRICS.size(); m++) sb.append(" | ").append(cell(all.get(i + m)));
            sb.append(" |\n");
        }
        Architecture bb = bestBaseline(), bd = bestDeep();
        sb.append(String.format(Locale.ROOT, "%nFigures in `%s/`: `forest_differences.png` (every architecture minus the best baseline, %s, and minus"
                        + " the best deep model, %s; bars = 95 %% paired CIs), `confusion_<architecture>.png` (seed-pooled confusion matrices,"
                        + " rows = true class, cells = %% of the true class), `per_record_f1.png` (macro F1 of each DS2 record over the classes"
                        + " present in it, mean over seeds; values in `per_record_f1.csv`).%n", figuresDir,
                bb == null ? "none" : bb.name(), bd == null ? "none" : bd.name()));
        return sb.toString();
    }

    static String cell(PairedBootstrap.Difference d) {
        String s = String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", d.point(), d.lower(), d.upper());
        return d.significant() ? "**" + s + "** \\*" : s;
    }

    /** Per-record macro F1 of every architecture as CSV (record, windows of each class, one column per architecture). */
    public String perRecordCsv() {
        StringBuilder sb = new StringBuilder("record");
        for (String c : classes) sb.append(",n_").append(c);
        for (Architecture a : archs) sb.append(',').append(a.name());
        sb.append('\n');
        long[][] sup = recordSupport();
        double[][] v = new double[archs.size()][];
        for (int a = 0; a < archs.size(); a++) v[a] = perRecordMacroF1(archs.get(a));
        for (int r = 0; r < records.size(); r++) {
            sb.append(records.get(r));
            for (long s : sup[r]) sb.append(',').append(s);
            for (double[] x : v) sb.append(String.format(Locale.ROOT, ",%.6f", x[r]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
