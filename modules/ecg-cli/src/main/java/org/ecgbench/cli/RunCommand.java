package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run an experiment spec (YAML).")
public final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Experiment spec(s), e.g. experiments/seed002/cnn_bigru_attention_ds1_ds2.yaml;"
            + " several run one after another in the order given (a paper table's pretraining, training and quantization specs), stopping at the first failure")
    java.util.List<Path> specs;

    @Option(names = "--data-dir", description = "Data root holding mitdb/ or the 12-lead database folders (overrides the spec, ECGBENCH_DATA and ../shared/data).")
    String dataDir;

    @Option(names = "--output", description = "Output directory (default: the spec's output.dir, else results/<experiment>).")
    String output;

    @Option(names = "--fresh", description = "Ignore an existing checkpoint in the output directory and start over.")
    boolean fresh;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "Run the spec once per seed (e.g. 42,43,44) instead of its"
            + " training.seed(s): the spec's own seed writes to output.dir, every other to <output.dir>_seed<NN>; finished seeds are skipped,"
            + " unfinished ones resume (docs/specs.md).")
    java.util.List<Long> seeds;

    @Option(names = "--check", description = "Only parse and validate the spec(s) (model, parameters, labels, preprocessing, task settings): no data read, nothing written.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        if (check) {
            for (Path spec : specs) {
                var s = new org.ecgbench.experiments.task.ExperimentRunner(System.out).check(spec);
                System.out.println("ok  " + spec + "  (task " + s.task + ", model " + s.model.name + ", output " + s.output.dir + ")");
            }
            return 0;
        }
        org.ecgbench.experiments.task.ExperimentRunner.Options o = new org.ecgbench.experiments.task.ExperimentRunner.Options();
        o.dataDir = dataDir;
        o.outputDir = output;
        o.fresh = fresh;
        o.seeds = seeds;
        if (specs.size() > 1 && output != null) throw new IllegalArgumentException("--output applies to one spec; each of several specs writes to its own output.dir");
        for (Path spec : specs) {
            if (specs.size() > 1) System.out.println("=== " + spec);
            new org.ecgbench.experiments.task.ExperimentRunner(System.out).run(spec, o);
        }
        return 0;
    }
}
