package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run an experiment spec (YAML).")
public final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "Experiment spec, e.g. experiments/seed002/cnn_bigru_attention_ds1_ds2.yaml")
    Path spec;

    @Option(names = "--data-dir", description = "Data root holding mitdb/ or the 12-lead database folders (overrides the spec, ECGBENCH_DATA and ../shared/data).")
    String dataDir;

    @Option(names = "--output", description = "Output directory (default: the spec's output.dir, else results/<experiment>).")
    String output;

    @Option(names = "--fresh", description = "Ignore an existing checkpoint in the output directory and start over.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        org.ecgbench.runner.experiment.ExperimentRunner.Options o = new org.ecgbench.runner.experiment.ExperimentRunner.Options();
        o.dataDir = dataDir;
        o.outputDir = output;
        o.fresh = fresh;
        new org.ecgbench.runner.experiment.ExperimentRunner(System.out).run(spec, o);
        return 0;
    }
}
