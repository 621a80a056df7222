package org.ecgbench.experiments.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ecgbench.databases.cinc.CincHeader;
import org.ecgbench.experiments.RequiresData;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own database ({@code data.dataset: folder}): the test writes a folder from real records plus a labels CSV and
 * trains and evaluates one epoch from a spec, no code: MIT-BIH WFDB (.hea + .dat, and some records as CSV signals) with
 * single-label targets and a patient column; CinC WFDB + MATLAB v4 (.hea + .mat) multi-label and binary.
 */
class FolderDatasetTest {
    @TempDir Path dir;

    static final String TINY = "model:\n  name: resnet1d\n  params: {widths: [4, 8], kernel: 3, stem_kernel: 3}\n"
            + "training: {epochs: 1, batch_size: 8, seed: 3, class_weights: CW, early_stopping: {metric: METRIC, patience: 2}}\n"
            + "evaluation: {bootstrap: 20, seed: 5}\noutput: {save_model: false}\n";

    Path run(String name, String yaml) throws Exception {
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, yaml);
        ExperimentRunner.Options o = new ExperimentRunner.Options();
        o.outputDir = dir.resolve("out-" + name).toString();
        o.showProgress = false;
        o.dataDir = DataPaths.dataRoot(null).toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = new ExperimentRunner(new PrintStream(log)).run(spec, o);
        assertTrue(log.toString().contains("reading folder"), log.toString());
        return out;
    }

    @Test
    void mitbihWfdbAndCsvSignalsSingleLabelWithPatients() throws Exception {
        RequiresData.mitdb();
        Path mitdb = DataPaths.dataRoot(null).resolve("mitdb");
        Path folder = Files.createDirectories(dir.resolve("my_ecgs"));
        StringBuilder labels = new StringBuilder("record,label,patient\n");
        List<String> recs = List.of("100", "101", "103", "105", "106", "108", "109", "111", "112", "113", "114", "115", "116", "117", "118",
                "119", "121", "122", "123", "124", "200", "201", "202", "203");
        for (String r : recs) {
            String sex = Files.readAllLines(mitdb.resolve(r + ".hea")).stream().filter(l -> l.startsWith("#")).findFirst().orElseThrow()
                    .substring(1).trim().split("\\s+")[1]; // MIT-BIH headers: "# <age> <sex> ..."
            if (r.compareTo("110") < 0 || r.compareTo("200") >= 0) {
                Files.copy(mitdb.resolve(r + ".hea"), folder.resolve(r + ".hea"));
                Files.copy(mitdb.resolve(r + ".dat"), folder.resolve(r + ".dat"));
            } else { // CSV signals: lead MLII, first 20 s in millivolts
                var rec = new org.ecgbench.databases.cinc.CincDatabase(mitdb).read(r);
                StringBuilder csv = new StringBuilder(rec.leadNames()[rec.leadIndex("MLII")]).append('\n');
                float[] mv = rec.mv()[rec.leadIndex("MLII")];
                for (int t = 0; t < 7200; t++) csv.append(mv[t]).append('\n');
                Files.writeString(folder.resolve(r + ".csv"), csv);
            }
            labels.append(r).append(',').append(sex).append(',').append(r.equals("202") ? "p201" : "p" + r).append('\n');
        }
        Files.writeString(folder.resolve("labels.csv"), labels);
        Path out = run("sex", "experiment: sex\ndata:\n  dataset: folder\n  leads: [MLII]\n  records:\n    root: " + folder + "\n"
                + "    label_protocol: labels_single\n    classes: [M, F]\n    csv_fs: 360\n    fs: 360\n    length: 1800\n"
                + "split: {file: " + dir.resolve("sex.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n"
                + TINY.replace("CW", "balanced").replace("METRIC", "macro_f1"));
        for (String f : new String[] {"report.md", "metrics.csv", "confusion_matrix.csv", "predictions.csv.gz", "provenance.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        Map<String, Integer> folds = org.ecgbench.databases.splits.SplitFile.read(dir.resolve("sex.tsv"));
        assertEquals(recs.size(), folds.size());
        assertEquals(folds.get("201"), folds.get("202"), "records of one patient stay in one fold");
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"label_protocol\": \"labels_single\""));
    }

    @Test
    void cincMatRecordsMultiLabelAndBinary() throws Exception {
        RequiresData.cincSubset();
        Path src = DataPaths.dataRoot(null).resolve("cinc2021-12lead-subset/cinc2021_format");
        Path folder = Files.createDirectories(dir.resolve("cinc_folder"));
        StringBuilder labels = new StringBuilder("record,labels\n");
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> heads;
        try (Stream<Path> s = Files.walk(src)) {
            heads = s.filter(p -> p.toString().endsWith(".hea")).sorted().limit(40).toList();
        }
        for (Path h : heads) {
            String id = h.getFileName().toString().replace(".hea", "");
            Files.copy(h, folder.resolve(id + ".hea"));
            Files.copy(h.resolveSibling(id + ".mat"), folder.resolve(id + ".mat"));
            List<String> dx = CincHeader.read(h).dx();
            labels.append(id).append(",\"").append(String.join(";", dx)).append("\"\n");
            for (String d : dx) counts.merge(d, 1, Integer::sum);
        }
        Files.writeString(folder.resolve("labels.csv"), labels);
        String common = "  records:\n    root: " + folder + "\n    fs: 100\n    length: 500\n";
        Path multi = run("multi", "experiment: multi\ndata:\n  dataset: folder\n" + common + "    label_protocol: labels_multi\n    min_positives: 5\n"
                + "split: {file: " + dir.resolve("multi.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n"
                + TINY.replace("CW", "none").replace("METRIC", "macro_auc"));
        assertTrue(Files.readString(multi.resolve("metrics.csv")).contains("test,macro_auc,"));
        String positive = counts.entrySet().stream().min((a, b) -> Integer.compare(Math.abs(a.getValue() - heads.size() / 3),
                Math.abs(b.getValue() - heads.size() / 3))).orElseThrow().getKey();
        Path bin = run("bin", "experiment: bin\ndata:\n  dataset: folder\n" + common + "    label_protocol: labels_binary\n    positive: '" + positive + "'\n"
                + "split: {file: " + dir.resolve("bin.tsv") + ", fractions: [0.6, 0.2, 0.2], seed: 2}\n"
                + TINY.replace("CW", "balanced").replace("METRIC", "macro_auc"));
        assertTrue(Files.readString(bin.resolve("report.md")).contains("labels_binary"));
        assertTrue(Files.isRegularFile(bin.resolve("predictions.csv.gz")));
    }
}
