package org.ecgbench.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} from a CSV signal (no data needed: a synthetic 250 Hz ECG-like signal, so the input is resampled to the
 * model's 360 Hz and the beat positions mapped back) with the committed classical model (fast; same pipeline code).
 */
class PredictCsvTest {

    /** 30 s at 250 Hz, beats every 0.8 s (75 bpm): narrow QRS-like spike + small T wave + noise-free baseline drift. */
    static String syntheticCsv(int fs, double rr, double seconds, List<Integer> truth) {
        StringBuilder sb = new StringBuilder("time_s,II\n");
        int n = (int) (seconds * fs);
        double[] x = new double[n];
        for (double t = 0.5; t < seconds - 0.3; t += rr) {
            truth.add((int) Math.round(t * fs));
            for (int i = 0; i < n; i++) {
                double d = i / (double) fs - t;
                x[i] += 1.2 * Math.exp(-d * d / (2 * 0.012 * 0.012)) - 0.15 * Math.exp(-(d - 0.03) * (d - 0.03) / (2 * 0.01 * 0.01))
                        + 0.25 * Math.exp(-(d - 0.28) * (d - 0.28) / (2 * 0.05 * 0.05));
            }
        }
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", i / (double) fs, x[i] + 0.1 * Math.sin(2 * Math.PI * 0.2 * i / fs)));
        }
        return sb.toString();
    }

    @Test
    void csvSignalAtAnotherRate(@TempDir Path dir) throws Exception {
        List<Integer> truth = new java.util.ArrayList<>();
        Path csv = dir.resolve("synthetic.csv");
        Files.writeString(csv, syntheticCsv(250, 0.8, 30, truth));
        EcgInput in = EcgInput.csv(csv, 250, 1.0);
        assertEquals(List.of("II"), in.leadNames());
        assertEquals(7500, in.length());
        TrainedModel m = TrainedModel.load(DataPaths.projectRoot().resolve("results/weighted_lda_ds1_ds2"), DataPaths.projectRoot());
        BeatPredict.Options o = BeatPredict.Options.defaults();
        BeatPredict.Outcome out = BeatPredict.predict(m, in, o);
        assertTrue(out.notes().stream().anyMatch(s -> s.contains("no lead MLII")), out.notes().toString());
        long[] det = out.result().sample();
        assertEquals(truth.size(), det.length, "one detection per synthetic beat");
        for (int i = 0; i < det.length; i++) assertTrue(Math.abs(det[i] - truth.get(i)) <= 0.15 * 250, "beat " + i + ": " + det[i] + " vs " + truth.get(i));
        assertEquals(75.0, out.meanHeartRate(), 0.5);
        BeatPredict.write(out, dir.resolve("out"), o, null);
        assertEquals(det.length, AnnotationReader.read(dir.resolve("out/synthetic.ecgb")).size());
        assertEquals(det.length + 1, Files.readAllLines(dir.resolve("out/beats.csv")).size());
        int total = out.counts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(det.length, total);
    }

    @Test
    void csvNeedsItsRateAndRectangularRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "1.0,2.0\n3.0\n");
        assertThrows(IllegalArgumentException.class, () -> EcgInput.csv(csv, 0, 1.0));
        assertThrows(java.io.IOException.class, () -> EcgInput.csv(csv, 360, 1.0));
        Path withRate = dir.resolve("rate.csv");
        Files.writeString(withRate, "# fs: 250 Hz\n# lead in uV\nV5\n100\n-200\n");
        EcgInput in = EcgInput.csv(withRate, Double.NaN, 0.001);
        assertEquals(250, in.fs());
        assertEquals(List.of("V5"), in.leadNames());
        assertEquals(-0.2, in.mv()[0][1], 1e-12);
    }

    @Test
    void onnxRuntimeGivesDl4jsProbabilities(@TempDir Path dir) throws Exception {
        List<Integer> truth = new java.util.ArrayList<>();
        Path csv = dir.resolve("synthetic.csv");
        Files.writeString(csv, syntheticCsv(360, 0.9, 12, truth));
        EcgInput in = EcgInput.csv(csv, 360, 1.0);
        TrainedModel m = TrainedModel.load(DataPaths.projectRoot().resolve("results/arrhythminet_v1_ds1_ds2"), DataPaths.projectRoot());
        BeatPredict.Options dl4j = BeatPredict.Options.defaults();
        BeatPredict.Options ort = new BeatPredict.Options(null, BeatClassifier.Inference.ONNXRUNTIME, "ecgb", null, 10, 30);
        BeatClassifier.Result a = BeatPredict.predict(m, in, dl4j).result(), b = BeatPredict.predict(m, in, ort).result();
        assertEquals(truth.size(), a.size());
        assertArrayEquals(a.sample(), b.sample());
        for (int i = 0; i < a.size(); i++) {
            if (a.prob()[i] == null) continue;
            for (int c = 0; c < a.classNames().length; c++) assertEquals(a.prob()[i][c], b.prob()[i][c], 1e-4);
        }
    }

    @Test
    void onnxRuntimeIsRefusedForRhythmModels() throws Exception {
        TrainedModel m = TrainedModel.load(DataPaths.projectRoot().resolve("results/resnet1d_rr_ds1_ds2"), DataPaths.projectRoot());
        assertThrows(IllegalArgumentException.class, () -> new BeatClassifier(m, BeatClassifier.Inference.ONNXRUNTIME));
    }
}
