package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgbench.experiments.predict.BeatClassifier;
import org.ecgbench.experiments.predict.Ec57Evaluation;
import org.ecgbench.experiments.predict.TrainedModel;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.split.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecgbench ec57}: EC57 statistics (QRS Se/+P, VEB and SVEB Se/+P/FPR, gross and average) of a trained beat model on
 * MIT-BIH records, (a) classified at the reference beats and (b) end to end with the {@code predict} pipeline.
 */
@Command(name = "ec57", mixinStandardHelpOptions = true,
        description = {"EC57 evaluation of a trained beat model on MIT-BIH records: (a) classified at the reference beat positions,",
                "(b) end to end (QRS detector + predict pipeline, matched to the reference beats with 150 ms)."})
public final class Ec57Command implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Trained beat-model result folder, e.g. results/resnet1d_rr_ds1_ds2.")
    Path model;

    @Option(names = "--data-dir", description = "Data root holding mitdb/ (default: ECGBENCH_DATA or ../shared/data).")
    String dataDir;

    @Option(names = "--split", defaultValue = "mitdb_ds2", description = "Record list (a split name, default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--records", split = ",", description = "Explicit records instead of --split (comma-separated).")
    List<String> records;

    @Option(names = "--inference", defaultValue = "dl4j", description = "dl4j or onnxruntime (default ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--output", required = true, description = "Output folder, e.g. results/ec57_ds2/resnet1d_rr_ds1_ds2.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path root = DataPaths.projectRoot();
        Provenance prov = Provenance.collect(root);
        BeatClassifier.Inference inf = PredictCommand.inference(inference);
        TrainedModel m = TrainedModel.load(model, root);
        if (!m.beatModel()) throw new IllegalArgumentException(model + " is a record model; ec57 evaluates beat models");
        Path mitdb = DataPaths.dataset(dataDir, "mitdb");
        List<String> recs = records != null && !records.isEmpty() ? records : Splits.load(split);
        long t0 = System.nanoTime();
        List<Ec57Evaluation.Row> rows = Ec57Evaluation.run(m, mitdb, recs, inf, System.out);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> p = new LinkedHashMap<>(prov.fields());
        p.put("command", "ec57 " + DataPaths.display(model) + (records != null && !records.isEmpty() ? " --records " + String.join(",", records)
                : " --split " + split) + " --inference " + inference + " --output " + DataPaths.display(output));
        Ec57Evaluation.write(m, mitdb, recs, rows, output, p, wall);
        System.out.println("-> " + output.resolve("report.md"));
        return 0;
    }
}
