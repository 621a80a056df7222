package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.experiments.task.ExperimentRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 12-lead quantization run (training its model first) and {@code compare --layout quant} over its folder. */
class RecordQuantizeCompareTest {
    @TempDir Path dir;

    static final String TINY = "model:\n  name: resnet1d\n  params: {widths: [4, 8], kernel: 3, stem_kernel: 3}\n"
            + "training: {epochs: 1, batch_size: 8, seed: 3, class_weights: CW, early_stopping: {metric: METRIC, patience: 2}}\n"
            + "evaluation: {bootstrap: 30, seed: 5}\noutput: {save_model: false}\n";

    @Test
    void quantizeARecordModelTrainingItFirstAndRefusingAnotherSplitFile() throws Exception {
        RequiresData.cincSubset();
        String data = "data:\n  dataset: cinc_wfdb\n  records:\n    sources: [chapman_shaoxing]\n    label_protocol: chapman4\n    fs: 100\n"
                + "    length: 512\n    storage: disk\nsplit: {file: " + dir.resolve("q.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n";
        Path train = dir.resolve("train.yaml");
        Files.writeString(train, "experiment: qtrain\nsmoke: true\n" + data + TINY.replace("CW", "balanced").replace("METRIC", "macro_f1")
                .replace("output: {save_model: false}", "output: {save_model: true, dir: " + dir.resolve("trained") + "}"));
        Path quant = dir.resolve("quant.yaml");
        Files.writeString(quant, "experiment: qlaq\ntask: quantize\nsmoke: true\n" + data + "model: {name: resnet1d}\n"
                + "quantization:\n  train_spec: " + train + "\n  source: " + dir.resolve("trained") + "\n  bits: [8, 2]\n  granularity: per_channel\n"
                + "  laq: {candidate_bits: [2, 4, 8]}\nevaluation: {bootstrap: 20}\noutput: {dir: " + dir.resolve("laq") + "}\n");
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.showProgress = false;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(quant, o);
        assertTrue(log.toString().contains("running its training spec"), log.toString());
        assertTrue(Files.isRegularFile(dir.resolve("trained").resolve("model.zip")));
        String table = Files.readString(out.resolve("table2.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(table.contains("| Full-Precision |") && table.contains("| 8-bit |") && table.contains("| 2-bit |") && table.contains("| LAQ |")
                && table.contains("Murat") == false && table.contains("fold 2 of"), table);
        assertTrue(Files.readString(out.resolve("table2.csv")).lines().count() == 5, "header + FP, 8, 2, LAQ");
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("split_file_sha256"));

        // the qHuBERT Table 2 layout over quantization folders: our FP and LAQ rows, then the paper rows of the spec
        Path md = dir.resolve("t2.md");
        int rc = new picocli.CommandLine(new CompareCommand()).execute("--layout", "quant", "--output", md.toString(), out.toString());
        assertEquals(0, rc);
        String t2 = Files.readString(md);
        assertTrue(t2.contains("| laq | cinc_wfdb (chapman4) |") && t2.contains("| Full-Precision |") && t2.contains("| LAQ |")
                && t2.contains("**SMOKE**"), t2);

        // a comment edit is not another split (the check hashes record -> fold); moving a record to another fold is
        Files.writeString(dir.resolve("q.tsv"), Files.readString(dir.resolve("q.tsv")) + "# a comment added after training\n");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("q.tsv")));
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            if (f.length == 2 && !lines.get(i).startsWith("#")) {
                lines.set(i, f[0] + "\t" + (f[1].equals("0") ? "1" : "0"));
                break;
            }
        }
        Files.write(dir.resolve("q.tsv"), lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentRunner(new PrintStream(new ByteArrayOutputStream())).run(quant, o));
        assertTrue(e.getMessage().contains("is not the one the model") && e.getMessage().contains("q.tsv"), e.getMessage());
    }

}
