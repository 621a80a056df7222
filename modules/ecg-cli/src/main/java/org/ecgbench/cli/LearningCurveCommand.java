package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ecgbench.experiments.report.LearningCurve;
import org.ecgbench.signal.data.DataPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecgbench learning-curve RESULT_DIR... --output DIR}: test macro AUC [CI] against training records from saved
 * multi-label/binary record runs (e.g. the {@code split.train_fraction} specs of experiments/ptbxl/learning_curve/), one
 * curve per (label protocol, model), with a power-law extrapolation labelled as such.
 */
@Command(name = "learning-curve", mixinStandardHelpOptions = true,
        description = "Write learning_curve.csv/.md/.png (test macro AUC vs training records, power-law extrapolation) from result folders.")
public final class LearningCurveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULT_DIR", arity = "1..*", description = "train_eval result folders of record runs (without training.refit).")
    List<Path> dirs;

    @Option(names = "--output", defaultValue = "results/ptbxl_learning_curve", description = "Folder to write (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--extrapolate-to", defaultValue = "17000", description = "Training records at which the fitted power law is evaluated"
            + " (default ${DEFAULT-VALUE}, ~PTB-XL's folds 1-8).")
    int extrapolateTo;

    @Override
    public Integer call() throws Exception {
        Path root = DataPaths.projectRoot();
        List<LearningCurve.Point> pts = new ArrayList<>();
        for (Path d0 : dirs) {
            Path d = d0.isAbsolute() ? d0 : root.resolve(d0);
            CompareCommand.requireResultFolder(d, "metrics.csv", "summary.json", "provenance.json");
            pts.add(LearningCurve.read(d));
        }
        Path out = output.isAbsolute() ? output : root.resolve(output);
        LearningCurve.write(out, pts, extrapolateTo);
        System.out.println("wrote " + out.resolve("learning_curve.csv") + ", learning_curve.md, learning_curve.png (" + pts.size() + " runs)");
        return 0;
    }
}
