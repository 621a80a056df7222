package org.ecgbench.experiments.task;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.experiments.eval.MulticlassEvaluation;
import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.experiments.search.SearchPlot;
import org.ecgbench.experiments.search.SearchSpace;
import org.ecgbench.experiments.search.TrialSpecs;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.experiments.train.Trainer;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.split.Splits;
import org.ecgbench.signal.util.Shuffle;

/**
 * {@code task: search}: hyperparameter search over spec fields. Candidates come from Arbiter ({@link SearchSpace}: random,
 * seeded, or grid); each candidate is the search spec with its values set ({@link TrialSpecs}, parsed like any spec) and
 * is scored by record-wise k-fold cross-validation on {@code search.records} (the training records only; the test split
 * is never read, and the pool must be disjoint from it): per fold a fresh model trains for {@code training.epochs} on the
 * other folds (class caps and class weights from those folds, RR features standardised with their statistics) and is
 * scored once on the held-out fold's windows. A trial's score is the mean over folds. Every finished trial is appended
 * to {@code trials.csv} at once; a rerun reads it back and continues with the next candidate (resume). Budget: at most
 * {@code search.trials} trials, and no trial starts when the time spent (all sessions) plus the mean trial time would
 * exceed {@code search.max_minutes}. Outputs: {@code trials.csv}, {@code trials.png} (score vs trial), {@code best_spec.yaml}
 * (a runnable train_eval spec), {@code report.md}, {@code summary.json}.
 */
public final class SearchTask implements Task<SearchTask.Prepared, SearchTask.Performed> {

    static final class Prepared {
        TrialSpecs specs;
        List<Map<String, Object>> candidates;
        List<String> paths;
        List<String> pool;
        List<List<String>> folds;
    }

    /** One finished trial; {@code status} is "ok" or "failed: reason". */
    record Trial(int index, Map<String, Object> params, String status, double score, double sd, double[] foldScores, double seconds) {}

    record Performed(List<Trial> trials, String stopReason) {}

    @Override
    public String name() {
        return "search";
    }

    @Override
    public void validate(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        if (DataSources.isRecordDataset(spec.data.dataset) || spec.split.mode != ExperimentSpec.Split.Mode.RECORDS) {
            throw new SpecException(spec.file, spec.search.line, 1, "task search runs record-wise cross-validation on beat datasets"
                    + " (mitdb_beats with split.mode records); '" + spec.data.dataset + "' is not supported yet");
        }
        Prepared p = candidates(ctx);
        for (int i = 0; i < p.candidates.size(); i++) { // every candidate parses and names only parameters its model knows
            ExperimentSpec t = p.specs.spec(p.candidates.get(i), spec.experiment + "_trial" + i, "trial " + i);
            ModelFactory.checkParams(t, ModelFactory.builder(t));
        }
    }

    private static Prepared candidates(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Prepared p = new Prepared();
        p.specs = new TrialSpecs(Files.readString(ctx.specFile(), StandardCharsets.UTF_8), spec.file);
        p.candidates = SearchSpace.candidates(spec.search, spec.search.trials);
        p.paths = new SearchSpace(spec.search).paths();
        return p;
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Prepared p = candidates(ctx);
        p.pool = Splits.load(spec.search.records);
        ExperimentRunner.assertDisjoint(spec.search.records, p.pool, spec.split.test, Splits.load(spec.split.test));
        p.folds = folds(p.pool, spec.search.folds, spec.search.seed);
        ctx.log().printf("search %s: %s, %d candidates (Arbiter), %d-fold record-wise CV on %s (%d records), objective mean %s; budget %d trials, %.0f min%n",
                spec.experiment, spec.search.method, p.candidates.size(), spec.search.folds, spec.search.records, p.pool.size(),
                spec.search.metric, spec.search.trials, spec.search.maxMinutes);
        for (int f = 0; f < p.folds.size(); f++) ctx.log().printf("  fold %d: %s%n", f, p.folds.get(f));
        ctx.provenance().put("search_folds", p.folds);
        ctx.provenance().put("data_dir", ctx.rel(ctx.dataRoot()));
        return p;
    }

    /** The pool's records shuffled by {@code seed} and dealt round-robin into {@code k} folds (MIT-BIH DS1: one patient per record). */
    static List<List<String>> folds(List<String> pool, int k, long seed) {
        if (pool.size() < k) throw new IllegalArgumentException("search.folds " + k + " > " + pool.size() + " records in the pool");
        List<String> r = new ArrayList<>(pool);
        Shuffle.inPlace(r, new SplittableRandom(seed));
        List<List<String>> out = new ArrayList<>();
        for (int f = 0; f < k; f++) out.add(new ArrayList<>());
        for (int i = 0; i < r.size(); i++) out.get(i % k).add(r.get(i));
        for (List<String> f : out) java.util.Collections.sort(f);
        return out;
    }

    @Override
    public Performed perform(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path csv = ctx.output().resolve("trials.csv");
        if (ctx.options().fresh) Files.deleteIfExists(csv);
        List<Trial> done = readTrials(csv, p);
        if (!done.isEmpty()) ctx.log().printf("resuming: %d trial(s) read back from %s%n", done.size(), ctx.rel(csv));
        double spent = done.stream().mapToDouble(Trial::seconds).sum();
        long t0 = System.nanoTime();
        Map<String, LabeledWindows> cache = new LinkedHashMap<>();
        String stop = "all " + p.candidates.size() + " candidates done";
        for (int i = done.size(); i < p.candidates.size(); i++) {
            double elapsed = spent + (System.nanoTime() - t0) / 1e9;
            double mean = done.isEmpty() ? 0 : done.stream().mapToDouble(Trial::seconds).average().orElse(0);
            if (elapsed + mean > spec.search.maxMinutes * 60) {
                stop = String.format("wall budget: %.1f min spent, a trial takes %.1f min on average, budget %.0f min", elapsed / 60, mean / 60,
                        spec.search.maxMinutes);
                break;
            }
            Trial t = runTrial(ctx, p, i, cache);
            done.add(t);
            writeTrials(csv, p, done);
            ctx.log().printf("trial %d/%d: %s CV %s %.4f ± %.4f (%s) in %.0f s %s%n", i + 1, p.candidates.size(), t.params(), spec.search.metric,
                    t.score(), t.sd(), java.util.Arrays.toString(t.foldScores()), t.seconds(), t.status());
        }
        Path ck = ctx.output().resolve("checkpoints");
        if (Files.isDirectory(ck)) RunContext.deleteTree(ck); // per-fold checkpoints are deleted after each fold; nothing to resume from
        ctx.log().println("search stopped: " + stop);
        return new Performed(done, stop);
    }

    private Trial runTrial(RunContext ctx, Prepared p, int i, Map<String, LabeledWindows> cache) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Object> params = p.candidates.get(i);
        ExperimentSpec ts = p.specs.spec(params, ctx.spec().experiment + "_trial" + i, "trial " + i);
        double[] scores = new double[p.folds.size()];
        try {
            LabeledWindows all = windows(ctx, ts, params, p.pool, cache);
            for (int f = 0; f < p.folds.size(); f++) {
                scores[f] = fold(ctx, ts, all, new HashSet<>(p.folds.get(f)), ctx.output().resolve("checkpoints/trial" + i + "_fold" + f));
            }
        } catch (RuntimeException e) { // e.g. a diverging learning rate: recorded, the search goes on
            ctx.log().printf("trial %d failed: %s%n", i, e.getMessage());
            return new Trial(i, params, "failed: " + String.valueOf(e.getMessage()).replace('\n', ' '), Double.NaN, Double.NaN, scores,
                    (System.nanoTime() - t0) / 1e9);
        }
        double mean = java.util.Arrays.stream(scores).average().orElse(Double.NaN);
        double var = 0;
        for (double s : scores) var += (s - mean) * (s - mean);
        double sd = scores.length > 1 ? Math.sqrt(var / (scores.length - 1)) : 0;
        return new Trial(i, params, "ok", mean, sd, scores, (System.nanoTime() - t0) / 1e9);
    }

    /** The pool's windows for this trial's data settings (loaded once per distinct data section; the last two are kept). */
    private static LabeledWindows windows(RunContext ctx, ExperimentSpec ts, Map<String, Object> params, List<String> pool,
                                          Map<String, LabeledWindows> cache) throws IOException {
        StringBuilder key = new StringBuilder();
        params.forEach((k, v) -> { if (k.startsWith("data.")) key.append(k).append('=').append(v).append(';'); });
        LabeledWindows w = cache.get(key.toString());
        if (w != null) return w;
        long t0 = System.nanoTime();
        w = DataSources.create(ts, ctx.root(), ctx.dataRoot()).load(pool);
        ctx.log().printf("  loaded %d windows of %d records (%s) in %.1f s%n", w.size(), pool.size(), key.length() == 0 ? "base data section" : key,
                (System.nanoTime() - t0) / 1e9);
        if (cache.size() >= 2) cache.remove(cache.keySet().iterator().next());
        cache.put(key.toString(), w);
        return w;
    }

    /** One fold: train on the windows of the other folds' records, score once on the held-out records' windows. */
    static double fold(RunContext ctx, ExperimentSpec ts, LabeledWindows all, Set<String> held, Path ckpt) throws IOException {
        ExperimentSpec.Training t = ts.training;
        CrossValidation.FoldSplit fs = CrossValidation.FoldSplit.of(all, held, t);
        LabeledWindows used = fs.used(), valUsed = fs.stopOn();
        double[] w = TrainEvalTask.classWeights(t, used);
        ModelBuilder b = ModelFactory.builder(ts);
        ModelConfig cfg = ModelFactory.config(ts, b, used.leads(), used.samples(), used.numClasses(), w);
        ComputationGraph net = b.build(cfg);
        net = RhythmContext.wrap(ts, used, net);
        Trainer.Options o = Trainer.Options.fromSpec(ts, false);
        o.keepLast = true; // a fixed number of epochs: the held-out fold chooses nothing during training
        if (Files.exists(ckpt)) RunContext.deleteTree(ckpt);
        int[] calls = {0};
        String metric = ctx.spec().search.metric.key();
        Trainer.Result r = new Trainer(ctx.log()).train(net, used, valUsed, o, ckpt, (n, v) ->
                ++calls[0] < o.epochs ? Double.NaN : MulticlassEvaluation.evaluate("cv", v, Predictor.predict(n, v, 256), 0, 0.95, 0, false).get(metric));
        if (Files.exists(ckpt)) RunContext.deleteTree(ckpt);
        return ((Number) r.state().history.get(r.state().history.size() - 1).get("val_score")).doubleValue();
    }

    static List<String> header(Prepared p) {
        List<String> h = new ArrayList<>(List.of("trial", "status", "cv_score", "cv_sd", "fold_scores", "seconds"));
        h.addAll(p.paths);
        return h;
    }

    private static void writeTrials(Path csv, Prepared p, List<Trial> trials) throws IOException {
        Csv.Table t = new Csv.Table(header(p));
        for (Trial x : trials) {
            List<Object> row = new ArrayList<>(List.of(x.index(), x.status(), fmt(x.score()), fmt(x.sd()), foldString(x.foldScores()),
                    String.format(java.util.Locale.ROOT, "%.1f", x.seconds())));
            for (String k : p.paths) row.add(String.valueOf(x.params().get(k)));
            t.row(row);
        }
        t.write(csv);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String foldString(double[] s) {
        List<String> out = new ArrayList<>();
        for (double v : s) out.add(fmt(v));
        return String.join(";", out);
    }

    /** Trials of an earlier session; each must match the candidate the generator gives at its index (else the space changed). */
    static List<Trial> readTrials(Path csv, Prepared p) throws IOException {
        List<Trial> out = new ArrayList<>();
        if (!Files.exists(csv)) return out;
        try (Reader r = Files.newBufferedReader(csv); CSVParser in = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!in.getHeaderNames().equals(header(p))) {
                throw new IllegalStateException(csv + " has columns " + in.getHeaderNames() + ", this search " + header(p) + "; use --fresh or another output dir");
            }
            for (CSVRecord rec : in) {
                int i = Integer.parseInt(rec.get("trial"));
                Map<String, Object> params = p.candidates.get(i);
                for (String k : p.paths) {
                    if (!rec.get(k).equals(String.valueOf(params.get(k)))) {
                        throw new IllegalStateException(csv + " trial " + i + " has " + k + " = " + rec.get(k) + " but the search space now gives "
                                + params.get(k) + " (space or seed changed); use --fresh or another output dir");
                    }
                }
                String[] fs = rec.get("fold_scores").split(";", -1);
                double[] folds = new double[fs.length];
                for (int f = 0; f < fs.length; f++) folds[f] = fs[f].isEmpty() ? Double.NaN : Double.parseDouble(fs[f]);
                out.add(new Trial(i, params, rec.get("status"), parse(rec.get("cv_score")), parse(rec.get("cv_sd")), folds,
                        Double.parseDouble(rec.get("seconds"))));
            }
        }
        return out;
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public void report(RunContext ctx, Prepared p, Performed r) throws IOException {
        new SearchReport(ctx, p, r).write();
    }
}
