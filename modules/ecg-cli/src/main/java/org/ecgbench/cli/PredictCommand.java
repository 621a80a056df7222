package org.ecgbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgbench.experiments.predict.BeatClassifier;
import org.ecgbench.experiments.predict.BeatPredict;
import org.ecgbench.experiments.predict.EcgInput;
import org.ecgbench.experiments.predict.RecordPredict;
import org.ecgbench.experiments.predict.TrainedModel;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecgbench predict}: a trained result folder + a recording (WFDB record or CSV) → beat-by-beat predictions
 * (beat models: QRS detector, windows as in training, {@code beats.csv}, a WFDB annotation file, {@code report.html},
 * {@code summary.json}) or one prediction per record (record models: {@code prediction.csv}, {@code report.html}).
 * The record's reference annotations are never read, except with {@code --reference-annotations} to evaluate.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict on a recording with a trained model (a results folder with model.zip or model.ecgbase).",
                "Beat models: detect QRS, classify every beat, write beats.csv, <record>.<annotator> (WFDB) and report.html.",
                "Record (12-lead) models: one prediction per record with per-label probabilities (prediction.csv, report.html)."})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Trained result folder, e.g. results/resnet1d_rr_ds1_ds2.")
    Path model;

    static final class Input {
        @Option(names = "--record", description = "WFDB record: PATH/NAME (or PATH/NAME.hea); only the header and signal files are read.")
        Path record;

        @Option(names = "--csv", description = "CSV signal: one column per lead in mV (header row with lead names optional); the rate from --fs or a first line '# fs: HZ'.")
        Path csv;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--fs", description = "Sampling rate of the CSV signal, Hz (else read from a first line '# fs: HZ').")
    Double fs;

    @Option(names = "--csv-scale", defaultValue = "1.0", description = "Multiply CSV values by this to get mV (e.g. 0.001 for µV; default ${DEFAULT-VALUE}).")
    double csvScale;

    @Option(names = "--lead", split = ",",
            description = "Input lead(s) for the model's lead(s), by name or index (default: the model's lead names; a one-lead model falls back to the first signal).")
    List<String> lead;

    @Option(names = "--inference", defaultValue = "dl4j", description = "dl4j or onnxruntime (default ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--annotator", defaultValue = "ecgb", description = "Extension of the written WFDB annotation file (default ${DEFAULT-VALUE}).")
    String annotator;

    @Option(names = "--reference-annotations",
            description = "EVALUATION ONLY: a reference annotation file (e.g. 208.atr) to compare the predicted beats with (EC57, 150 ms); never used to predict.")
    Path reference;

    @Option(names = "--strip-seconds", defaultValue = "10", description = "Seconds of the full-resolution strip in report.html (default ${DEFAULT-VALUE}).")
    double stripSeconds;

    @Option(names = "--output", required = true, description = "Output folder.")
    Path output;

    static BeatClassifier.Inference inference(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "dl4j" -> BeatClassifier.Inference.DL4J;
            case "onnxruntime", "onnx" -> BeatClassifier.Inference.ONNXRUNTIME;
            default -> throw new IllegalArgumentException("--inference must be dl4j or onnxruntime, got '" + s + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        if (!annotator.matches("[A-Za-z0-9_]+")) throw new IllegalArgumentException("--annotator must be letters, digits or '_', got '" + annotator + "'");
        BeatClassifier.Inference inf = inference(inference);
        Path root = DataPaths.projectRoot();
        Provenance prov = Provenance.collect(root);
        long t0 = System.nanoTime();
        TrainedModel m = TrainedModel.load(model, root);
        EcgInput in;
        if (input.record != null) {
            in = EcgInput.wfdb(input.record);
        } else {
            in = EcgInput.csv(input.csv, fs == null ? Double.NaN : fs, csvScale);
        }
        Map<String, Object> p = new LinkedHashMap<>(prov.fields());
        p.put("command", "predict " + DataPaths.display(model) + (input.record != null ? " --record " + DataPaths.display(input.record)
                : " --csv " + DataPaths.display(input.csv) + " --fs " + fs) + (lead == null ? "" : " --lead " + String.join(",", lead))
                + " --inference " + inference + (reference == null ? "" : " --reference-annotations " + DataPaths.display(reference)));
        if (m.beatModel()) {
            BeatPredict.Options o = new BeatPredict.Options(lead, inf, annotator, reference, stripSeconds, 30);
            BeatPredict.Outcome r = BeatPredict.predict(m, in, o);
            p.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            BeatPredict.write(r, output, o, p);
            System.out.printf(Locale.ROOT, "%s: %d beats %s, PVC burden %.2f %%, mean HR %.1f bpm (lead %s) -> %s%n", in.name(), r.result().size(),
                    r.counts(), 100 * r.pvcBurden(), r.meanHeartRate(), r.leadName(), output);
            if (r.ec57() != null) System.out.println("against " + reference + ": " + r.ec57());
        } else {
            if (lead != null) throw new IllegalArgumentException("--lead applies to beat models; a record model takes its leads by name");
            if (reference != null) throw new IllegalArgumentException("--reference-annotations applies to beat models");
            RecordPredict.Outcome r = RecordPredict.predict(m, in, inf);
            p.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            RecordPredict.write(r, output, p);
            for (RecordPredict.LabelRow row : r.rows()) {
                System.out.printf(Locale.ROOT, "%s %-12s p=%.4f%s%n", in.name(), row.label(), row.probability(), row.positive() ? "  (positive)" : "");
            }
            System.out.println("-> " + output);
        }
        for (String w : m.warnings) System.err.println("warning: " + w);
        Files.writeString(output.resolve("provenance.json"), Json.write(p) + "\n");
        return 0;
    }
}
