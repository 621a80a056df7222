package org.ecgbench.experiments.eval;

import java.util.Map;
import org.ecgbench.eval.Bootstrap;
import org.ecgbench.eval.MulticlassMetrics;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.experiments.train.Predictor;

/** Metrics of predicted probabilities against the windows' labels, with beat- and record-level bootstrap CIs. */
public final class MulticlassEvaluation {
    private MulticlassEvaluation() {}

    public static EvalSummary evaluate(String split, LabeledWindows d, double[][] probs, int bootstrap, double level, long seed,
                                       boolean aucCi) {
        int[] pred = Predictor.argmax(probs);
        MulticlassMetrics m = MulticlassMetrics.compute(d.y, pred, probs, d.classNames);
        EvalSummary s = new EvalSummary(split, d.size(), d.records().size());
        s.point.putAll(m.toMap());
        long[][] c = m.confusionMatrix();
        s.confusion = new int[c.length][c.length];
        for (int i = 0; i < c.length; i++) for (int j = 0; j < c.length; j++) s.confusion[i][j] = (int) c[i][j];
        s.classNames = d.classNames;
        s.bootstrapN = bootstrap;
        s.ciLevel = level;
        if (bootstrap > 0) {
            Map<String, Bootstrap.Interval> beat = Bootstrap.bootstrap(d.y, pred, probs, d.classNames, null, bootstrap, seed, level, aucCi);
            Map<String, Bootstrap.Interval> rec = Bootstrap.bootstrap(d.y, pred, probs, d.classNames, d.record, bootstrap, seed + 1, level, aucCi);
            beat.forEach((k, v) -> s.beatCi.put(k, new double[] {v.lower(), v.upper()}));
            rec.forEach((k, v) -> s.recordCi.put(k, new double[] {v.lower(), v.upper()}));
        }
        return s;
    }

    /** Mean cross-entropy of the probabilities (for early stopping on loss). */
    public static double meanCrossEntropy(int[] y, double[][] p) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s -= Math.log(Math.max(1e-12, p[i][y[i]]));
        return s / y.length;
    }
}
