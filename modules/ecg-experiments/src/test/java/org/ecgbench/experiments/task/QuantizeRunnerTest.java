package org.ecgbench.experiments.task;

import org.ecgbench.experiments.RequiresData;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quantize task end to end on a tiny model trained on a few real beats per record. */
class QuantizeRunnerTest {
    @TempDir Path dir;

    @Test
    void tableOneWithPackedFilesAndLaq() throws Exception {
        RequiresData.mitdb();
        Path train = dir.resolve("train.yaml");
        Files.writeString(train, EndToEndTest.SPEC.replace("EPOCHS", "1"));
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve("trained").toString();
        o.showProgress = false;
        new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(train, o);

        String q = EndToEndTest.SPEC.replace("EPOCHS", "1").replace("experiment: e2e", "experiment: e2e_q\ntask: quantize")
                + "quantization:\n  source: " + dir.resolve("trained") + "\n  bits: [8, 2]\n  granularity: per_channel\n"
                + "  laq: {alpha: 0.5, beta: 0.5, gamma: 0.05, candidate_bits: [2, 4, 8], metric: accuracy}\n";
        Path qs = dir.resolve("q.yaml");
        Files.writeString(qs, q);
        ExperimentRunner.Options qo = new ExperimentRunner.Options();
        qo.outputDir = dir.resolve("q").toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(qs, qo);
        String t = Files.readString(out.resolve("table1.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        for (String row : new String[] {"| Full-Precision |", "| 8-bit |", "| 2-bit |", "| LAQ |", "## LAQ allocation"}) {
            assertTrue(t.contains(row), row + "\n" + t);
        }
        assertTrue(Files.isRegularFile(out.resolve("accuracy_vs_cr.png")));
        assertTrue(Files.isRegularFile(out.resolve("packed/laq.ecgq")));
        assertTrue(Files.size(out.resolve("packed/2-bit.ecgq")) < Files.size(out.resolve("packed/8-bit.ecgq")));
        assertTrue(log.toString().contains("reload identical: true"), log.toString());
        String csv = Files.readString(out.resolve("table1.csv"));
        assertEquals(5, csv.strip().split("\n").length, csv);
    }
}
