package org.ecgbench.experiments.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.windows.LabeledWindows;

/**
 * Trains a network epoch by epoch with early stopping on a validation score, keeps the best
 * model ({@code best.zip}) and a resumable last state ({@code last.zip} + {@code state.json}),
 * all written atomically. A progress bar shows ETA, live training loss and the last validation
 * score. The validation score is supplied by the caller (e.g. macro F1 on the validation
 * split); the test split never reaches this class.
 */
public final class Trainer {

    public static final class Options {
        public int epochs = 10;
        public int batchSize = 64;
        public long seed = 42;
        public int patience = 3;
        public double minDelta = 0.0;
        /** "none" or "plateau" (multiply the LR by lrFactor after lrPatience epochs without improvement). */
        public String lrSchedule = "none";
        public double lrFactor = 0.5;
        public int lrPatience = 2;
        public double learningRate = 1e-3;
        public String specSha256 = "";
        /** Fingerprint of the data files and split lists the run reads ({@code DataFingerprint}); a resume with other data is refused. */
        public String dataFingerprint = "";
        public boolean showProgress = true;
        /** Higher is better; for loss the caller negates it. */
        public String scoreName = "macro_f1";
        /**
         * Refit mode: no early stopping and no plateau schedule; every epoch's model replaces the previous one, so the
         * result is the model after the last epoch (the validation score is still logged).
         */
        public boolean keepLast;

        /** The spec's {@code training} section (and its hash, for resume checks) as trainer options. */
        public static Options fromSpec(org.ecgbench.pipeline.spec.ExperimentSpec spec, boolean showProgress) {
            Options to = new Options();
            to.epochs = spec.training.epochs;
            to.batchSize = spec.training.batchSize;
            to.seed = spec.training.seed;
            to.patience = spec.training.patience;
            to.minDelta = spec.training.minDelta;
            to.lrSchedule = spec.training.lrSchedule.key();
            to.lrFactor = spec.training.lrFactor;
            to.lrPatience = spec.training.lrPatience;
            to.learningRate = spec.training.learningRate;
            to.specSha256 = spec.sha256;
            to.showProgress = showProgress;
            to.scoreName = spec.training.earlyStoppingMetric.key();
            return to;
        }
    }

    public record Result(ComputationGraph best, TrainingState state, double seconds, long trainSamplesSeen) {}

    /**
     * Test hook (system property {@code ecgbench.trainer.batchDelayMs}): a pause after every batch, so the
     * kill-and-resume test can kill a child JVM in the middle of an epoch of a tiny model. 0 (default) = off.
     */
    static final long BATCH_DELAY_MS = Long.getLong("ecgbench.trainer.batchDelayMs", 0L);

    private static void pause() {
        try {
            Thread.sleep(BATCH_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A validation score (higher is better) and extra per-epoch figures for the history. */
    public record Score(double value, Map<String, Object> extras) {}

    /** Scores the network after each epoch on held-out data (never the test split). */
    @FunctionalInterface
    public interface Scorer {
        Score score(ComputationGraph net);
    }

    private final PrintStream log;

    public Trainer(PrintStream log) {
        this.log = log;
    }

    /**
     * @param validationScore given the network and the validation windows, returns a score
     *                        where higher is better.
     */
    public Result train(ComputationGraph net, LabeledWindows train, LabeledWindows val, Options o, Path checkpointDir,
                        ToDoubleBiFunction<ComputationGraph, LabeledWindows> validationScore) throws IOException {
        return train(net, Batches.of(train, o.batchSize, o.seed), o, checkpointDir, n -> new Score(validationScore.applyAsDouble(n, val), Map.of()));
    }

    /**
     * The one training loop (supervised training and pretraining): epochs of {@code batches}, a validation score after
     * each, early stopping with patience, an optional plateau LR schedule, and atomic checkpoints ({@code best.zip},
     * {@code last.zip} with the updater state, {@code state.json}) from which an interrupted run resumes.
     */
    public Result train(ComputationGraph net, Batches batches, Options o, Path checkpointDir, Scorer scorer) throws IOException {
        Files.createDirectories(checkpointDir);
        Path stateFile = checkpointDir.resolve("state.json");
        Path lastFile = checkpointDir.resolve("last.zip");
        Path bestFile = checkpointDir.resolve("best.zip");
        TrainingState st = new TrainingState();
        st.learningRate = o.learningRate;
        st.specSha256 = o.specSha256;
        st.dataFingerprint = o.dataFingerprint;
        if (Files.exists(stateFile) && Files.exists(lastFile)) st = resume(net, o, checkpointDir, stateFile, lastFile);
        while (!st.finished && st.epochsDone < o.epochs) {
            int epoch = st.epochsDone; // 0-based
            batches.startEpoch(epoch);
            // every random draw of an epoch (dropout, noise layers) comes from a stream fixed by the seed and the epoch, so an
            // epoch rerun after an interruption (at any point of it) draws exactly what the uninterrupted run drew
            Nd4j.getRandom().setSeed(o.seed * 7_919L + epoch + 1);
            long e0 = System.nanoTime();
            double meanLoss = runEpoch(net, batches, o, st, epoch);
            Score sc = scorer.score(net);
            endEpoch(net, o, st, epoch, meanLoss, sc, (System.nanoTime() - e0) / 1e9, bestFile);
            AtomicFiles.writeVia(lastFile, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
            st.write(stateFile);
        }
        if (!Files.exists(bestFile)) throw new IllegalStateException("no best checkpoint in " + checkpointDir);
        ComputationGraph best = ModelSerializer.restoreComputationGraph(bestFile.toFile(), false);
        // training time and windows seen over all sessions of this run (a resumed run adds its epochs)
        double secs = 0;
        for (Map<String, Object> h : st.history) secs += ((Number) h.get("seconds")).doubleValue();
        return new Result(best, st, secs, (long) st.epochsDone * batches.examplesPerEpoch());
    }

    /** The saved state of an interrupted run of the same spec and data: parameters, Adam moments and counters, learning rate. */
    private TrainingState resume(ComputationGraph net, Options o, Path checkpointDir, Path stateFile, Path lastFile) throws IOException {
        TrainingState prev = TrainingState.read(stateFile);
        if (!prev.specSha256.equals(o.specSha256)) {
            throw new IllegalStateException("checkpoint in " + checkpointDir + " belongs to a different spec (sha256 "
                    + prev.specSha256 + ", this spec " + o.specSha256 + "); delete it or use another output dir");
        }
        if (!prev.dataFingerprint.isEmpty() && !o.dataFingerprint.isEmpty() && !prev.dataFingerprint.equals(o.dataFingerprint)) {
            throw new IllegalStateException("checkpoint in " + checkpointDir + " was trained on other data or splits (data fingerprint "
                    + prev.dataFingerprint + ", now " + o.dataFingerprint + "); run again with --fresh to start over, or use another output dir");
        }
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(lastFile.toFile(), true);
        net.setParams(restored.params());
        // the saved Adam moments go into this network's own updater (an updater object belongs to the graph it was built for)
        org.nd4j.linalg.api.ndarray.INDArray saved = restored.getUpdater().getStateViewArray();
        if (saved != null) net.getUpdater().getStateViewArray().assign(saved);
        // Adam's bias correction and any schedule read these counters: continue them, not restart at 0
        net.getConfiguration().setIterationCount(restored.getConfiguration().getIterationCount());
        net.getConfiguration().setEpochCount(restored.getConfiguration().getEpochCount());
        log.printf("Resuming from %s: %d epoch(s) done, best %s %.4f at epoch %d%n", checkpointDir, prev.epochsDone,
                o.scoreName, prev.bestScore, prev.bestEpoch);
        if (prev.learningRate != o.learningRate) net.setLearningRate(prev.learningRate);
        return prev;
    }

    /** Fits every batch of one epoch (progress bar or periodic lines); returns the mean training loss. */
    private double runEpoch(ComputationGraph net, Batches it, Options o, TrainingState st, int epoch) {
        long e0 = System.nanoTime();
        double lossSum = 0;
        int nb = 0;
        long lastLine = e0;
        String lastVal = Double.isInfinite(st.bestScore) ? "-" : String.format("%.4f", st.bestScore);
        try (ProgressBar pb = progress(o, epoch, it.batchesPerEpoch())) {
            while (it.hasNext()) {
                it.fitNext(net);
                if (BATCH_DELAY_MS > 0) pause();
                double loss = net.score();
                if (Double.isNaN(loss) || Double.isInfinite(loss)) {
                    throw new IllegalStateException("training diverged: loss is " + loss + " at epoch " + (epoch + 1)
                            + ", batch " + (nb + 1) + " (try a lower learning_rate)");
                }
                lossSum += loss;
                nb++;
                if (pb != null) {
                    pb.step();
                    pb.setExtraMessage(String.format(" loss %.4f | best val %s %s", lossSum / nb, o.scoreName, lastVal));
                } else if (o.showProgress && System.nanoTime() - lastLine > 30e9) {
                    lastLine = System.nanoTime();
                    double el = (lastLine - e0) / 1e9;
                    double rem = el / nb * (it.batchesPerEpoch() - nb);
                    log.printf("  epoch %d/%d batch %d/%d, loss %.4f, %.0f samples/s, epoch ETA %s%n", epoch + 1, o.epochs, nb,
                            it.batchesPerEpoch(), lossSum / nb, seenEpoch(nb, o.batchSize) / el, eta(Duration.ofSeconds((long) rem)));
                }
            }
        }
        return lossSum / Math.max(1, nb);
    }

    /** Records the epoch in the history; keeps the best model, counts patience, applies the plateau schedule, stops early. */
    private void endEpoch(ComputationGraph net, Options o, TrainingState st, int epoch, double meanLoss, Score sc, double secs, Path bestFile)
            throws IOException {
        double score = sc.value();
        boolean improved = o.keepLast || score > st.bestScore + o.minDelta;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epoch", epoch + 1);
        h.put("train_loss", meanLoss);
        h.put("val_score", score);
        h.put("learning_rate", st.learningRate);
        h.put("seconds", Math.round(secs * 10) / 10.0);
        h.putAll(sc.extras());
        st.history.add(h);
        st.epochsDone = epoch + 1;
        if (improved) {
            st.bestScore = score;
            st.bestEpoch = epoch + 1;
            st.badEpochs = 0;
            st.lrBadEpochs = 0;
            AtomicFiles.writeVia(bestFile, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), false));
        } else {
            st.badEpochs++;
            st.lrBadEpochs++;
            if (o.lrSchedule.equals("plateau") && st.lrBadEpochs >= o.lrPatience) {
                st.learningRate *= o.lrFactor;
                net.setLearningRate(st.learningRate);
                st.lrBadEpochs = 0;
                log.printf("  learning rate reduced to %.3g%n", st.learningRate);
            }
        }
        log.printf("epoch %d/%d: train loss %.4f, validation %s %.4f%s (%.0f s)%n", epoch + 1, o.epochs, meanLoss, o.scoreName, score,
                improved ? " *best*" : "", secs);
        if (!o.keepLast && st.badEpochs >= o.patience) {
            log.printf("early stopping: no improvement of validation %s for %d epoch(s); best epoch %d%n", o.scoreName, o.patience, st.bestEpoch);
            st.finished = true;
        }
        if (st.epochsDone >= o.epochs) st.finished = true;
    }

    private ProgressBar progress(Options o, int epoch, int batches) {
        if (!o.showProgress || System.console() == null) return null;
        return new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch + 1, o.epochs))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(2000)
                .showSpeed()
                .setMaxRenderedLength(120)
                .build();
    }

    private static double seenEpoch(int batches, int batchSize) {
        return (double) batches * batchSize;
    }

    static String eta(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
