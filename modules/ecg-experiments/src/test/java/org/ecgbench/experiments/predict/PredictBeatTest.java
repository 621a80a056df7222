package org.ecgbench.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} with a beat model on the first 5 minutes of MIT-BIH record 100, copied WITHOUT its {@code .atr} (a
 * folder named {@code 100.atr} stands in its place, so any attempt to read it would fail): detected beats match the
 * reference annotations (read here by the test, not by predict) within 150 ms, and the written annotation file reads
 * back as the predicted beats.
 */
class PredictBeatTest {
    static final int FRAMES = 5 * 60 * 360;
    static TrainedModel model;

    @BeforeAll
    static void load() throws Exception {
        if (!DataPaths.hasDataset("mitdb")) return;
        model = TrainedModel.load(DataPaths.projectRoot().resolve("results/resnet1d_rr_ds1_ds2"), DataPaths.projectRoot());
    }

    /** Record 100's header and the first {@link #FRAMES} frames of its format-212 signal file, and a folder in place of 100.atr. */
    static Path excerptWithoutAtr(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path mitdb = DataPaths.dataset(null, "mitdb");
        List<String> hea = Files.readAllLines(mitdb.resolve("100.hea"), StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder("100 2 360 " + FRAMES + "\n");
        for (String l : hea.subList(1, 3)) {
            String[] f = l.trim().split("\\s+");
            // file format gain adcres adczero initval [checksum blocksize] description: drop the checksum of the whole record
            sb.append(String.join(" ", f[0], f[1], f[2], f[3], f[4], f[5], "0", "0", f[f.length - 1])).append('\n');
        }
        Files.writeString(dir.resolve("100.hea"), sb.toString(), StandardCharsets.ISO_8859_1);
        byte[] dat = Files.readAllBytes(mitdb.resolve("100.dat"));
        Files.write(dir.resolve("100.dat"), java.util.Arrays.copyOf(dat, FRAMES * 3));
        Files.createDirectories(dir.resolve("100.atr"));
        return dir.resolve("100");
    }

    @Test
    void detectedBeatsMatchTheReferenceAndTheAnnotationFileRoundTrips(@TempDir Path dir) throws Exception {
        RequiresData.mitdb();
        Path rec = excerptWithoutAtr(dir.resolve("in"));
        EcgInput in = EcgInput.wfdb(rec);
        assertEquals(FRAMES, in.length());
        BeatPredict.Options o = BeatPredict.Options.defaults();
        BeatPredict.Outcome out = BeatPredict.predict(model, in, o);
        Path res = dir.resolve("out");
        BeatPredict.write(out, res, o, null);

        long[] ref = AnnotationReader.read(DataPaths.dataset(null, "mitdb").resolve("100.atr")).stream().filter(Annotation::isBeat)
                .mapToLong(Annotation::sample).filter(s -> s < FRAMES).toArray();
        long[] det = out.result().sample();
        int matched = 0;
        int j = 0;
        for (long r : ref) {
            while (j < det.length && det[j] < r - 54) j++;
            if (j < det.length && Math.abs(det[j] - r) <= 54) matched++; // 150 ms at 360 Hz
        }
        assertTrue(matched >= 0.99 * ref.length, matched + " of " + ref.length + " reference beats within 150 ms");
        assertTrue(det.length <= 1.01 * ref.length, det.length + " detections for " + ref.length + " reference beats");
        int v = out.counts().get("V");
        assertTrue(v <= 3, "record 100 has 1 PVC in its first 5 min; predicted " + v);

        List<Annotation> back = AnnotationReader.read(res.resolve("100.ecgb"));
        assertEquals(det.length, back.size());
        String[] sym = out.symbols();
        for (int i = 0; i < det.length; i++) {
            assertEquals(det[i], back.get(i).sample());
            assertEquals(sym[i], back.get(i).symbol());
            assertTrue(back.get(i).isBeat());
        }
        List<String> csv = Files.readAllLines(res.resolve("beats.csv"));
        assertEquals("sample,time_s,class,wfdb_symbol,classified,p_N,p_S,p_V,p_F", csv.get(0));
        assertEquals(det.length + 1, csv.size());
        String html = Files.readString(res.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("PVC burden"));
        assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "self-contained");
    }

    @Test
    void atReferencePositionsTheWindowsAreTheTrainingOnes() throws Exception {
        RequiresData.mitdb();
        // the training run's test predictions hold DS2 record 100: classifying at the same reference beats must agree
        Path mitdb = DataPaths.dataset(null, "mitdb");
        EcgInput full = EcgInput.wfdb(mitdb.resolve("100"));
        double[][] mv = new double[full.mv().length][];
        for (int l = 0; l < mv.length; l++) mv[l] = java.util.Arrays.copyOf(full.mv()[l], FRAMES);
        EcgInput in = new EcgInput("100", full.fs(), full.leadNames(), mv, full.source());
        // beats of the first 5 min (RR features are causal but for the post-RR; zero-phase filters settle within seconds)
        long[] peaks = java.util.Arrays.stream(ReferenceBeats.read(mitdb.resolve("100.atr"), full.length()).samples()).filter(s -> s < FRAMES).toArray();
        BeatClassifier.Result a = new BeatClassifier(model, BeatClassifier.Inference.DL4J).classify(in, new int[] {in.leadIndex("MLII")}, peaks);
        var trained = Ec57Evaluation.trainingPredictions(model.folder).get("100");
        int same = 0, compared = 0;
        for (int i = 0; i < a.size(); i++) {
            String t = trained.get(a.sample()[i]);
            if (t == null || a.cls()[i] < 0 || a.sample()[i] > FRAMES - 20 * 360) continue;
            compared++;
            if (t.equals(a.classNames()[a.cls()[i]])) same++;
        }
        assertTrue(compared > 300, compared + " beats compared");
        assertEquals(compared, same, same + " of " + compared + " beats agree with predictions.csv.gz");
    }
}
