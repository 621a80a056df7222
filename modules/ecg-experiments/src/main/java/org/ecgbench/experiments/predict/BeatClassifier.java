package org.ecgbench.experiments.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgbench.baselines.features.BeatFeatures;
import org.ecgbench.baselines.features.FeatureSet;
import org.ecgbench.databases.Resampler;
import org.ecgbench.experiments.train.OnnxInference;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.pipeline.source.MitBihBeatSource;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.preprocess.Preprocessing;
import org.ecgbench.signal.preprocess.SignalStep;
import org.ecgbench.signal.preprocess.WindowStep;
import org.ecgbench.signal.rhythm.RrFeatures;

/**
 * Classifies the beats of one recording at given R-peak positions with a trained MIT-BIH beat model, cutting the windows
 * exactly as the training spec's pipeline ({@code BeatExtractor} + {@code MitBihBeatSource}) does: the model's leads
 * (resampled to {@value TrainedModel#BEAT_FS} Hz when the input has another rate) → the spec's record preprocessing
 * on the whole lead → window {@code [R − before_r, R − before_r + length)} → window preprocessing; the RR features
 * of a rhythm-context model come from the GIVEN R peaks (all of them, e.g. the detector's) and are standardised with
 * the training split's statistics; the template channels ({@code data.window_template}) from the windows of the given
 * peaks. A beat whose window does not fit inside the recording is not classified (class -1, written as Q).
 */
public final class BeatClassifier {
    /** Inference backend. */
    public enum Inference { DL4J, ONNXRUNTIME }

    private final TrainedModel model;
    private final Inference inference;
    private final List<SignalStep> recordSteps;
    private final List<WindowStep> windowSteps;
    private Path onnxFile;

    public BeatClassifier(TrainedModel model, Inference inference) {
        if (!model.beatModel()) throw new IllegalArgumentException(model.name() + " is a record model, not a beat model");
        this.model = model;
        this.inference = inference;
        this.recordSteps = Preprocessing.recordSteps(model.spec.data.recordSteps);
        this.windowSteps = model.classical != null ? List.of() : Preprocessing.windowSteps(model.spec.data.windowSteps);
        if (inference == Inference.ONNXRUNTIME && model.classical != null) {
            throw new IllegalArgumentException("--inference onnxruntime: " + model.name() + " is a classical model (model.ecgbase), not a network");
        }
        if (inference == Inference.ONNXRUNTIME && model.rrStandardizer != null) {
            throw new IllegalArgumentException("--inference onnxruntime: " + model.name() + " has a second input (RR features, RhythmHead); "
                    + "the ONNX export takes single-input networks only. Use --inference dl4j");
        }
    }

    /** Classes and probabilities of the beats at {@code peaks} (samples of the input, strictly increasing). */
    public record Result(long[] sample, int[] cls, double[][] prob, String[] classNames, int repairedSamples) {
        public int size() { return sample.length; }
    }

    /** The model's leads as rows of the input at 360 Hz, record-preprocessed; NaN samples are held at the last valid value (counted). */
    float[][] preparedLeads(EcgInput in, int[] leadIndex, int[] repaired) {
        float[][] out = new float[leadIndex.length][];
        for (int l = 0; l < leadIndex.length; l++) {
            double[] x = in.mv()[leadIndex[l]].clone();
            double last = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i])) last = x[i];
                else {
                    x[i] = last;
                    repaired[0]++;
                }
            }
            if (in.fs() != TrainedModel.BEAT_FS) {
                float[] f = new float[x.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) x[i];
                f = Resampler.resample(f, in.fs(), TrainedModel.BEAT_FS);
                x = new double[f.length];
                for (int i = 0; i < f.length; i++) x[i] = f[i];
            }
            for (SignalStep s : recordSteps) x = s.apply(x, TrainedModel.BEAT_FS);
            out[l] = new float[x.length];
            for (int i = 0; i < x.length; i++) out[l][i] = (float) x[i];
        }
        return out;
    }

    public Result classify(EcgInput in, int[] leadIndex, long[] peaks) throws IOException {
        int[] repaired = new int[1];
        float[][] sig = preparedLeads(in, leadIndex, repaired);
        int n = sig[0].length;
        int len = model.spec.data.windowLength, before = model.spec.data.beforeR;
        double ratio = TrainedModel.BEAT_FS / in.fs();
        long[] p360 = new long[peaks.length];
        for (int i = 0; i < peaks.length; i++) p360[i] = Math.round(peaks[i] * ratio);
        List<Integer> fit = new ArrayList<>();
        for (int i = 0; i < peaks.length; i++) {
            if (i > 0 && p360[i] <= p360[i - 1]) throw new IllegalArgumentException("R peaks must be strictly increasing (beat " + i + ")");
            long s = p360[i] - before;
            if (s >= 0 && s + len <= n) fit.add(i);
        }
        float[][][] x = new float[fit.size()][sig.length][len];
        for (int k = 0; k < fit.size(); k++) {
            int start = (int) (p360[fit.get(k)] - before);
            for (int l = 0; l < sig.length; l++) {
                System.arraycopy(sig[l], start, x[k][l], 0, len);
                for (WindowStep s : windowSteps) s.apply(x[k][l]);
            }
        }
        double[][] probs = fit.isEmpty() ? new double[0][] : (model.classical != null ? classical(x, fit, p360) : deep(x, fit, p360));
        int[] cls = new int[peaks.length];
        double[][] prob = new double[peaks.length][];
        Arrays.fill(cls, -1);
        int[] am = Predictor.argmax(probs);
        for (int k = 0; k < fit.size(); k++) {
            cls[fit.get(k)] = am[k];
            prob[fit.get(k)] = probs[k];
        }
        return new Result(peaks.clone(), cls, prob, model.classNames, repaired[0]);
    }

    private double[][] deep(float[][][] x, List<Integer> fit, long[] p360) throws IOException {
        String[] rec = new String[x.length];
        Arrays.fill(rec, "input");
        long[] s = new long[x.length];
        for (int k = 0; k < s.length; k++) s[k] = p360[fit.get(k)];
        float[][][] in = model.spec.data.windowTemplate ? MitBihBeatSource.withTemplateChannels(x, rec) : x;
        LabeledWindows w = new LabeledWindows(in, new int[x.length], rec, s, model.classNames);
        if (model.rrStandardizer != null) w = w.withAux(rr(fit, p360));
        if (inference == Inference.DL4J) return Predictor.predict(model.net, w, 256);
        if (onnxFile == null) {
            onnxFile = Files.createTempFile("ecgbench-predict-", ".onnx");
            onnxFile.toFile().deleteOnExit();
            OnnxInference.export(model.net, w, onnxFile);
        }
        return OnnxInference.predict(onnxFile, w, 256, 2);
    }

    /** Standardised RR features of the windows (rows {@code fit}) computed on all given peaks. */
    private float[][] rr(List<Integer> fit, long[] p360) {
        double[][] f = RrFeatures.compute(p360, TrainedModel.BEAT_FS);
        float[][] out = new float[fit.size()][];
        for (int k = 0; k < out.length; k++) {
            double[] r = model.rrStandardizer.transformRow(f[fit.get(k)]);
            out[k] = new float[r.length];
            for (int c = 0; c < r.length; c++) out[k][c] = (float) r[c];
        }
        return out;
    }

    private double[][] classical(float[][][] x, List<Integer> fit, long[] p360) {
        FeatureSet set = FeatureSet.byName(String.valueOf(model.spec.model.params.getOrDefault("feature_set", "rhythm_morphology")));
        double[][] win = new double[x.length][];
        long[] wp = new long[x.length];
        for (int k = 0; k < x.length; k++) {
            win[k] = new double[x[k][0].length];
            for (int t = 0; t < win[k].length; t++) win[k][t] = x[k][0][t];
            wp[k] = p360[fit.get(k)];
        }
        double[][] feats = BeatFeatures.record(set, win, wp, p360, TrainedModel.BEAT_FS, model.spec.data.beforeR);
        return model.classical.predictProba(feats);
    }
}
