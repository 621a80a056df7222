package org.ecgbench.experiments.task;

import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.pipeline.source.DataSources;
import org.ecgbench.experiments.train.Batches;
import org.ecgbench.experiments.train.Trainer;

import org.ecgbench.pipeline.source.DataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.hubert.HubertEcg;
import org.ecgbench.models.hubert.HubertEcgArch;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.DataFingerprint;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.experiments.pretrain.FrameFeatures;
import org.ecgbench.experiments.pretrain.KMeans;
import org.ecgbench.experiments.pretrain.SpanMasker;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.split.Splits;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code task: pretrain}: HuBERT's first pretraining iteration on unlabeled windows. Windows of the
 * {@code split.train} records are cut and preprocessed exactly as for fine-tuning (their class labels
 * are never read); per-frame features ({@link FrameFeatures}) are standardised and clustered by seeded
 * k-means into {@code pretraining.clusters} targets; each epoch, frames are masked in spans
 * ({@link SpanMasker}, fresh masks every epoch), masked frames are replaced by the learned mask
 * embedding, and the network is trained with cross-entropy on the masked frames only (the labels mask
 * of DL4J's RnnOutputLayer). The masked-frame loss is reported per epoch on a fixed-mask subset of
 * the training windows and on the {@code split.validation} records (held out; never the test split);
 * the encoder with the lowest held-out loss is saved atomically as {@code encoder.zip}, with
 * {@code history.csv}, {@code kmeans.csv}, {@code report.md} and {@code provenance.json}.
 */
/**
 * {@code task: pretrain}: HuBERT's first pretraining iteration on unlabeled windows, trained by the same {@link Trainer}
 * as supervised runs (checkpoints, resume, early stopping, LR schedule). Windows of the training records are cut and
 * preprocessed exactly as for fine-tuning (their class labels are never read); per-frame features
 * ({@link FrameFeatures}) are standardised and clustered by seeded k-means into {@code pretraining.clusters} targets;
 * each epoch, frames are masked in spans ({@link SpanMasker}; the masks of an epoch depend only on the seed and the
 * epoch, so a resumed run sees the same ones), masked frames are replaced by the learned mask embedding, and the
 * network is trained with cross-entropy on the masked frames only (the labels mask of DL4J's RnnOutputLayer). The
 * masked-frame loss on the held-out records (never the test split) is the validation score; the best encoder is saved
 * as {@code encoder.zip} with {@code history.csv}, {@code kmeans.csv}, {@code report.md} and {@code provenance.json}.
 */
public final class PretrainTask implements Task<PretrainTask.Prepared, Trainer.Result> {

    /** Windows with their frame targets, the k-means model and the pretraining graph. */
    static final class Prepared {
        DataSource source;
        List<String> trainRecs, valRecs;
        double fs;
        LabeledWindows train, val;
        double loadSeconds;
        ModelConfig cfg;
        HubertEcgArch arch;
        int frames, stride, rf, dim;
        double[] mean, sd;
        KMeans km;
        int sampleFrames;
        int[][] trainTargets, valTargets;
        int[] counts;
        double prior, valPrior, kmSeconds, maskedShare;
        ComputationGraph net;
        SpanMasker masker;
        boolean[][] valMasks, trainEvalMasks;
        int[] evalIdx;
        String dataDir;
        DataFingerprint fingerprint;
    }

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public void validate(RunContext ctx) {
        ExperimentSpec spec = ctx.spec();
        ModelBuilder builder = ModelFactory.builder(spec);
        ModelFactory.checkParams(spec, builder);
        if (!(builder instanceof HubertEcg)) {
            throw new SpecException(spec.file, spec.model.line, 1, "task 'pretrain' needs a model with a masked-prediction graph (hubert_ecg), got '"
                    + builder.name() + "'");
        }
        // split.mode random_beats is refused by the spec parser for task pretrain (with its line)
    }

    @Override
    public Prepared prepare(RunContext ctx) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Prepared p = new Prepared();
        if (DataSources.isRecordDataset(spec.data.dataset)) recordSplits(ctx, p);
        else beatSplits(ctx, p);
        p.fingerprint = TrainEvalTask.fingerprint(ctx, p.source, Map.of("train", p.trainRecs, "validation", p.valRecs));
        long d0 = System.nanoTime();
        LabeledWindows trainAll = p.source.load(p.trainRecs);
        LabeledWindows valAll = p.source.load(p.valRecs);
        p.train = spec.pretraining.maxWindows == null ? trainAll : randomSubset(trainAll, spec.pretraining.maxWindows, spec.training.seed);
        p.val = spec.training.maxValidationBeats == null ? valAll : randomSubset(valAll, spec.training.maxValidationBeats, spec.training.seed + 1);
        p.loadSeconds = (System.nanoTime() - d0) / 1e9;
        ctx.log().printf("unlabeled windows: train %d (using %d), held-out %d (using %d); loaded in %.1f s%n", trainAll.size(), p.train.size(),
                valAll.size(), p.val.size(), p.loadSeconds);
        HubertEcg hubert = (HubertEcg) ModelFactory.builder(spec);
        p.cfg = ModelFactory.config(spec, hubert, p.train.leads(), p.train.samples(), p.source.classNames().length, null);
        p.arch = HubertEcgArch.of(p.cfg);
        p.frames = p.arch.frames(p.cfg.samples());
        p.stride = p.arch.frameStride();
        p.rf = p.arch.receptiveField();
        if ((p.frames - 1) * p.stride + p.rf > p.cfg.samples()) throw new IllegalStateException("frame geometry exceeds the window");
        clusterTargets(ctx, p);
        p.net = hubert.buildPretraining(p.cfg, spec.pretraining.clusters);
        ctx.log().printf("model %s (%s) pretraining graph: %,d parameters%n", hubert.name(), p.arch.preset(), p.net.numParams());
        prepareMasks(ctx, p);
        return p;
    }

    private void recordSplits(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        // 12-lead records: the spec's split file (created patient-wise when absent); its test fold is never read
        RecordSource rs = RecordSource.create(spec, ctx.root(), ctx.recordDataRoot()).withCache(ctx.cacheDir(), ctx.log());
        RecordSource.SplitResult sp = rs.splits(ctx.root(), ctx.specFile());
        p.trainRecs = sp.train();
        p.valRecs = sp.validation();
        ctx.nameFolds(sp.file());
        ctx.log().printf("%s: %s%n", spec.experiment, spec.description);
        ctx.log().printf("pretraining on %d records of %s (%s), held-out loss on %d; the %d records of fold 2 are not read%n", p.trainRecs.size(),
                rs.root(), rs.labels().protocol(), p.valRecs.size(), sp.test().size());
        p.source = rs;
        p.fs = spec.data.records.fs;
        p.dataDir = ctx.rel(rs.root());
    }

    private void beatSplits(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path dataRoot = ctx.dataRoot();
        p.source = DataSources.create(spec, ctx.root(), dataRoot);
        p.trainRecs = Splits.load(spec.split.train);
        p.valRecs = Splits.load(spec.split.validation);
        List<String> testRecs = Splits.load(spec.split.test);
        ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.test, testRecs);
        ExperimentRunner.assertDisjoint(spec.split.validation, p.valRecs, spec.split.test, testRecs);
        ExperimentRunner.assertDisjoint(spec.split.train, p.trainRecs, spec.split.validation, p.valRecs);
        ctx.log().printf("%s: %s%n", spec.experiment, spec.description);
        ctx.log().printf("pretraining on %s (%d records), held-out loss on %s (%d records); the test split %s is not read%n",
                spec.split.train, p.trainRecs.size(), spec.split.validation, p.valRecs.size(), spec.split.test);
        p.fs = 360.0;
        p.dataDir = ctx.rel(dataRoot);
    }

    /** Seeded k-means frame targets, fitted on training frames only. */
    private void clusterTargets(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        ExperimentSpec.Pretraining pt = spec.pretraining;
        long k0 = System.nanoTime();
        double[][] trainFeat = features(p.train, p.frames, p.stride, p.rf, pt.analysisWindow, p.fs);
        double[][] valFeat = features(p.val, p.frames, p.stride, p.rf, pt.analysisWindow, p.fs);
        int dim = trainFeat[0].length;
        double[] mean = new double[dim], sd = new double[dim];
        for (double[] r : trainFeat) for (int q = 0; q < dim; q++) mean[q] += r[q] / trainFeat.length;
        for (double[] r : trainFeat) for (int q = 0; q < dim; q++) sd[q] += (r[q] - mean[q]) * (r[q] - mean[q]) / trainFeat.length;
        for (int q = 0; q < dim; q++) sd[q] = Math.sqrt(sd[q]) + 1e-12;
        standardise(trainFeat, mean, sd);
        standardise(valFeat, mean, sd);
        double[][] sample = trainFeat;
        if (trainFeat.length > pt.kmeansSample) {
            int[] idx = permutation(trainFeat.length, spec.training.seed + 17);
            sample = new double[pt.kmeansSample][];
            for (int i = 0; i < sample.length; i++) sample[i] = trainFeat[idx[i]];
        }
        p.km = KMeans.fit(sample, pt.clusters, pt.kmeansIterations, spec.training.seed);
        p.trainTargets = assign(p.km, trainFeat, p.train.size(), p.frames);
        p.valTargets = assign(p.km, valFeat, p.val.size(), p.frames);
        p.dim = dim;
        p.mean = mean;
        p.sd = sd;
        p.sampleFrames = sample.length;
        priors(p, pt.clusters);
        p.kmSeconds = (System.nanoTime() - k0) / 1e9;
        ctx.log().printf(Locale.ROOT, "frames: %d per window (stride %d, receptive field %d samples); %d features; k-means K=%d on %d frames: %d iterations, "
                        + "inertia %.3f, %.1f s; cluster-prior cross-entropy train %.4f, held-out %.4f nats%n", p.frames, p.stride, p.rf, dim,
                pt.clusters, sample.length, p.km.iterations, p.km.inertia, p.kmSeconds, p.prior, p.valPrior);
    }

    /** Cross-entropy of predicting every frame by the training cluster frequencies (the loss to beat). */
    private static void priors(Prepared p, int k) {
        p.counts = new int[k];
        for (int[] w : p.trainTargets) for (int c : w) p.counts[c]++;
        long total = (long) p.train.size() * p.frames;
        double prior = 0;
        for (int c : p.counts) if (c > 0) prior -= (c / (double) total) * Math.log(c / (double) total);
        double[] prob = new double[k];
        for (int c = 0; c < k; c++) prob[c] = Math.max(1e-12, p.counts[c] / (double) total);
        double valPrior = 0;
        long valN = 0;
        for (int[] w : p.valTargets) {
            for (int c : w) {
                valPrior -= Math.log(prob[c]);
                valN++;
            }
        }
        p.prior = prior;
        p.valPrior = valPrior / Math.max(1, valN);
    }

    /** Fixed masks for the held-out loss and for a fixed seeded sample of training windows. */
    private void prepareMasks(RunContext ctx, Prepared p) {
        ExperimentSpec spec = ctx.spec();
        p.masker = new SpanMasker(spec.pretraining.maskProb, spec.pretraining.maskLength);
        p.valMasks = masks(p.masker, p.val.size(), p.frames, spec.training.seed + 101);
        int evalTrainN = Math.min(p.train.size(), Math.max(500, p.val.size()));
        p.trainEvalMasks = masks(p.masker, evalTrainN, p.frames, spec.training.seed + 202);
        double share = 0;
        for (boolean[] m : p.valMasks) for (boolean b : m) if (b) share++;
        p.maskedShare = share / ((double) p.val.size() * p.frames);
        p.evalIdx = java.util.Arrays.copyOf(permutation(p.train.size(), spec.training.seed + 303), evalTrainN);
        ctx.log().printf(Locale.ROOT, "masking: span %d frames, start prob %.3f; held-out masked share %.3f%n", spec.pretraining.maskLength,
                spec.pretraining.maskProb, p.maskedShare);
    }

    @Override
    public Trainer.Result perform(RunContext ctx, Prepared p) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Trainer.Options o = Trainer.Options.fromSpec(spec, ctx.showProgress());
        o.scoreName = "neg_heldout_masked_loss";
        o.dataFingerprint = p.fingerprint.sha256();
        int k = spec.pretraining.clusters;
        int[] vIdx = java.util.stream.IntStream.range(0, p.val.size()).toArray();
        Trainer.Scorer scorer = net -> {
            double[] tr = maskedLoss(net, p.train, p.trainTargets, p.evalIdx, p.trainEvalMasks, k, p.frames);
            double[] va = maskedLoss(net, p.val, p.valTargets, vIdx, p.valMasks, k, p.frames);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("train_masked_loss", tr[0]);
            extras.put("train_masked_accuracy", tr[1]);
            extras.put("heldout_masked_loss", va[0]);
            extras.put("heldout_masked_accuracy", va[1]);
            ctx.log().printf(Locale.ROOT, "  masked-frame loss train %.4f (acc %.3f), held-out %.4f (acc %.3f)%n", tr[0], tr[1], va[0], va[1]);
            return new Trainer.Score(-va[0], extras);
        };
        return new Trainer(ctx.log()).train(p.net, new MaskedBatches(p, spec), o, ctx.checkpoints(), scorer);
    }

    /** Shuffled batches of windows with fresh span masks; the order and masks of an epoch depend only on the seed and the epoch. */
    private static final class MaskedBatches implements Batches {
        private final Prepared p;
        private final long seed;
        private final int bs, k;
        private int[] order;
        private SplittableRandom mr;
        private int cursor;

        MaskedBatches(Prepared p, ExperimentSpec spec) {
            this.p = p;
            this.seed = spec.training.seed;
            this.bs = spec.training.batchSize;
            this.k = spec.pretraining.clusters;
        }

        @Override public int examplesPerEpoch() { return p.train.size(); }
        @Override public int batchesPerEpoch() { return (p.train.size() + bs - 1) / bs; }
        @Override public boolean hasNext() { return cursor < order.length; }

        @Override
        public void startEpoch(int epoch) {
            order = permutation(p.train.size(), seed * 1000 + epoch + 1);
            mr = new SplittableRandom(seed * 7919 + epoch + 1);
            cursor = 0;
        }

        @Override
        public int fitNext(ComputationGraph net) {
            int n = Math.min(bs, order.length - cursor);
            int[] idx = new int[n];
            boolean[][] m = new boolean[n][];
            for (int i = 0; i < n; i++) {
                idx[i] = order[cursor + i];
                m[i] = p.masker.mask(p.frames, mr);
            }
            cursor += n;
            INDArray[] f = {windows(p.train, idx), maskArray(m, p.frames)};
            INDArray[] y = {oneHot(p.trainTargets, idx, k, p.frames)};
            INDArray[] lm = {labelMask(m, p.frames)};
            net.fit(new org.nd4j.linalg.dataset.MultiDataSet(f, y, null, lm));
            return n;
        }
    }

    @Override
    public void report(RunContext ctx, Prepared p, Trainer.Result r) throws IOException {
        ExperimentSpec spec = ctx.spec();
        Path out = ctx.output();
        AtomicFiles.writeVia(out.resolve("encoder.zip"), tmp -> ModelSerializer.writeModel(r.best(), tmp.toFile(), false));
        r.state().writeCsvs(out, "");
        AtomicFiles.writeString(out.resolve("kmeans.csv"), kmeansCsv(p, spec.pretraining.clusters));
        PretrainFacts facts = facts(p, r, spec);
        AtomicFiles.writeString(out.resolve("summary.json"), Json.write(facts) + "\n");
        Provenance prov = ctx.provenance();
        prov.put("task", "pretrain");
        prov.put("data_dir", p.dataDir);
        prov.put("sampling_rate_hz", p.fs);
        prov.put("data_checksum", p.source.dataChecksum());
        prov.put("train_seed", spec.training.seed);
        prov.put("backend", Backend.describe());
        prov.put("wall_seconds", ctx.wallSeconds());
        AtomicFiles.writeString(out.resolve("report.md"), report(spec, p.source, p.arch, p.cfg, facts, r.state().history, prov));
        double best = -r.state().bestScore;
        ctx.log().printf(Locale.ROOT, "pretraining done: best held-out masked loss %.4f at epoch %d (cluster prior %.4f); encoder: %s%n", best,
                r.state().bestEpoch, p.valPrior, out.resolve("encoder.zip"));
    }

    private static String kmeansCsv(Prepared p, int clusters) {
        List<String> header = new ArrayList<>(List.of("cluster", "train_frames"));
        for (int q = 0; q < p.dim; q++) header.add("f" + q);
        org.ecgbench.pipeline.io.Csv.Table t = new org.ecgbench.pipeline.io.Csv.Table(header);
        t.row(row("mean", "", p.mean));
        t.row(row("std", "", p.sd));
        for (int c = 0; c < clusters; c++) t.row(row(String.valueOf(c), String.valueOf(p.counts[c]), p.km.centres[c]));
        return t.toString();
    }

    private static List<Object> row(String a, String b, double[] v) {
        List<Object> r = new ArrayList<>(List.of(a, b));
        for (double x : v) r.add(String.format(Locale.ROOT, "%.6g", x));
        return r;
    }

    /** What the pretraining report and {@code summary.json} hold besides the per-epoch history (snake_case keys). */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PretrainFacts(List<String> trainRecords, List<String> heldoutRecords, int trainWindows, int heldoutWindows, int framesPerWindow,
                         int frameStrideSamples, int frameReceptiveFieldSamples, int featuresPerFrame, int clusters, int kmeansSampleFrames,
                         int kmeansIterations, double kmeansInertia, int[] clusterTrainFrames, double priorCrossEntropyTrain,
                         double priorCrossEntropyHeldout, double heldoutMaskedShare, long paramsPretrainingGraph, int epochsRun, int bestEpoch,
                         double bestHeldoutMaskedLoss, double trainSeconds, double trainWindowsPerS, double dataLoadSeconds, double kmeansSeconds) {}

    private static PretrainFacts facts(Prepared p, Trainer.Result r, ExperimentSpec spec) {
        return new PretrainFacts(p.trainRecs, p.valRecs, p.train.size(), p.val.size(), p.frames, p.stride, p.rf, p.dim, spec.pretraining.clusters,
                p.sampleFrames, p.km.iterations, p.km.inertia, p.counts, p.prior, p.valPrior, p.maskedShare, p.net.numParams(),
                r.state().epochsDone, r.state().bestEpoch, -r.state().bestScore, r.seconds(),
                r.trainSamplesSeen() / Math.max(1e-9, r.seconds()), p.loadSeconds, p.kmSeconds);
    }

    static double num(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static LabeledWindows randomSubset(LabeledWindows w, int max, long seed) {
        if (w.size() <= max) return w;
        int[] p = permutation(w.size(), seed);
        int[] idx = java.util.Arrays.copyOf(p, max);
        java.util.Arrays.sort(idx);
        return w.subset(idx);
    }

    static int[] permutation(int n, long seed) {
        return org.ecgbench.signal.util.Shuffle.permutation(n, seed);
    }

    static double[][] features(LabeledWindows w, int frames, int stride, int rf, int analysisWindow, double fs) {
        double[][] out = new double[w.size() * frames][];
        for (int i = 0; i < w.size(); i++) {
            double[][] f = FrameFeatures.of(w.input(i), frames, stride, rf, analysisWindow, fs);
            System.arraycopy(f, 0, out, i * frames, frames);
        }
        return out;
    }

    static void standardise(double[][] x, double[] mean, double[] sd) {
        for (double[] r : x) for (int q = 0; q < r.length; q++) r[q] = (r[q] - mean[q]) / sd[q];
    }

    static int[][] assign(KMeans km, double[][] feat, int n, int frames) {
        int[][] t = new int[n][frames];
        for (int i = 0; i < n; i++) for (int j = 0; j < frames; j++) t[i][j] = km.assign(feat[i * frames + j]);
        return t;
    }

    static boolean[][] masks(SpanMasker m, int n, int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[][] out = new boolean[n][];
        for (int i = 0; i < n; i++) out[i] = m.mask(frames, r);
        return out;
    }

    static INDArray windows(LabeledWindows x, int[] idx) {
        int leads = x.leads(), len = x.samples();
        float[] flat = new float[idx.length * leads * len];
        for (int i = 0; i < idx.length; i++) x.inputs().copyTo(idx[i], flat, i * leads * len);
        return Nd4j.create(flat, new long[] {idx.length, leads, len}, 'c').castTo(Nd4j.defaultFloatingPointType());
    }

    static INDArray maskArray(boolean[][] m, int frames) {
        float[] flat = new float[m.length * frames];
        for (int i = 0; i < m.length; i++) for (int t = 0; t < frames; t++) flat[i * frames + t] = m[i][t] ? 1f : 0f;
        return Nd4j.create(flat, new long[] {m.length, 1, frames}, 'c').castTo(Nd4j.defaultFloatingPointType());
    }

    static INDArray labelMask(boolean[][] m, int frames) {
        return maskArray(m, frames).reshape(m.length, frames);
    }

    static INDArray oneHot(int[][] targets, int[] idx, int k, int frames) {
        float[] flat = new float[idx.length * k * frames];
        for (int i = 0; i < idx.length; i++) for (int t = 0; t < frames; t++) flat[(i * k + targets[idx[i]][t]) * frames + t] = 1f;
        return Nd4j.create(flat, new long[] {idx.length, k, frames}, 'c').castTo(Nd4j.defaultFloatingPointType());
    }

    /** Mean cross-entropy (nats) and accuracy over the masked frames of the given windows (inference mode). */
    static double[] maskedLoss(ComputationGraph net, LabeledWindows x, int[][] targets, int[] idx, boolean[][] masks, int k, int frames) {
        double loss = 0, correct = 0;
        long n = 0;
        for (int s = 0; s < idx.length; s += 256) {
            int[] b = java.util.Arrays.copyOfRange(idx, s, Math.min(idx.length, s + 256));
            boolean[][] m = new boolean[b.length][];
            for (int i = 0; i < b.length; i++) m[i] = masks[s + i];
            double[] p = net.output(false, windows(x, b), maskArray(m, frames))[0].castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int i = 0; i < b.length; i++) {
                for (int t = 0; t < frames; t++) {
                    if (!m[i][t]) continue;
                    int c = targets[b[i]][t];
                    loss -= Math.log(Math.max(1e-12, p[(i * k + c) * frames + t]));
                    int arg = 0;
                    double bp = -1;
                    for (int q = 0; q < k; q++) {
                        double v = p[(i * k + q) * frames + t];
                        if (v > bp) {
                            bp = v;
                            arg = q;
                        }
                    }
                    if (arg == c) correct++;
                    n++;
                }
            }
        }
        return new double[] {loss / Math.max(1, n), correct / Math.max(1, n)};
    }

    static String report(ExperimentSpec spec, DataSource source, HubertEcgArch arch, ModelConfig cfg, PretrainFacts facts,
                         List<Map<String, Object>> history, Provenance prov) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append(" — HuBERT-ECG masked-prediction pretraining\n\n");
        if (spec.smoke) sb.append("**SMOKE RUN: reduced data/epochs; numbers are not results.**\n\n");
        sb.append(spec.description.strip()).append("\n\n");
        sb.append("## Setup\n\n");
        MarkdownTable setup = new MarkdownTable().header("item", "value");
        setup.row("model", "hubert_ecg, config " + arch.preset() + " (hidden " + arch.hidden() + ", " + arch.layers() + " layers, "
                + arch.heads() + " heads, ffn " + arch.ffn() + ")");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) setup.row(e.getKey(), e.getValue());
        setup.row("class labels", "not used (windows only)");
        ExperimentSpec.Pretraining pt = spec.pretraining;
        setup.row("masking", String.format(Locale.ROOT, "spans of %d frames, start probability %.3f, masked frames replaced by the learned mask embedding",
                pt.maskLength, pt.maskProb));
        setup.row("optimiser", String.format(Locale.ROOT, "Adam, lr %g, batch %d, up to %d epochs, patience %d on the held-out loss",
                spec.training.learningRate, spec.training.batchSize, spec.training.epochs, spec.training.patience));
        for (Map.Entry<String, Object> e : Json.toMap(facts).entrySet()) {
            Object v = e.getValue();
            setup.row(e.getKey(), v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v));
        }
        sb.append(setup);
        sb.append("\n## Masked-frame loss per epoch (cross-entropy in nats over masked frames; inference mode, fixed masks)\n\n");
        sb.append(String.format(Locale.ROOT, "Reference: predicting every masked frame by the training cluster frequencies gives %.4f nats on the held-out windows "
                + "(train %.4f); a loss below it means the encoder predicts the hidden frames from their context.%n%n",
                facts.priorCrossEntropyHeldout(), facts.priorCrossEntropyTrain()));
        MarkdownTable epochs = new MarkdownTable().header("epoch", "train loss", "train acc", "held-out loss", "held-out acc", "fit score", "s");
        for (Map<String, Object> r : history) {
            epochs.row(r.get("epoch"), String.format(Locale.ROOT, "%.4f", num(r, "train_masked_loss")),
                    String.format(Locale.ROOT, "%.3f", num(r, "train_masked_accuracy")), String.format(Locale.ROOT, "%.4f", num(r, "heldout_masked_loss")),
                    String.format(Locale.ROOT, "%.3f", num(r, "heldout_masked_accuracy")), String.format(Locale.ROOT, "%.4f", num(r, "train_loss")),
                    String.format(Locale.ROOT, "%.1f", num(r, "seconds")));
        }
        sb.append(epochs);
        sb.append("\n`fit score` is DL4J's minibatch score during training (dropout on, fresh masks), for reference only.\n");
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown());
        return sb.toString();
    }
}
