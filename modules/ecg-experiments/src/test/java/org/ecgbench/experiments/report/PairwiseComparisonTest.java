package org.ecgbench.experiments.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.ecgbench.eval.PairedBootstrap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairwiseComparisonTest {
    @TempDir Path tmp;

    /**
     * A run over 6 records: each record has 50 N, 10 S, 5 V; the model calls {@code sHits} of the S beats S (the rest N),
     * every N and V right; {@code shift} moves one sample (a different test set).
     */
    static Path run(Path dir, int sHits, int shift) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("predictions.csv.gz"))), StandardCharsets.UTF_8)) {
            w.write("record,sample,true,predicted,p_N,p_S,p_V,p_F\n");
            for (int r = 0; r < 6; r++) {
                int s = 0;
                for (int i = 0; i < 50; i++) w.write((100 + r) + "," + (s++ + (i == 0 ? shift : 0)) + ",N,N,1,0,0,0\n");
                for (int i = 0; i < 10; i++) w.write((100 + r) + "," + s++ + ",S," + (i < sHits ? "S" : "N") + ",0,1,0,0\n");
                for (int i = 0; i < 5; i++) w.write((100 + r) + "," + s++ + ",V,V,0,0,1,0\n");
            }
        }
        return dir;
    }

    @Test
    void seedsAreAveragedPairsAreSignedAndFiguresAreWritten() throws IOException {
        var base = new PairwiseComparison.Architecture("base", List.of(run(tmp.resolve("base"), 2, 0)), true, true);
        var deep = new PairwiseComparison.Architecture("deep", List.of(run(tmp.resolve("deep"), 8, 0), run(tmp.resolve("deep_seed43"), 6, 0)), false, false);
        PairwiseComparison c = PairwiseComparison.run(List.of(base, deep), 300, 7, 0.95);
        assertEquals(List.of("100", "101", "102", "103", "104", "105"), c.records());
        assertEquals(List.of("N", "S", "V", "F"), List.of(c.classes()));
        // S F1 of one seed: precision 1, recall h/10 -> 2h/(10+h)
        double f8 = 16.0 / 18, f6 = 12.0 / 16, f2 = 4.0 / 12;
        assertEquals((f8 + f6) / 2, c.samples().point("deep", "f1_S"), 1e-12);
        PairedBootstrap.Difference d = c.samples().difference("deep", "base", "f1_S");
        assertEquals((f8 + f6) / 2 - f2, d.point(), 1e-12);
        // every record shows the same gain, so every resample does: the interval is that single value, and significant
        assertEquals(d.point(), d.lower(), 1e-12);
        assertTrue(d.significant());
        assertSame(base, c.bestBaseline());
        assertSame(deep, c.bestDeep());
        assertEquals(2 * 6 * 10, c.pooledConfusion(deep)[1][0] + c.pooledConfusion(deep)[1][1]);
        String csv = c.csv();
        assertTrue(csv.startsWith("model_a,model_b,seeds_a,seeds_b,metric,"), csv);
        assertEquals(1 + 3, csv.strip().split("\n").length);
        assertTrue(csv.contains("base,deep,1,2,f1_S,"), csv);
        String md = c.markdown("pairs.csv", "figs");
        assertTrue(md.contains("| base | deep |") && md.contains("**"), md);
        List<Path> files = ComparisonFigures.writeAll(c, tmp.resolve("figs"));
        for (String f : List.of("forest_differences.png", "confusion_base.png", "confusion_deep.png", "per_record_f1.png", "per_record_f1.csv")) {
            Path p = tmp.resolve("figs").resolve(f);
            assertTrue(files.contains(p) && Files.size(p) > 100, f);
        }
    }

    @Test
    void runsOnDifferentTestWindowsAreRefused() throws IOException {
        var a = new PairwiseComparison.Architecture("a", List.of(run(tmp.resolve("a"), 2, 0)), true, false);
        var b = new PairwiseComparison.Architecture("b", List.of(run(tmp.resolve("b"), 2, 1)), false, false);
        Exception e = assertThrows(IllegalArgumentException.class, () -> PairwiseComparison.run(List.of(a, b), 10, 1, 0.95));
        assertTrue(e.getMessage().contains("same test"), e.getMessage());
    }
}
