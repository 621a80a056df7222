package org.ecgbench.experiments.task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;

/**
 * What every task phase shares: the spec and its file, the project root, the output folder (created by the runner
 * only once the inputs are read), the log, the command-line options, the provenance gathered when the run started,
 * and where checkpoints live.
 */
public final class RunContext {
    private ExperimentSpec spec; // replaced only by nameFolds (a copy with the split file's folds named)
    private final Path specFile;
    private final Path root;
    private final Path output;
    private final PrintStream log;
    private final ExperimentRunner.Options options;
    private final Provenance provenance;
    private final long startNanos;

    RunContext(ExperimentSpec spec, Path specFile, ExperimentRunner.Options options, PrintStream log, Provenance provenance, long startNanos) {
        this.spec = spec;
        this.specFile = specFile;
        this.root = DataPaths.projectRoot();
        Path out = Paths.get(options.outputDir != null ? options.outputDir : spec.output.dir);
        this.output = out.isAbsolute() ? out : root.resolve(out);
        this.log = log;
        this.options = options;
        this.provenance = provenance;
        this.startNanos = startNanos;
    }

    public ExperimentSpec spec() { return spec; }
    public Path specFile() { return specFile; }
    public Path root() { return root; }
    public Path output() { return output; }
    public PrintStream log() { return log; }
    public ExperimentRunner.Options options() { return options; }
    public Provenance provenance() { return provenance; }
    public boolean showProgress() { return options.showProgress; }

    /** The checkpoint folder {@code <output>/checkpoints[/sub]}, emptied first when the run was started with {@code --fresh}. */
    public Path checkpoints() throws IOException {
        Path ckpt = output.resolve("checkpoints");
        if (options.fresh && Files.exists(ckpt)) deleteTree(ckpt);
        return ckpt;
    }

    /** The data root of {@code --data-dir} / {@code data.dir} / {@code ECGBENCH_DATA} / {@code ../shared/data}. */
    public Path dataRoot() {
        return DataPaths.dataRoot(options.dataDir != null ? options.dataDir : spec.data.dir);
    }

    /** As {@link #dataRoot()}, but null when absent and the record spec names its own {@code data.records.root}. */
    public Path recordDataRoot() {
        try {
            return dataRoot();
        } catch (IllegalStateException e) {
            if (spec.data.records == null || spec.data.records.root == null) throw e;
            return null;
        }
    }

    /** {@code data.records.cache_dir} (relative to the project root) or {@code <output>/cache}. */
    public Path cacheDir() {
        String c = spec.data.records.cacheDir;
        if (c == null) return output.resolve("cache");
        Path p = Paths.get(c);
        return p.isAbsolute() ? p : root.resolve(p);
    }

    /** A path as committed artifacts name it: relative to the project root when inside it. */
    public String rel(Path p) {
        return DataPaths.display(p);
    }

    /** Seconds since the run started, to one decimal. */
    public double wallSeconds() {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }

    /** Reports name a record run's splits by their fold in the split file. */
    public void nameFolds(Path splitFile) {
        String rel = rel(splitFile);
        spec = spec.withSplit(spec.split.namingFolds(rel));
    }

    /** The provenance fields every task writes: experiment, spec file and hash, smoke flag. */
    void putSpecProvenance() {
        provenance.put("experiment", spec.experiment);
        provenance.put("smoke", spec.smoke);
        provenance.put("spec_file", rel(specFile.toAbsolutePath().normalize()));
        provenance.put("spec_sha256", spec.sha256);
    }

    static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
