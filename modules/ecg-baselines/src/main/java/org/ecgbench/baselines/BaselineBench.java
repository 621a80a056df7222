package org.ecgbench.baselines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ecgbench.baselines.features.BeatFeatures;
import org.ecgbench.baselines.features.FeatureSet;
import org.ecgbench.eval.MulticlassMetrics;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.split.Splits;

/**
 * Measures the classical baselines on MIT-BIH DS1 → DS2 (AAMI N/S/V/F). Every choice (feature set,
 * class weights, priors, tree parameters) is made by record-wise k-fold cross-validation on DS1 only
 * (pooled out-of-fold predictions, criterion macro F1 over N/S/V/F); then each model kind's chosen
 * configuration is refitted on all 22 DS1 records and evaluated ONCE on DS2. Writes
 * {@code summary.md}, {@code summary.csv} and {@code cv_candidates.csv} with provenance.
 *
 * <p>Usage: {@code BaselineBench [--data-dir D] [--out DIR] [--folds K] [--seed S] [--trees N] [--kinds majority,weighted_lda,random_forest] [--cv-only true] [--max-n 10000] [--rf-grid weights:depth:set;...]}
 * ({@code --cv-only true}: DS1 cross-validation only, DS2 is not read; for development)
 */
public final class BaselineBench {
    record Config(String kind, FeatureSet set, String weights, Map<String, Object> params) {
        /** One DS2 evaluation per model key: the LDA once per feature set (de Chazal's set is compared with his paper). */
        String key() {
            return kind.equals("weighted_lda") ? kind + " (" + set.name().toLowerCase(Locale.ROOT) + ")" : kind;
        }

        String label() {
            return kind + " · " + set.name().toLowerCase(Locale.ROOT) + " · weights " + weights + (params.isEmpty() ? "" : " · " + params);
        }
    }

    private static final int[] MAXN_HOLDER = new int[1], RF_FOLDS = new int[1];

    record Scored(Config config, MulticlassMetrics cv, double fitSeconds) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("usage: --key value ...; bad at '" + args[i] + "'");
            a.put(args[i].substring(2), args[i + 1]);
        }
        Path mitdb = DataPaths.dataset(a.get("data-dir"), "mitdb");
        Path out = Paths.get(a.getOrDefault("out", "results/baselines_ds1_ds2_measurement"));
        int folds = Integer.parseInt(a.getOrDefault("folds", "22"));
        int rfFolds = Integer.parseInt(a.getOrDefault("rf-folds", "5"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        int trees = Integer.parseInt(a.getOrDefault("trees", "100"));
        int maxN = Integer.parseInt(a.getOrDefault("max-n", "10000"));
        List<String> kinds = List.of(a.getOrDefault("kinds", "majority,weighted_lda,random_forest").split(","));
        MAXN_HOLDER[0] = maxN;
        RF_FOLDS[0] = rfFolds;
        long t0 = System.nanoTime();
        String date = Instant.now().toString();

        Map<String, Object> prov = provenance(mitdb, seed, date, folds, trees); // at the start: the code that runs
        List<String> ds1 = Splits.load("mitdb_ds1"), ds2 = Splits.load("mitdb_ds2");
        List<FeatureSet> sets = List.of(FeatureSet.values());
        BeatData train = BeatData.load(mitdb, ds1, sets);
        System.out.printf("DS1: %d beats %s, dropped (window fit) %s%n", train.beats.size(), Arrays.toString(train.beats.classCounts()),
                Arrays.toString(train.beats.droppedWindowFit));
        String[] cls = train.beats.classNames;
        int K = cls.length;

        // record-wise folds on DS1
        List<String> shuffled = new ArrayList<>(ds1);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        List<List<String>> foldRecords = folds(shuffled, folds), rfFoldRecords = folds(shuffled, rfFolds);

        List<Config> candidates = new ArrayList<>();
        if (kinds.contains("majority")) candidates.add(new Config("majority", FeatureSet.RR_ONLY, "none", Map.of()));
        if (kinds.contains("weighted_lda")) {
            for (FeatureSet s : List.of(FeatureSet.DE_CHAZAL, FeatureSet.RHYTHM_MORPHOLOGY)) {
                for (String w : List.of("balanced", "none")) candidates.add(new Config("weighted_lda", s, w, Map.of("ridge", 1e-6)));
            }
        }
        if (kinds.contains("random_forest")) {
            // grid "weights:depth:set;..." (depth 0 = unlimited); N undersampled per fit to --max-n rows (time on 2 cores)
            for (String g : a.getOrDefault("rf-grid", "balanced:0:rhythm_morphology;balanced:12:rhythm_morphology;none:0:rhythm_morphology").split(";")) {
                String[] t = g.split(":");
                candidates.add(new Config("random_forest", FeatureSet.byName(t[2]), t[0],
                        Map.of("trees", trees, "max_depth", Integer.parseInt(t[1]), "min_child_weight", 5, "feature_fraction", 0.3, "seed", seed)));
            }
        }

        List<Scored> scored = new ArrayList<>();
        for (Config c : candidates) {
            double[][] x = train.features.get(c.set());
            int[] yPred = new int[train.beats.size()];
            double[][] proba = new double[train.beats.size()][];
            double fitS = 0;
            List<List<String>> fr = c.kind().equals("random_forest") ? rfFoldRecords : foldRecords;
            for (List<String> held : fr) {
                List<String> fitRecs = new ArrayList<>(ds1);
                fitRecs.removeAll(held);
                int[] tr = capMajority(c, train.rowsOf(fitRecs), train.beats.y, maxN, seed), te = train.rowsOf(held);
                BaselineClassifier m = Baselines.create(c.kind(), K, c.params());
                int[] ytr = pick(train.beats.y, tr);
                long f0 = System.nanoTime();
                m.fit(pick(x, tr), ytr, ClassWeights.of(c.weights(), ytr, K));
                fitS += (System.nanoTime() - f0) / 1e9;
                if (c.kind().equals("random_forest")) System.out.printf(Locale.ROOT, "  fold %s: fit %.1f s on %d rows%n", held, (System.nanoTime() - f0) / 1e9, tr.length);
                double[][] p = m.predictProba(pick(x, te));
                int[] yp = argmax(p);
                for (int i = 0; i < te.length; i++) {
                    yPred[te[i]] = yp[i];
                    proba[te[i]] = p[i];
                }
            }
            MulticlassMetrics mm = MulticlassMetrics.compute(train.beats.y, yPred, null, cls);
            scored.add(new Scored(c, mm, fitS / fr.size()));
            System.out.printf(Locale.ROOT, "CV %-90s macroF1 %.3f acc %.3f S Se %.2f +P %.2f V Se %.2f +P %.2f (fit %.1f s/fold)%n", c.label(),
                    mm.get("macro_f1"), mm.get("accuracy"), mm.get("recall_S"), mm.get("precision_S"), mm.get("recall_V"), mm.get("precision_V"),
                    fitS / fr.size());
        }

        if (Boolean.parseBoolean(a.getOrDefault("cv-only", "false"))) {
            for (Scored s : scored) {
                System.out.println(s.config().label());
                System.out.print(confusion(s.cv(), cls));
            }
            return; // development: DS2 is not read
        }
        // choose per kind by CV macro F1, then DS2 once per chosen config
        BeatData test = BeatData.load(mitdb, ds2, sets);
        int[] q1 = BeatExtractor.countLabels(mitdb, ds1, BeatLabels.byName("aami5"));
        int[] q2 = BeatExtractor.countLabels(mitdb, ds2, BeatLabels.byName("aami5"));
        Map<String, Scored> best = new LinkedHashMap<>();
        for (Scored s : scored) {
            Scored b = best.get(s.config().key());
            if (b == null || s.cv().get("macro_f1") > b.cv().get("macro_f1")) best.put(s.config().key(), s);
        }
        List<String[]> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# Classical baselines, MIT-BIH DS1 → DS2 (measured by BaselineBench, to be regenerated by the runner)\n\n");
        md.append("Measured by `org.ecgbench.baselines.BaselineBench` (module `ecg-baselines`); the experiment runner will regenerate these "
                + "numbers as registered models. Choices were made by record-wise ").append(folds).append("-fold cross-validation on DS1 only "
                + "(pooled out-of-fold predictions, criterion macro F1 over N/S/V/F); DS2 was evaluated once per model kind with the chosen "
                + "configuration refitted on all 22 DS1 records.\n\n");
        md.append("## Provenance\n\n");
        for (Map.Entry<String, Object> e : prov.entrySet()) md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        md.append("\n## Beats\n\n");
        md.append("Same beat set and windows as the deep models (`BeatExtractor`: lead MLII, 360 samples, 180 before the R peak, `aami4` map: "
                + "N = {N L R e j}, S = {A a J S}, V = {V E}, F = {F}; Q beats are not beats of any class), record-level preprocessing "
                + "only (median baseline 200/600 ms, band-pass 0.5–40 Hz), no window z-score. RR features use every beat annotation of the record.\n\n");
        md.append("| split | records | N | S | V | F | Q annotations excluded (aami5 class Q) | beats dropped (window fit) N/S/V/F |\n|---|---|---|---|---|---|---|---|\n");
        appendSplit(md, "DS1", ds1.size(), train, q1[4]);
        appendSplit(md, "DS2", ds2.size(), test, q2[4]);
        md.append("\n## DS1 cross-validation candidates (all configurations tried)\n\n");
        md.append("| configuration | CV macro F1 | CV accuracy | CV S Se | CV S +P | CV V Se | CV V +P | mean fit s/fold |\n|---|---|---|---|---|---|---|---|\n");
        StringBuilder cvCsv = new StringBuilder("kind,feature_set,weights,params,cv_macro_f1,cv_accuracy,cv_recall_S,cv_precision_S,cv_recall_V,cv_precision_V,cv_f1_S,cv_f1_V,cv_f1_F,fit_seconds_per_fold\n");
        for (Scored s : scored) {
            MulticlassMetrics m = s.cv();
            md.append(String.format(Locale.ROOT, "| %s%s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |%n", s.config().label(),
                    best.get(s.config().key()) == s ? " **(chosen)**" : "", m.get("macro_f1"), m.get("accuracy"), m.get("recall_S"),
                    m.get("precision_S"), m.get("recall_V"), m.get("precision_V"), s.fitSeconds()));
            cvCsv.append(String.format(Locale.ROOT, "%s,%s,%s,\"%s\",%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.3f%n", s.config().kind(),
                    s.config().set().name().toLowerCase(Locale.ROOT), s.config().weights(), s.config().params(), m.get("macro_f1"), m.get("accuracy"),
                    m.get("recall_S"), m.get("precision_S"), m.get("recall_V"), m.get("precision_V"), m.get("f1_S"), m.get("f1_V"), m.get("f1_F"),
                    s.fitSeconds()));
        }
        md.append("\n## DS2 (evaluated once per chosen configuration)\n\n");
        md.append("| model | configuration | fit s (all DS1) | predict s (DS2) | accuracy | macro F1 | S Se | S +P | S F1 | V Se | V +P | V F1 | F F1 | CV macro F1 | CV accuracy |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder conf = new StringBuilder();
        StringBuilder csv = new StringBuilder("model,feature_set,weights,params,fit_seconds,predict_seconds,split,accuracy,macro_f1,recall_S,precision_S,f1_S,recall_V,precision_V,f1_V,f1_N,f1_F,recall_F\n");
        for (Scored s : best.values()) {
            Config c = s.config();
            BaselineClassifier m = Baselines.create(c.kind(), K, c.params());
            int[] all = capMajority(c, java.util.stream.IntStream.range(0, train.beats.size()).toArray(), train.beats.y, maxN, seed);
            int[] yAll = pick(train.beats.y, all);
            long f0 = System.nanoTime();
            m.fit(pick(train.features.get(c.set()), all), yAll, ClassWeights.of(c.weights(), yAll, K));
            double fitS = (System.nanoTime() - f0) / 1e9;
            f0 = System.nanoTime();
            double[][] p = m.predictProba(test.features.get(c.set()));
            double predS = (System.nanoTime() - f0) / 1e9;
            MulticlassMetrics t = MulticlassMetrics.compute(test.beats.y, argmax(p), p, cls);
            MulticlassMetrics v = s.cv();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    c.key(), c.label(), fitS, predS, t.get("accuracy"), t.get("macro_f1"), t.get("recall_S"), t.get("precision_S"), t.get("f1_S"),
                    t.get("recall_V"), t.get("precision_V"), t.get("f1_V"), t.get("f1_F"), v.get("macro_f1"), v.get("accuracy")));
            for (String[] sp : new String[][] {{"ds1_cv", null}, {"ds2", null}}) {
                MulticlassMetrics mm = sp[0].equals("ds2") ? t : v;
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,\"%s\",%.3f,%.3f,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", c.key(),
                        c.set().name().toLowerCase(Locale.ROOT), c.weights(), c.params(), fitS, predS, sp[0], mm.get("accuracy"), mm.get("macro_f1"),
                        mm.get("recall_S"), mm.get("precision_S"), mm.get("f1_S"), mm.get("recall_V"), mm.get("precision_V"), mm.get("f1_V"),
                        mm.get("f1_N"), mm.get("f1_F"), mm.get("recall_F")));
            }
            conf.append("\n### ").append(c.key()).append(" — DS2 confusion (rows true, columns predicted)\n\n").append(confusion(t, cls));
            conf.append("\nDS1 cross-validation confusion (pooled out-of-fold):\n\n").append(confusion(v, cls));
            System.out.printf(Locale.ROOT, "DS2 %-40s acc %.3f macroF1 %.3f S Se %.3f +P %.3f V Se %.3f +P %.3f (fit %.1f s)%n", c.key(),
                    t.get("accuracy"), t.get("macro_f1"), t.get("recall_S"), t.get("precision_S"), t.get("recall_V"), t.get("precision_V"), fitS);
            rows.add(new String[] {c.kind()});
        }
        md.append("\nFeature sets: see the Javadoc of `org.ecgbench.baselines.features.BeatFeatures` (").append(FeatureSet.DE_CHAZAL).append(": ")
                .append(BeatFeatures.names(FeatureSet.DE_CHAZAL)).append("; ").append(FeatureSet.RHYTHM_MORPHOLOGY).append(": ")
                .append(BeatFeatures.names(FeatureSet.RHYTHM_MORPHOLOGY)).append(").\n");
        md.append("\n## Confusion matrices\n").append(conf);
        md.append(String.format(Locale.ROOT, "%nTotal wall time %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.md"), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("summary.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("cv_candidates.csv"), cvCsv, StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private static void appendSplit(StringBuilder md, String name, int records, BeatData d, int q) {
        int[] c = d.beats.classCounts();
        md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %s |%n", name, records, c[0], c[1], c[2], c[3], q,
                Arrays.toString(d.beats.droppedWindowFit)));
    }

    private static String confusion(MulticlassMetrics m, String[] cls) {
        StringBuilder sb = new StringBuilder("| true \\ pred |");
        for (String c : cls) sb.append(' ').append(c).append(" |");
        sb.append("\n|---|").append("---|".repeat(cls.length)).append('\n');
        long[][] c = m.confusionMatrix();
        for (int i = 0; i < cls.length; i++) {
            sb.append("| ").append(cls[i]).append(" |");
            for (int j = 0; j < cls.length; j++) sb.append(' ').append(c[i][j]).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Map<String, Object> provenance(Path mitdb, long seed, String date, int folds, int trees) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        Path root = DataPaths.projectRoot();
        p.put("measured_by", "BaselineBench (to be regenerated by the runner)");
        p.put("git_commit", git(root, "rev-parse", "HEAD"));
        String st = git(root, "status", "--porcelain", "--untracked-files=no");
        p.put("git_dirty_code", st == null ? "unknown" : String.valueOf(st.lines().anyMatch(l -> !l.substring(Math.min(3, l.length())).startsWith("results/"))));
        p.put("data", "mitdb (relative to the data root), MANIFEST.sha256 SHA-256 " + Manifest.sha256(mitdb.resolve("MANIFEST.sha256")));
        p.put("splits", "train mitdb_ds1 (22 records, validation hold-out records included), test mitdb_ds2 (22 records)");
        p.put("cv", folds + " record-wise folds of DS1 for LDA and majority (22 = leave-one-record-out), " + RF_FOLDS[0]
                + " for the tree ensemble (time); records seeded-shuffled, dealt round-robin");
        p.put("seed", seed);
        p.put("trees", trees);
        p.put("tree_ensemble_N_rows_per_fit", "at most " + MAXN_HOLDER[0] + " (seeded random undersampling of N; S, V, F kept whole; LDA and majority use all rows)");
        p.put("date_utc", date);
        p.put("nproc", Runtime.getRuntime().availableProcessors());
        p.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return p;
    }

    private static String git(Path root, String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
            cmd.addAll(List.of(args));
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String o = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!pr.waitFor(10, TimeUnit.SECONDS) || pr.exitValue() != 0) return null;
            return o;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /**
     * Tree ensembles only (their fit time grows with rows): keeps at most {@code maxN} randomly chosen (seeded) rows of
     * class 0 (N); every other row is kept. Other kinds, or {@code maxN <= 0}: all rows.
     */
    static int[] capMajority(Config c, int[] rows, int[] y, int maxN, long seed) {
        if (!c.kind().equals("random_forest") || maxN <= 0) return rows;
        List<Integer> n = new ArrayList<>(), other = new ArrayList<>();
        for (int r : rows) (y[r] == 0 ? n : other).add(r);
        if (n.size() <= maxN) return rows;
        java.util.Collections.shuffle(n, new java.util.Random(seed));
        other.addAll(n.subList(0, maxN));
        return other.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Record-wise folds: the (seeded-shuffled) records dealt round-robin. */
    static List<List<String>> folds(List<String> shuffled, int k) {
        if (k < 2 || k > shuffled.size()) throw new IllegalArgumentException("folds must be in 2.." + shuffled.size() + ", got " + k);
        List<List<String>> f = new ArrayList<>();
        for (int i = 0; i < k; i++) f.add(new ArrayList<>());
        for (int i = 0; i < shuffled.size(); i++) f.get(i % k).add(shuffled.get(i));
        return f;
    }

    static int[] pick(int[] y, int[] rows) {
        int[] o = new int[rows.length];
        for (int i = 0; i < rows.length; i++) o[i] = y[rows[i]];
        return o;
    }

    static double[][] pick(double[][] x, int[] rows) {
        double[][] o = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) o[i] = x[rows[i]];
        return o;
    }

    static int[] argmax(double[][] p) {
        int[] o = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int b = 0;
            for (int k = 1; k < p[i].length; k++) if (p[i][k] > p[i][b]) b = k;
            o[i] = b;
        }
        return o;
    }
}
