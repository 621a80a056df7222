package org.ecgbench.datavec.example;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.datavec.EcgRecordReader;
import org.ecgbench.datavec.EcgRecordSplit;
import org.ecgbench.datavec.WindowShape;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A user's own DL4J program on ecgbench's DataVec readers (docs/datavec.md): MIT-BIH beats of a few records through
 * {@link EcgRecordReader} + {@link EcgRecordSplit}, DL4J's {@link RecordReaderDataSetIterator}, a registered model
 * (ECGencode model 1) with balanced class weights and the focal loss of ecg-models, {@code fit}, and DL4J's
 * {@link Evaluation} on other records. No ecgbench runner class is involved.
 *
 * <pre>mvn -B -q test-compile exec:java -pl modules/ecg-datavec -am -Pdatavec-example -Dexec.args="../shared/data"</pre>
 */
public final class BeatClassifierExample {
    /** The data part of a spec: what the reader cuts and how (the same keys as any ecgbench spec). */
    static final String SPEC = """
            experiment: datavec_example
            data:
              leads: [MLII]
              window: {length: 256, before_r: 128}
              labels: aami4
              preprocessing:
                record: [{step: bandpass, low_hz: 0.5, high_hz: 40.0, order: 2}]
                window: [{step: zscore}]
            model: {name: ecgencode_m1}
            """;

    public record Result(Evaluation evaluation, Evaluation trainEvaluation, int trainWindows, int testWindows) {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Result r = run(data, List.of("101", "106", "119", "203", "208", "209", "215", "223"), List.of("100", "105", "200", "213", "232"),
                3, 1000, "focal", System.out);
        System.out.println(r.evaluation().stats());
    }

    /** Trains on {@code trainRecords} (at most {@code maxPerClass} windows per class) and evaluates on {@code testRecords}. */
    public static Result run(Path dataRoot, List<String> trainRecords, List<String> testRecords, int epochs, int maxPerClass, String loss,
                             PrintStream out) throws Exception {
        ExperimentSpec spec = ExperimentSpec.fromYaml(SPEC, "datavec-example");
        EcgRecordReader train = new EcgRecordReader(spec, DataPaths.projectRoot(), dataRoot).capPerClass(maxPerClass, 42).shuffle(42);
        train.initialize(EcgRecordSplit.of(trainRecords));
        EcgRecordReader test = new EcgRecordReader(spec, DataPaths.projectRoot(), dataRoot);
        test.initialize(EcgRecordSplit.of(testRecords));

        DataSetIterator trainIt = new RecordReaderDataSetIterator(train, 64, train.labelIndex(), train.numClasses());
        trainIt.setPreProcessor(new WindowShape(train.leads(), train.samples()));
        DataSetIterator testIt = new RecordReaderDataSetIterator(test, 256, test.labelIndex(), test.numClasses());
        testIt.setPreProcessor(new WindowShape(test.leads(), test.samples()));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("learning_rate", 0.003);
        params.put("loss", loss); // "focal" (CategoricalFocalLoss) or "xent" (weighted LossMCXENT), both from ecg-models
        params.put("focal_gamma", 2.0);
        List<Double> w = new ArrayList<>();
        for (double v : train.balancedClassWeights()) w.add(v);
        params.put("class_weights", w); // n / (k n_c) of the training windows, as the runner's class_weights: balanced
        ModelConfig cfg = new ModelConfig(train.leads(), train.samples(), train.numClasses(), false, params, 42L);
        ComputationGraph net = ModelRegistry.DEFAULT.get("ecgencode_m1").build(cfg);
        out.printf("training on %d windows of %s, classes %s, weights %s%n", train.windows().size(), trainRecords, train.getLabels(), w);
        for (int e = 0; e < epochs; e++) {
            net.fit(trainIt);
            out.printf("epoch %d: loss %.4f%n", e + 1, net.score());
        }
        Evaluation fit = net.evaluate(trainIt, train.getLabels());
        out.printf("training windows: accuracy %.4f, macro F1 %.4f%n", fit.accuracy(), fit.f1(org.nd4j.evaluation.EvaluationAveraging.Macro));
        Evaluation ev = net.evaluate(testIt, train.getLabels());
        out.printf("test (%d windows of %s): accuracy %.4f, macro F1 %.4f%n", test.windows().size(), testRecords, ev.accuracy(), ev.f1(
                org.nd4j.evaluation.EvaluationAveraging.Macro));
        return new Result(ev, fit, train.windows().size(), test.windows().size());
    }
}
