package org.ecgbench.experiments.task;

import org.ecgbench.experiments.RequiresData;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecgbench run} end to end for 12-lead records with tiny models and one epoch (seconds): single-label
 * on the real Chapman records of the subset (shared multi-class report), multi-label on the PTB-XL-layout
 * fixture (sigmoid, validation thresholds, bootstrap) and binary on the CODE-15%-layout fixture with the two
 * extra AFib test protocols.
 */
class RecordRunnerTest {
    @TempDir Path dir;

    Path run(String name, String yaml) throws Exception {
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, yaml);
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve("out-" + name).toString();
        o.showProgress = false;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(spec, o);
        String text = log.toString();
        assertTrue(text.contains("reading "), text);
        return out;
    }

    static final String TINY = "model:\n  name: resnet1d\n  params: {widths: [4, 8], kernel: 3, stem_kernel: 3}\n"
            + "training: {epochs: 1, batch_size: 8, seed: 3, class_weights: CW, early_stopping: {metric: METRIC, patience: 2}}\n"
            + "evaluation: {bootstrap: 30, seed: 5}\noutput: {save_model: false}\n";

    @Test
    void singleLabelChapmanOnTheRealSubset() throws Exception {
        RequiresData.cincSubset();
        Path out = run("chap", "experiment: chap\nsmoke: true\ndata:\n  dataset: cinc_wfdb\n  records:\n    sources: [chapman_shaoxing]\n"
                + "    label_protocol: chapman4\n    fs: 100\n    length: 512\nsplit: {file: " + dir.resolve("chap.tsv")
                + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n" + TINY.replace("CW", "balanced").replace("METRIC", "macro_f1"));
        for (String f : new String[] {"report.md", "metrics.csv", "confusion_matrix.csv", "predictions.csv.gz", "history.csv", "provenance.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("SMOKE RUN") && report.contains("12-lead record pipeline") && report.contains("chapman4"), report);
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"label_protocol\": \"chapman4\""));
    }

    @Test
    void multiLabelPtbXlFixtureUsesValidationThresholds() throws Exception {
        Path root = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        Path out = run("ptb", "experiment: ptb\ndata:\n  dataset: ptbxl\n  records:\n    root: " + root + "\n    label_protocol: ptbxl_superdiagnostic\n"
                + "    min_positives: 1\n    ptbxl_rate: 100\n    fs: 100\n    length: 256\nsplit: {file: " + dir.resolve("ptb.tsv")
                + ", method: ptbxl_strat_fold}\n" + TINY.replace("CW", "none").replace("METRIC", "macro_auc"));
        String metrics = Files.readString(out.resolve("metrics.csv"));
        assertTrue(metrics.contains("test,macro_auc,") && metrics.contains("test,hamming_loss,") && metrics.contains("test,fmax,")
                && metrics.contains("validation,macro_f1,"), metrics);
        assertEquals(5, Files.readAllLines(out.resolve("thresholds.csv")).size(), "header + 4 labels");
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("| HYP |") && report.contains("sigmoid"), report);
        assertTrue(report.contains("no positive in this split"), "HYP has no positive in fold 10: the PTB-XL bootstrap rule cannot apply");
    }

    @Test
    void binaryCode15FixtureWithExtraAfTasksAndExternalPtbXl() throws Exception {
        Path root = RecordFixtures.code15(dir.resolve("code15"));
        Path ptb = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        Path split = RecordFixtures.code15Split(dir.resolve("code15.tsv"));
        Path out = run("c15", "experiment: c15\ndata:\n  dataset: code15\n  records:\n    root: " + root + "\n    label_protocol: code15_af_related\n"
                + "    test_protocols: [code15_af_nsr, code15_af_prediction]\n    fs: 100\n    length: 1000\n    pad: centre\n"
                + "    external_test: {dataset: ptbxl, root: " + ptb + ", ptbxl_rate: 100, label_protocols: [ptbxl_af_related, ptbxl_af_nsr, ptbxl_af_prediction]}\n"
                + "split: {file: " + split + "}\nmodel:\n  name: ecgencode_m1\n  params: {temporal_kernels: [8, 16], temporal_stride: 4, f1_kernel: 4, f1_stride: 4,"
                + " f2_kernel: 2, f2_stride: 2}\ntraining: {epochs: 1, batch_size: 4, seed: 3, early_stopping: {metric: sensitivity}}\n"
                + "evaluation: {bootstrap: 30}\noutput: {save_model: false}\n");
        String metrics = Files.readString(out.resolve("metrics.csv"));
        assertTrue(metrics.contains("code15_af_nsr,macro_auc,") && metrics.contains("code15_af_prediction,f1_positive,"), metrics);
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("| code15_af_nsr | test split | 4 | 1 |"), report);
        assertTrue(report.contains("| ptbxl_af_related | external: all ptbxl records the protocol labels | 13 | 3 |"), report);
        assertTrue(report.contains("| ptbxl_af_prediction | external: all ptbxl records the protocol labels | 11 | 1 |"), report);
        assertTrue(metrics.contains("ptbxl_af_nsr,macro_auc,"), metrics);
        assertTrue(report.contains("Binary task"), report);
    }

    @Test
    void finalRefitOnTrainPlusValidationForAFixedNumberOfEpochs() throws Exception {
        Path root = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        Path out = run("refit", "experiment: refit\ndata:\n  dataset: ptbxl\n  records:\n    root: " + root + "\n    label_protocol: ptbxl_superdiagnostic\n"
                + "    min_positives: 1\n    ptbxl_rate: 100\n    fs: 100\n    length: 256\nsplit: {file: " + dir.resolve("refit.tsv")
                + ", method: ptbxl_strat_fold}\n" + TINY.replace("CW", "none").replace("METRIC", "macro_auc")
                        .replace("training: {epochs: 1,", "training: {epochs: 1, refit: {epochs: 2},"));
        java.util.List<String> h = Files.readAllLines(out.resolve("history_refit.csv"));
        assertEquals(3, h.size(), "header + 2 refit epochs: " + h);
        String report = Files.readString(out.resolve("report.md")).replaceAll(" {2,}", " "); // Markdown tables are padded
        assertTrue(report.contains("Final refit") && report.contains("train + validation (11 records) for 2 epochs"), report);
    }

    @Test
    void trainFractionTrainsOnANestedShareOfFolds1To8Only() throws Exception {
        Path root = RecordFixtures.ptbxl(dir.resolve("ptbxl"));
        Path out = run("frac", "experiment: frac\ndata:\n  dataset: ptbxl\n  records:\n    root: " + root + "\n    label_protocol: ptbxl_superdiagnostic\n"
                + "    min_positives: 1\n    ptbxl_rate: 100\n    fs: 100\n    length: 256\nsplit: {file: " + dir.resolve("frac.tsv")
                + ", method: ptbxl_strat_fold, train_fraction: 0.5}\n" + TINY.replace("CW", "none").replace("METRIC", "macro_auc"));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("train 5 records (split.train_fraction 0.5 (seed 1): 5 of the split file's 9 training records)"), report);
        String prov = Files.readString(out.resolve("provenance.json"));
        assertTrue(prov.contains("\"train_fraction\": 0.5") && prov.contains("\"train_records_used\": 5"), prov);
    }

    @Test
    void refitNeedsEpochs() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "experiment: bad\ndata:\n  dataset: ptbxl\n  records: {label_protocol: ptbxl_all}\nmodel: {name: resnet1d}\n"
                + "training:\n  refit: {after: 3}\n");
        var e = assertThrows(org.ecgbench.pipeline.spec.SpecException.class, () -> org.ecgbench.pipeline.spec.ExperimentSpec.load(spec));
        assertTrue(e.getMessage().contains("bad.yaml:7") && e.getMessage().contains("after"), e.getMessage());
        Files.writeString(spec, "experiment: bad\ndata:\n  dataset: ptbxl\n  records: {label_protocol: ptbxl_all}\nmodel: {name: resnet1d}\n"
                + "training:\n  refit: {epochs: best}\n");
        assertTrue(org.ecgbench.pipeline.spec.ExperimentSpec.load(spec).training.refitBest);
    }

    @Test
    void pretrainOnRecordsReadsNoTestFoldAndFeedsFineTuning() throws Exception {
        RequiresData.cincSubset();
        Path split = dir.resolve("pt.tsv");
        Path pre = dir.resolve("pre.yaml");
        Files.writeString(pre, "experiment: pre\ntask: pretrain\nsmoke: true\ndata:\n  dataset: cinc_wfdb\n  leads: [II]\n  records:\n"
                + "    sources: [georgia]\n    label_protocol: unlabeled\n    fs: 100\n    length: 512\n    storage: disk\n"
                + "split: {file: " + split + ", fractions: [0.6, 0.2, 0.2], seed: 3}\nmodel: {name: hubert_ecg, params: {config: tiny}}\n"
                + "training: {epochs: 1, batch_size: 8, seed: 3}\npretraining: {clusters: 4, kmeans_iterations: 5, mask_prob: 0.2, mask_length: 2}\n"
                + "output: {dir: " + dir.resolve("pre-out") + "}\n");
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.showProgress = false;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(pre, o);
        assertTrue(Files.isRegularFile(out.resolve("encoder.zip")), log.toString());
        assertTrue(log.toString().contains("records of fold 2 are not read"), log.toString());
        String prov = Files.readString(out.resolve("provenance.json"));
        assertTrue(prov.contains("\"task\": \"pretrain\"") && prov.contains("\"sampling_rate_hz\": 100"), prov);
        // every record of the created split file is a georgia record, and the held-out fold exists
        java.util.List<String> lines = Files.readAllLines(split).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("\t1")) && lines.stream().anyMatch(l -> l.endsWith("\t2")), lines.toString());
        // the encoder initialises a record fine-tuning model of the same input
        Path out2 = run("ft", "experiment: ft\nsmoke: true\ndata:\n  dataset: cinc_wfdb\n  leads: [II]\n  records:\n    sources: [chapman_shaoxing]\n"
                + "    label_protocol: chapman4\n    fs: 100\n    length: 512\nsplit: {file: " + dir.resolve("ft.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n"
                + "model: {name: hubert_ecg, params: {config: tiny}, pretrained: " + out + "}\n"
                + "training: {epochs: 1, batch_size: 8, seed: 3}\nevaluation: {bootstrap: 20}\noutput: {save_model: false}\n");
        assertTrue(Files.readString(out2.resolve("provenance.json")).contains("pretrained_encoder_sha256"));
    }
}
