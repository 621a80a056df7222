package org.ecgbench.experiments.task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgbench.models.Backend;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;

/**
 * Runs one spec: parse and validate it, find its {@link Task} in the {@link TaskRegistry}, and walk the task's phases
 * over one {@link RunContext}: validate (no data read) → prepare (inputs read; the output folder is created only
 * after this succeeds) → perform → report → {@code provenance.json}. The test split is read by the task's report
 * phase only.
 */
public final class ExperimentRunner {

    /** Command-line options of {@code ecgbench run}. */
    public static final class Options {
        public String dataDir;
        public String outputDir;
        public boolean fresh;
        public boolean showProgress = true;
        /** {@code run --seeds}: run the spec once per seed instead of its own seed(s); null = the spec's. */
        public List<Long> seeds;

        Options copy() {
            Options o = new Options();
            o.dataDir = dataDir;
            o.outputDir = outputDir;
            o.fresh = fresh;
            o.showProgress = showProgress;
            o.seeds = seeds;
            return o;
        }
    }

    private final PrintStream log;

    public ExperimentRunner(PrintStream log) {
        this.log = log;
    }

    /**
     * Runs the spec; with several seeds ({@code training.seeds} or {@link Options#seeds}) once per seed, one after another,
     * each into its own folder ({@link ExperimentSpec#forSeed}): a seed whose folder holds a finished run of this spec
     * (its {@code provenance.json} with this spec's SHA-256 and that seed) is skipped, an unfinished one resumes from its
     * own checkpoints. Returns the output folder (the first seed's).
     */
    public Path run(Path specFile, Options opt) throws IOException {
        long t0 = System.nanoTime();
        if (Files.isDirectory(specFile)) throw new IllegalArgumentException(specFile + " is a folder, not a spec file (give a .yaml file)");
        ExperimentSpec spec = ExperimentSpec.load(specFile);
        if (opt.seeds != null) spec = spec.withSeeds(opt.seeds);
        if (spec.training.seeds.size() > 1 || opt.seeds != null) return runSeeds(specFile, spec, opt);
        return runOne(specFile, spec, opt, t0, null);
    }

    private Path runSeeds(Path specFile, ExperimentSpec spec, Options opt) throws IOException {
        List<Long> seeds = spec.training.seeds;
        int n = seeds.size();
        List<Double> seconds = new ArrayList<>();
        Path first = null;
        for (int k = 0; k < n; k++) {
            long seed = seeds.get(k);
            ExperimentSpec one = spec.forSeed(seed);
            Options o = opt.copy();
            o.seeds = null;
            if (opt.outputDir != null) o.outputDir = spec.seedDir(opt.outputDir, seed);
            Path out = DataPaths.projectRoot().resolve(o.outputDir != null ? o.outputDir : one.output.dir);
            if (first == null) first = out;
            Double done = opt.fresh ? null : finishedSeconds(out, spec.sha256, seed);
            if (done != null) {
                log.printf(java.util.Locale.ROOT, "seed %d of %d (seed %d): finished run in %s (%.0f s), skipped%n", k + 1, n, seed, DataPaths.display(out), done);
                if (done > 0) seconds.add(done);
                continue;
            }
            log.printf(java.util.Locale.ROOT, "seed %d of %d (seed %d) -> %s; ETA %s%n", k + 1, n, seed, DataPaths.display(out), eta(seconds, n - k));
            long ts = System.nanoTime();
            runOne(specFile, one, o, ts, seeds);
            seconds.add((System.nanoTime() - ts) / 1e9);
            log.printf(java.util.Locale.ROOT, "seed %d of %d (seed %d) done in %.0f s; ETA for the rest %s%n", k + 1, n, seed, seconds.get(seconds.size() - 1),
                    k + 1 == n ? "0 s" : eta(seconds, n - k - 1));
        }
        log.printf("all %d seeds finished: %s%n", n, seeds);
        return first;
    }

    /** Wall seconds of the finished run of this spec and seed in {@code out}, 0 when unknown; null when there is none. */
    static Double finishedSeconds(Path out, String specSha, long seed) throws IOException {
        Path p = out.resolve("provenance.json");
        if (!Files.isRegularFile(p)) return null;
        var prov = org.ecgbench.pipeline.io.Json.readObject(p);
        if (!prov.path("spec_sha256").asText("").equals(specSha) || prov.path("train_seed").asLong(Long.MIN_VALUE) != seed) return null;
        return prov.path("wall_seconds").asDouble(0);
    }

    /** "about N min (M seeds x S s)" from the mean wall time of the seeds finished so far; unknown before the first. */
    static String eta(List<Double> seconds, int remaining) {
        if (seconds.isEmpty()) return "unknown until the first seed finishes";
        double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format(java.util.Locale.ROOT, "about %.0f min (%d seed%s x %.0f s, the mean of the finished seeds)", remaining * mean / 60, remaining,
                remaining == 1 ? "" : "s", mean);
    }

    private Path runOne(Path specFile, ExperimentSpec spec, Options opt, long t0, List<Long> allSeeds) throws IOException {
        Task<?, ?> task = TaskRegistry.get(spec);
        // git state is recorded when the run starts: the code that runs is the code of this commit
        Provenance prov = Provenance.collect(DataPaths.projectRoot());
        if (allSeeds != null) prov.put("seeds_of_spec", allSeeds);
        RunContext ctx = new RunContext(spec, specFile, opt, log, prov, t0);
        if (Files.exists(ctx.output()) && !Files.isDirectory(ctx.output())) {
            throw new IllegalArgumentException("output " + ctx.output() + " exists and is a file, not a folder");
        }
        Backend.init();
        return runPhases(task, ctx);
    }

    /**
     * Parses the spec and runs its task's validate phase only: model names and parameters, label sets, preprocessing,
     * task-specific settings are checked; no data is read and nothing is written ({@code run --check}).
     */
    public ExperimentSpec check(Path specFile) throws IOException {
        ExperimentSpec spec = ExperimentSpec.load(specFile);
        Task<?, ?> task = TaskRegistry.get(spec);
        task.validate(new RunContext(spec, specFile, new Options(), log, new Provenance(), System.nanoTime()));
        return spec;
    }

    private static <P, R> Path runPhases(Task<P, R> task, RunContext ctx) throws IOException {
        task.validate(ctx);
        P prepared = task.prepare(ctx);
        Files.createDirectories(ctx.output());
        R performed = task.perform(ctx, prepared);
        ctx.putSpecProvenance();
        task.report(ctx, prepared, performed);
        ctx.provenance().put("wall_seconds", ctx.wallSeconds());
        ctx.provenance().write(ctx.output().resolve("provenance.json"));
        return ctx.output();
    }

    /** Refuses split lists that share a record: the protocol is inter-patient. */
    public static void assertDisjoint(String aName, List<String> a, String bName, List<String> b) {
        Set<String> s = new HashSet<>(a);
        List<String> both = new ArrayList<>();
        for (String r : b) if (s.contains(r)) both.add(r);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("splits '" + aName + "' and '" + bName + "' share records " + both
                    + ": the protocol must be inter-patient");
        }
    }
}
