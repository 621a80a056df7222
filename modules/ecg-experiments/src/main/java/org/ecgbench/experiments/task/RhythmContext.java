package org.ecgbench.experiments.task;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.RhythmHead;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.rhythm.Standardizer;

/**
 * {@code data.rr_features: true} in {@code train_eval}: the beat source attaches 9 raw RR features per window
 * ({@link LabeledWindows#aux}); here they are standardised with statistics of the TRAINING split only (every training
 * window, before any class cap; never validation or test), and every registered model is wrapped by
 * {@link RhythmHead} ({@value RhythmHead#DEFAULT_HIDDEN} hidden units) so that it takes them as a second input. The trainer,
 * predictor and evaluation need nothing else (the iterator yields two inputs when windows carry aux features).
 */
final class RhythmContext {
    private RhythmContext() {}

    static boolean on(TrainEvalTask.Prepared p) {
        return p.train != null && p.train.aux != null;
    }

    /** Fits the standardiser on the training split's rows and applies it to train and validation (call before any sampling). */
    static void standardize(RunContext ctx, TrainEvalTask.Prepared p) {
        // cross-validation standardises per fold, with the statistics of that fold's training records (CrossValidation)
        if (!on(p) || ctx.spec().split.mode == org.ecgbench.pipeline.spec.ExperimentSpec.Split.Mode.CV_RECORDS) return;
        p.rrStandardizer = fit(p.train);
        p.train = apply(p.rrStandardizer, p.train);
        p.val = apply(p.rrStandardizer, p.val);
        ctx.log().printf("rhythm context: %d RR features per window, standardised with the training split's %d windows (mean %s)%n",
                p.train.auxColumns(), p.train.size(), java.util.Arrays.toString(round(p.rrStandardizer.mean())));
        ctx.provenance().put("rr_standardizer_mean", p.rrStandardizer.mean());
        ctx.provenance().put("rr_standardizer_sd", p.rrStandardizer.sd());
    }

    /** The standardiser of a training split's auxiliary features. */
    static Standardizer fit(LabeledWindows train) {
        double[][] rows = new double[train.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = toDouble(train.aux[i]);
        return Standardizer.fit(rows);
    }

    /** Windows with their auxiliary features standardised (the same windows when there are none). */
    static LabeledWindows apply(Standardizer s, LabeledWindows w) {
        if (s == null || w.aux == null) return w;
        float[][] out = new float[w.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] r = s.transformRow(toDouble(w.aux[i]));
            out[i] = new float[r.length];
            for (int k = 0; k < r.length; k++) out[i][k] = (float) r[k];
        }
        return w.withAux(out);
    }

    /** The test windows, standardised with the training statistics (read in the report phase). */
    static LabeledWindows applyToTest(TrainEvalTask.Prepared p, LabeledWindows test) {
        return apply(p.rrStandardizer, test);
    }

    /** The rhythm head's shape from {@code model.rhythm_head} (hidden 16, no morphology dropout, no wide path by default). */
    static RhythmHead.Options options(org.ecgbench.pipeline.spec.ExperimentSpec spec) {
        var h = spec.model.rhythmHead;
        return new RhythmHead.Options(h.hidden, h.morphologyDropout, h.wide);
    }

    /** The model with the rhythm head when the windows carry RR features, else the model itself. */
    static ComputationGraph wrap(org.ecgbench.pipeline.spec.ExperimentSpec spec, LabeledWindows train, ComputationGraph net) {
        return train.aux != null ? RhythmHead.wrap(net, train.auxColumns(), options(spec)) : net;
    }

    /** The model with the rhythm head when the windows carry RR features, else the model itself. */
    static ComputationGraph wrap(TrainEvalTask.Prepared p, org.ecgbench.pipeline.spec.ExperimentSpec spec, ComputationGraph net) {
        return on(p) ? wrap(spec, p.train, net) : net;
    }

    /** Forward FLOPs the head adds per window (0 without rhythm context). */
    static long extraFlops(TrainEvalTask.Prepared p, org.ecgbench.pipeline.spec.ExperimentSpec spec) {
        return on(p) ? RhythmHead.extraFlops(p.train.auxColumns(), options(spec), p.train.numClasses()) : 0;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static double[] round(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Math.round(v[i] * 1000) / 1000.0;
        return o;
    }
}
