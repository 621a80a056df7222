package org.ecgbench.experiments.task;

import org.ecgbench.experiments.model.ModelFactory;
import org.ecgbench.pipeline.source.MitBihBeatSource;

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
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.source.RecordSource;
import org.ecgbench.experiments.pretrain.FrameFeatures;
import org.ecgbench.experiments.pretrain.KMeans;
import org.ecgbench.experiments.pretrain.SpanMasker;
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
public final class PretrainRunner {
    private final PrintStream log;

    public PretrainRunner(PrintStream log) {
        this.log = log;
    }

    /** Windows with their frame targets. */
    record Frames(float[][][] x, int[][] targets) {}

    public Path run(ExperimentSpec spec, Path specFile, ExperimentRunner.Options opt, Provenance prov) throws IOException {
        long t0 = System.nanoTime();
        Backend.init();
        ExperimentSpec.Pretraining pt = spec.pretraining;
        Path root = DataPaths.projectRoot();
        Path out = Paths.get(opt.outputDir != null ? opt.outputDir : spec.output.dir);
        if (!out.isAbsolute()) out = root.resolve(out);
        Files.createDirectories(out);
        boolean records = RecordSource.isRecordDataset(spec.data.dataset);
        Path dataRoot;
        DataSource source;
        List<String> trainRecs, valRecs;
        double fs;
        if (records) {
            // 12-lead records: the spec's split file (created patient-wise when absent); its test fold is never read
            dataRoot = RecordExperimentRunner.dataRoot(spec, opt);
            RecordSource rs = RecordSource.create(spec, root, dataRoot).withCache(RecordExperimentRunner.cacheDir(spec, root, out), log);
            RecordSource.SplitResult sp = rs.splits(root, specFile);
            trainRecs = sp.train();
            valRecs = sp.validation();
            String rel = RecordExperimentRunner.rel(root, sp.file());
            RecordExperimentRunner.nameFolds(spec, rel);
            log.printf("%s: %s%n", spec.experiment, spec.description);
            log.printf("pretraining on %d records of %s (%s), held-out loss on %d; the %d records of fold 2 are not read%n", trainRecs.size(),
                    rs.root(), rs.labels().protocol(), valRecs.size(), sp.test().size());
            source = rs;
            fs = spec.data.records.fs;
        } else {
            dataRoot = DataPaths.dataRoot(opt.dataDir != null ? opt.dataDir : spec.data.dir);
            if (!spec.split.mode.equals("records")) {
                throw new SpecException(spec.file, 1, 1, "task 'pretrain' needs split.mode 'records' (pretraining windows come from split.train records)");
            }
            source = MitBihBeatSource.create(spec, dataRoot);
            trainRecs = Splits.load(spec.split.train);
            valRecs = Splits.load(spec.split.validation);
            List<String> testRecs = Splits.load(spec.split.test);
            ExperimentRunner.assertDisjoint(spec.split.train, trainRecs, spec.split.test, testRecs);
            ExperimentRunner.assertDisjoint(spec.split.validation, valRecs, spec.split.test, testRecs);
            ExperimentRunner.assertDisjoint(spec.split.train, trainRecs, spec.split.validation, valRecs);
            log.printf("%s: %s%n", spec.experiment, spec.description);
            log.printf("pretraining on %s (%d records), held-out loss on %s (%d records); the test split %s is not read%n",
                    spec.split.train, trainRecs.size(), spec.split.validation, valRecs.size(), spec.split.test);
            fs = 360.0;
        }

        ModelBuilder builder = ModelFactory.builder(spec);
        if (!(builder instanceof HubertEcg hubert)) {
            throw new SpecException(spec.file, spec.model.line, 1, "task 'pretrain' needs a model with a masked-prediction graph (hubert_ecg), got '"
                    + builder.name() + "'");
        }
        long d0 = System.nanoTime();
        LabeledWindows trainAll = source.load(trainRecs);
        LabeledWindows valAll = source.load(valRecs);
        LabeledWindows train = pt.maxWindows == null ? trainAll : randomSubset(trainAll, pt.maxWindows, spec.training.seed);
        LabeledWindows val = spec.training.maxValidationBeats == null ? valAll
                : randomSubset(valAll, spec.training.maxValidationBeats, spec.training.seed + 1);
        double loadSeconds = (System.nanoTime() - d0) / 1e9;
        log.printf("unlabeled windows: train %d (using %d), held-out %d (using %d); loaded in %.1f s%n", trainAll.size(), train.size(),
                valAll.size(), val.size(), loadSeconds);

        ModelConfig cfg = ModelFactory.config(spec, builder, train.leads(), train.samples(), source.classNames().length, null);
        HubertEcgArch arch = HubertEcgArch.of(cfg);
        int frames = arch.frames(cfg.samples());
        int stride = arch.frameStride(), rf = arch.receptiveField();
        if ((frames - 1) * stride + rf > cfg.samples()) throw new IllegalStateException("frame geometry exceeds the window");

        // ---- k-means frame targets (seeded), fitted on training frames only
        long k0 = System.nanoTime();
        double[][] trainFeat = features(train, frames, stride, rf, pt.analysisWindow, fs);
        double[][] valFeat = features(val, frames, stride, rf, pt.analysisWindow, fs);
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
        KMeans km = KMeans.fit(sample, pt.clusters, pt.kmeansIterations, spec.training.seed);
        int[][] trainTargets = assign(km, trainFeat, train.size(), frames);
        int[][] valTargets = assign(km, valFeat, val.size(), frames);
        int[] counts = new int[pt.clusters];
        for (int[] w : trainTargets) for (int c : w) counts[c]++;
        double prior = 0;
        long total = (long) train.size() * frames;
        for (int c : counts) if (c > 0) prior -= (c / (double) total) * Math.log(c / (double) total);
        double[] prob = new double[pt.clusters];
        for (int c = 0; c < pt.clusters; c++) prob[c] = Math.max(1e-12, counts[c] / (double) total);
        double valPrior = 0;
        long valN = 0;
        for (int[] w : valTargets) for (int c : w) {
            valPrior -= Math.log(prob[c]);
            valN++;
        }
        valPrior /= Math.max(1, valN);
        double kmSeconds = (System.nanoTime() - k0) / 1e9;
        log.printf(Locale.ROOT, "frames: %d per window (stride %d, receptive field %d samples); %d features; k-means K=%d on %d frames: %d iterations, "
                        + "inertia %.3f, %.1f s; cluster-prior cross-entropy train %.4f, held-out %.4f nats%n", frames, stride, rf, dim,
                pt.clusters, sample.length, km.iterations, km.inertia, kmSeconds, prior, valPrior);

        // ---- network
        ComputationGraph net = hubert.buildPretraining(cfg, pt.clusters);
        log.printf("model %s (%s) pretraining graph: %,d parameters%n", builder.name(), arch.preset(), net.numParams());
        SpanMasker masker = new SpanMasker(pt.maskProb, pt.maskLength);
        boolean[][] valMasks = masks(masker, val.size(), frames, spec.training.seed + 101);
        int evalTrainN = Math.min(train.size(), Math.max(500, val.size()));
        boolean[][] trainEvalMasks = masks(masker, evalTrainN, frames, spec.training.seed + 202);
        double maskedShare = 0;
        for (boolean[] m : valMasks) for (boolean b : m) if (b) maskedShare++;
        maskedShare /= (double) val.size() * frames;
        log.printf(Locale.ROOT, "masking: span %d frames, start prob %.3f; held-out masked share %.3f%n", pt.maskLength, pt.maskProb, maskedShare);

        // training-loss subset: a fixed seeded sample of the training windows with fixed masks
        int[] evalIdx = java.util.Arrays.copyOf(permutation(train.size(), spec.training.seed + 303), evalTrainN);
        int bs = spec.training.batchSize;
        List<Map<String, Object>> history = new ArrayList<>();
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = 0, since = 0;
        ComputationGraph best = null;
        long trainSeen = 0;
        double trainSeconds = 0;
        for (int epoch = 1; epoch <= spec.training.epochs; epoch++) {
            long e0 = System.nanoTime();
            int[] order = permutation(train.size(), spec.training.seed * 1000 + epoch);
            SplittableRandom mr = new SplittableRandom(spec.training.seed * 7919 + epoch);
            double scoreSum = 0;
            int batches = 0;
            for (int s = 0; s < order.length; s += bs) {
                int n = Math.min(bs, order.length - s);
                int[] idx = new int[n];
                boolean[][] m = new boolean[n][];
                for (int i = 0; i < n; i++) {
                    idx[i] = order[s + i];
                    m[i] = masker.mask(frames, mr);
                }
                INDArray[] f = {windows(train, idx), maskArray(m, frames)};
                INDArray[] y = {oneHot(trainTargets, idx, pt.clusters, frames)};
                INDArray[] lm = {labelMask(m, frames)};
                net.fit(new org.nd4j.linalg.dataset.MultiDataSet(f, y, null, lm));
                scoreSum += net.score();
                batches++;
                trainSeen += n;
            }
            double fitSeconds = (System.nanoTime() - e0) / 1e9;
            trainSeconds += fitSeconds;
            double[] tr = maskedLoss(net, train, trainTargets, evalIdx, trainEvalMasks, pt.clusters, frames);
            int[] vIdx = new int[val.size()];
            for (int i = 0; i < vIdx.length; i++) vIdx[i] = i;
            double[] va = maskedLoss(net, val, valTargets, vIdx, valMasks, pt.clusters, frames);
            double secs = (System.nanoTime() - e0) / 1e9;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch);
            row.put("fit_score", scoreSum / Math.max(1, batches));
            row.put("train_masked_loss", tr[0]);
            row.put("train_masked_accuracy", tr[1]);
            row.put("heldout_masked_loss", va[0]);
            row.put("heldout_masked_accuracy", va[1]);
            row.put("seconds", secs);
            history.add(row);
            log.printf(Locale.ROOT, "epoch %d: masked-frame loss train %.4f (acc %.3f), held-out %.4f (acc %.3f); fit score %.4f; %.1f s (%.0f windows/s)%n",
                    epoch, tr[0], tr[1], va[0], va[1], scoreSum / Math.max(1, batches), secs, train.size() / fitSeconds);
            if (va[0] < bestVal) {
                bestVal = va[0];
                bestEpoch = epoch;
                best = net.clone();
                since = 0;
            } else if (++since >= spec.training.patience) {
                log.printf("early stop: held-out loss did not improve for %d epochs%n", since);
                break;
            }
        }

        // ---- outputs (each atomic)
        final ComputationGraph bestNet = best != null ? best : net;
        AtomicFiles.writeVia(out.resolve("encoder.zip"), tmp -> ModelSerializer.writeModel(bestNet, tmp.toFile(), false));
        StringBuilder h = new StringBuilder("epoch,fit_score,train_masked_loss,train_masked_accuracy,heldout_masked_loss,heldout_masked_accuracy,seconds\n");
        for (Map<String, Object> r : history) {
            h.append(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.4f,%.5f,%.4f,%.1f%n", r.get("epoch"), r.get("fit_score"), r.get("train_masked_loss"),
                    r.get("train_masked_accuracy"), r.get("heldout_masked_loss"), r.get("heldout_masked_accuracy"), r.get("seconds")));
        }
        AtomicFiles.writeString(out.resolve("history.csv"), h.toString());
        StringBuilder kc = new StringBuilder("cluster,train_frames");
        for (int q = 0; q < dim; q++) kc.append(",f").append(q);
        kc.append('\n');
        kc.append("mean,");
        for (double v : mean) kc.append(String.format(Locale.ROOT, ",%.6g", v));
        kc.append("\nstd,");
        for (double v : sd) kc.append(String.format(Locale.ROOT, ",%.6g", v));
        kc.append('\n');
        for (int c = 0; c < pt.clusters; c++) {
            kc.append(c).append(',').append(counts[c]);
            for (double v : km.centres[c]) kc.append(String.format(Locale.ROOT, ",%.6g", v));
            kc.append('\n');
        }
        AtomicFiles.writeString(out.resolve("kmeans.csv"), kc.toString());

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("train_records", trainRecs);
        facts.put("heldout_records", valRecs);
        facts.put("train_windows", train.size());
        facts.put("heldout_windows", val.size());
        facts.put("frames_per_window", frames);
        facts.put("frame_stride_samples", stride);
        facts.put("frame_receptive_field_samples", rf);
        facts.put("features_per_frame", dim);
        facts.put("clusters", pt.clusters);
        facts.put("kmeans_sample_frames", sample.length);
        facts.put("kmeans_iterations", km.iterations);
        facts.put("kmeans_inertia", km.inertia);
        facts.put("cluster_train_frames", counts);
        facts.put("prior_cross_entropy_train", prior);
        facts.put("prior_cross_entropy_heldout", valPrior);
        facts.put("heldout_masked_share", maskedShare);
        facts.put("params_pretraining_graph", net.numParams());
        facts.put("epochs_run", history.size());
        facts.put("best_epoch", bestEpoch);
        facts.put("best_heldout_masked_loss", bestVal);
        facts.put("train_seconds", trainSeconds);
        facts.put("train_windows_per_s", trainSeen / Math.max(1e-9, trainSeconds));
        facts.put("data_load_seconds", loadSeconds);
        facts.put("kmeans_seconds", kmSeconds);
        AtomicFiles.writeString(out.resolve("summary.json"), Json.write(facts) + "\n");

        prov.put("experiment", spec.experiment);
        prov.put("task", "pretrain");
        prov.put("smoke", spec.smoke);
        prov.put("spec_file", root.relativize(specFile.toAbsolutePath().normalize()).toString());
        prov.put("spec_sha256", spec.sha256);
        prov.put("data_dir", records ? ((RecordSource) source).root().toString() : dataRoot.toString());
        prov.put("sampling_rate_hz", fs);
        prov.put("data_checksum", source.dataChecksum());
        prov.put("train_seed", spec.training.seed);
        prov.put("backend", Backend.describe());
        prov.put("wall_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        AtomicFiles.writeString(out.resolve("report.md"), report(spec, source, arch, cfg, facts, history, prov));
        prov.write(out.resolve("provenance.json"));
        log.printf(Locale.ROOT, "pretraining done: best held-out masked loss %.4f at epoch %d (cluster prior %.4f); encoder: %s%n", bestVal, bestEpoch,
                valPrior, out.resolve("encoder.zip"));
        return out;
    }

    static LabeledWindows randomSubset(LabeledWindows w, int max, long seed) {
        if (w.size() <= max) return w;
        int[] p = permutation(w.size(), seed);
        int[] idx = java.util.Arrays.copyOf(p, max);
        java.util.Arrays.sort(idx);
        return w.subset(idx);
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
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

    static String report(ExperimentSpec spec, DataSource source, HubertEcgArch arch, ModelConfig cfg, Map<String, Object> facts,
                         List<Map<String, Object>> history, Provenance prov) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.experiment).append(" — HuBERT-ECG masked-prediction pretraining\n\n");
        if (spec.smoke) sb.append("**SMOKE RUN: reduced data/epochs; numbers are not results.**\n\n");
        sb.append(spec.description.strip()).append("\n\n");
        sb.append("## Setup\n\n| item | value |\n|---|---|\n");
        sb.append("| model | hubert_ecg, config ").append(arch.preset()).append(" (hidden ").append(arch.hidden()).append(", ").append(arch.layers())
                .append(" layers, ").append(arch.heads()).append(" heads, ffn ").append(arch.ffn()).append(") |\n");
        for (Map.Entry<String, Object> e : source.describe().entrySet()) sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        sb.append("| class labels | not used (windows only) |\n");
        ExperimentSpec.Pretraining pt = spec.pretraining;
        sb.append(String.format(Locale.ROOT, "| masking | spans of %d frames, start probability %.3f, masked frames replaced by the learned mask embedding |%n",
                pt.maskLength, pt.maskProb));
        sb.append(String.format(Locale.ROOT, "| optimiser | Adam, lr %g, batch %d, up to %d epochs, patience %d on the held-out loss |%n",
                spec.training.learningRate, spec.training.batchSize, spec.training.epochs, spec.training.patience));
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof int[] a ? java.util.Arrays.toString(a) : v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
            sb.append("| ").append(e.getKey()).append(" | ").append(s).append(" |\n");
        }
        sb.append("\n## Masked-frame loss per epoch (cross-entropy in nats over masked frames; inference mode, fixed masks)\n\n");
        sb.append(String.format(Locale.ROOT, "Reference: predicting every masked frame by the training cluster frequencies gives %.4f nats on the held-out windows "
                + "(train %.4f); a loss below it means the encoder predicts the hidden frames from their context.%n%n",
                (Double) facts.get("prior_cross_entropy_heldout"), (Double) facts.get("prior_cross_entropy_train")));
        sb.append("| epoch | train loss | train acc | held-out loss | held-out acc | fit score | s |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : history) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.3f | %.4f | %.3f | %.4f | %.1f |%n", r.get("epoch"), r.get("train_masked_loss"),
                    r.get("train_masked_accuracy"), r.get("heldout_masked_loss"), r.get("heldout_masked_accuracy"), r.get("fit_score"), r.get("seconds")));
        }
        sb.append("\n`fit score` is DL4J's minibatch score during training (dropout on, fresh masks), for reference only.\n");
        sb.append("\n## Provenance\n\n").append(prov.toMarkdown());
        return sb.toString();
    }
}
