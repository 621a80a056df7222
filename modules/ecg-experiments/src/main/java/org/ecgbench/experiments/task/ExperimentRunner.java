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
    }

    private final PrintStream log;

    public ExperimentRunner(PrintStream log) {
        this.log = log;
    }

    public Path run(Path specFile, Options opt) throws IOException {
        long t0 = System.nanoTime();
        if (Files.isDirectory(specFile)) throw new IllegalArgumentException(specFile + " is a folder, not a spec file (give a .yaml file)");
        ExperimentSpec spec = ExperimentSpec.load(specFile);
        Task<?, ?> task = TaskRegistry.get(spec);
        // git state is recorded when the run starts: the code that runs is the code of this commit
        Provenance prov = Provenance.collect(DataPaths.projectRoot());
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
