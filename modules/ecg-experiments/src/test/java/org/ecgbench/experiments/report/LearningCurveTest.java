package org.ecgbench.experiments.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learning curves from result folders: reading, the power-law fit in log-space, and the written files. */
class LearningCurveTest {
    @TempDir Path dir;

    /** A minimal result folder as TrainEvalTask writes it for a multi-label record run. */
    Path folder(String name, int train, double auc, double lo, double hi, boolean refit) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("summary.json"), "{\"experiment\": \"" + name + "\", \"smoke\": false, \"model\": \"ecgencode_m1\","
                + " \"label_protocol\": \"ptbxl_superdiagnostic\", \"facts\": {\"train_records\": \"" + train
                + " records (split.train_fraction 0.25 (seed 1): ...)\"" + (refit ? ", \"refit\": \"x\"" : "") + "}}");
        Files.writeString(d.resolve("metrics.csv"), "split,metric,value,ci_low,ci_high,ci_valid_resamples,n_records,n_patients,bootstrap_n,ci_level\n"
                + "validation,macro_auc,0.5,,,,10,10,0,\ntest,macro_auc," + auc + "," + lo + "," + hi + ",100,20,20,100,0.95\n");
        Files.writeString(d.resolve("provenance.json"), "{}");
        return d;
    }

    @Test
    void powerLawIsExactOnPowerLawPointsAndExtrapolates() {
        List<LearningCurve.Point> pts = new ArrayList<>();
        for (int n : new int[] {184, 368, 735}) {
            double auc = 1 - 2.0 * Math.pow(n, -0.3);
            pts.add(new LearningCurve.Point("t", "m", n, auc, auc - 0.01, auc + 0.01, "f" + n, false));
        }
        LearningCurve.PowerLaw pl = LearningCurve.fit(pts);
        assertEquals(2.0, pl.a(), 1e-9);
        assertEquals(0.3, pl.b(), 1e-9);
        assertEquals(1 - 2.0 * Math.pow(17000, -0.3), pl.predict(17000), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.fit(pts.subList(0, 1)));
    }

    @Test
    void writesCsvMarkdownAndPngAndLabelsTheExtrapolation() throws Exception {
        List<LearningCurve.Point> pts = new ArrayList<>();
        pts.add(LearningCurve.read(folder("lc100", 735, 0.80, 0.76, 0.84, false)));
        pts.add(LearningCurve.read(folder("lc025", 184, 0.70, 0.65, 0.75, false)));
        pts.add(LearningCurve.read(folder("lc050", 368, 0.75, 0.70, 0.80, false)));
        assertEquals(184, pts.get(1).trainRecords());
        assertEquals("ptbxl_superdiagnostic", pts.get(0).task());
        Path out = dir.resolve("out");
        LearningCurve.write(out, pts, 17000);
        List<String> csv = Files.readAllLines(out.resolve("learning_curve.csv"));
        assertEquals("task,model,train_records,macro_auc,ci_low,ci_high,kind,source", csv.get(0));
        assertEquals("ptbxl_superdiagnostic,ecgencode_m1,184,0.7000,0.6500,0.7500,measured,lc025", csv.get(1), "sorted by size");
        assertTrue(csv.get(4).startsWith("ptbxl_superdiagnostic,ecgencode_m1,17000,") && csv.get(4).contains(",,,extrapolated_power_law,"), csv.get(4));
        assertTrue(Files.readString(out.resolve("learning_curve.md")).contains("**extrapolated**"));
        assertTrue(Files.size(out.resolve("learning_curve.png")) > 1000);
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.read(folder("refit", 735, 0.8, 0.7, 0.9, true)),
                "a refitted model was trained on more than its train_records");
    }
}
