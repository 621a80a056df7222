package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ecgbench predict} through picocli on a synthetic CSV signal (no data needed) with the committed classical model. */
class PredictCommandTest {

    @Test
    void csvThroughTheCommandLine(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("MLII\n");
        int fs = 360, n = 20 * fs;
        for (int i = 0; i < n; i++) {
            double t = i / (double) fs, d = (t % 1.0) - 0.5; // one beat per second at 0.5, 1.5, ...
            sb.append(String.format(Locale.ROOT, "%.5f%n", 1.1 * Math.exp(-d * d / (2 * 0.012 * 0.012)) + 0.2 * Math.exp(-(d - 0.28) * (d - 0.28) / 0.005)));
        }
        Path csv = dir.resolve("sig.csv");
        Files.writeString(csv, sb.toString());
        Path out = dir.resolve("out");
        int rc = new CommandLine(new Main()).execute("predict", DataPaths.projectRoot().resolve("results/weighted_lda_ds1_ds2").toString(), "--csv",
                csv.toString(), "--fs", "360", "--output", out.toString(), "--annotator", "test");
        assertEquals(0, rc);
        for (String f : new String[] {"beats.csv", "sig.test", "report.html", "summary.json", "provenance.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(20, AnnotationReader.read(out.resolve("sig.test")).size());
        assertEquals(21, Files.readAllLines(out.resolve("beats.csv")).size());
        assertEquals(2, new CommandLine(new Main()).execute("predict", "results/weighted_lda_ds1_ds2", "--output", out.toString()), "input required");
    }
}
