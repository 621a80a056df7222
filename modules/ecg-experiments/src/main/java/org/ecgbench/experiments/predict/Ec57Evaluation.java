package org.ecgbench.experiments.predict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.ec57.Ec57Record;
import org.ecgbench.eval.ec57.Ec57Stat;
import org.ecgbench.eval.ec57.Ec57Summary;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;

/**
 * ANSI/AAMI EC57 evaluation of a beat model on MIT-BIH records, twice: (a) classified at the reference beat positions
 * (every beat annotation of the {@code .atr}; RR features from them, as in training) and (b) end to end, the
 * {@code predict} pipeline (QRS detector → windows and RR features from the DETECTED beats → classification), matched to
 * the reference beats with the 150 ms window. Both over whole records, reference VF/flutter episodes excluded. Writes
 * {@code per_record.csv}, {@code summary.json}, {@code report.md} and {@code provenance.json}.
 */
public final class Ec57Evaluation {
    private Ec57Evaluation() {}

    /** One record's outcome. */
    public record Row(String record, String lead, Ec57Record atReference, Ec57Record endToEnd, int detected, double seconds, long agreeing,
                      long compared) {}

    public static List<Row> run(TrainedModel m, Path mitdb, List<String> records, BeatClassifier.Inference inf, java.io.PrintStream log)
            throws IOException {
        BeatClassifier cls = new BeatClassifier(m, inf);
        Map<String, Map<Long, String>> trained = trainingPredictions(m.folder);
        List<Row> rows = new ArrayList<>();
        for (String r : records) {
            long t0 = System.nanoTime();
            EcgInput in = EcgInput.wfdb(mitdb.resolve(r));
            ReferenceBeats ref = ReferenceBeats.read(mitdb.resolve(r + ".atr"), in.length());
            BeatPredict.Options o = new BeatPredict.Options(null, inf, "ecgb", null, 10, 30);
            int[] leads = BeatPredict.chooseLeads(m, in, null, new ArrayList<>());
            BeatClassifier.Result a = cls.classify(in, leads, ref.samples());
            String[] symA = new String[a.size()];
            for (int i = 0; i < symA.length; i++) symA[i] = BeatPredict.symbol(a.cls()[i] < 0 ? "Q" : a.classNames()[a.cls()[i]]);
            Ec57Record ea = ref.compare(r, in.fs(), a.sample(), symA);
            BeatPredict.Outcome b = BeatPredict.predict(m, in, o, cls);
            Ec57Record eb = ref.compare(r, in.fs(), b.result().sample(), b.symbols());
            long agree = 0, compared = 0;
            Map<Long, String> tp = trained.get(r);
            if (tp != null) {
                for (int i = 0; i < a.size(); i++) {
                    String t = tp.get(a.sample()[i]);
                    if (t == null || a.cls()[i] < 0) continue;
                    compared++;
                    if (t.equals(a.classNames()[a.cls()[i]])) agree++;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            rows.add(new Row(r, b.leadName(), ea, eb, b.result().size(), secs, agree, compared));
            log.printf(Locale.ROOT, "%s: (a) VEB Se %s +P %s SVEB Se %s +P %s | (b) QRS Se %s +P %s VEB Se %s +P %s SVEB Se %s +P %s  %.1f s%n", r,
                    pct(ea.veb().sensitivity()), pct(ea.veb().positivePredictivity()), pct(ea.sveb().sensitivity()), pct(ea.sveb().positivePredictivity()),
                    pct(eb.qrs().sensitivity()), pct(eb.qrs().positivePredictivity()), pct(eb.veb().sensitivity()), pct(eb.veb().positivePredictivity()),
                    pct(eb.sveb().sensitivity()), pct(eb.sveb().positivePredictivity()), secs);
        }
        return rows;
    }

    /** record → (sample → predicted class) of the training run's {@code predictions.csv.gz} (test split), or empty. */
    static Map<String, Map<Long, String>> trainingPredictions(Path folder) throws IOException {
        Map<String, Map<Long, String>> out = new HashMap<>();
        Path f = folder.resolve("predictions.csv.gz");
        if (!Files.isRegularFile(f)) return out;
        try (BufferedReader rd = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
            String[] h = rd.readLine().split(",");
            int rec = idx(h, "record"), smp = idx(h, "sample"), pr = idx(h, "predicted");
            if (rec < 0 || smp < 0 || pr < 0) return out;
            for (String l = rd.readLine(); l != null; l = rd.readLine()) {
                String[] c = l.split(",");
                out.computeIfAbsent(c[rec], k -> new HashMap<>()).put(Long.parseLong(c[smp]), c[pr]);
            }
        }
        return out;
    }

    private static int idx(String[] h, String name) {
        for (int i = 0; i < h.length; i++) if (h[i].equals(name)) return i;
        return -1;
    }

    static String pct(double v) {
        return Ec57Summary.pct(v);
    }

    private static Double r6(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
    }

    /** The statistics of one summary (gross and average) as a JSON-ready map. */
    static Map<String, Object> stats(Ec57Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Ec57Record g = s.gross();
        m.put("reference_beats", g.referenceBeats());
        for (Map.Entry<String, Function<Ec57Record, Ec57Stat>> e : statFns().entrySet()) {
            Ec57Stat st = e.getValue().apply(g);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("tp", st.tp());
            x.put("fn", st.fn());
            x.put("fp", st.fp());
            x.put("gross_se", r6(st.sensitivity()));
            x.put("gross_ppv", r6(st.positivePredictivity()));
            if (!e.getKey().equals("qrs")) x.put("gross_fpr", r6(st.falsePositiveRate()));
            x.put("average_se", r6(s.averageSensitivity(e.getValue())));
            x.put("average_ppv", r6(s.averagePositivePredictivity(e.getValue())));
            if (!e.getKey().equals("qrs")) x.put("average_fpr", r6(s.averageFalsePositiveRate(e.getValue())));
            m.put(e.getKey(), x);
        }
        m.put("confusion_gross_rows_ref_NSVFQO_cols_test_nsvfqo", g.counts());
        return m;
    }

    static Map<String, Function<Ec57Record, Ec57Stat>> statFns() {
        Map<String, Function<Ec57Record, Ec57Stat>> m = new LinkedHashMap<>();
        m.put("qrs", Ec57Record::qrs);
        m.put("veb", Ec57Record::veb);
        m.put("sveb", Ec57Record::sveb);
        return m;
    }

    public static void write(TrainedModel m, Path mitdb, List<String> records, List<Row> rows, Path out, Map<String, Object> provenance,
                             double wallSeconds) throws IOException {
        Files.createDirectories(out);
        Ec57Summary a = new Ec57Summary(rows.stream().map(Row::atReference).toList());
        Ec57Summary b = new Ec57Summary(rows.stream().map(Row::endToEnd).toList());
        writeCsv(rows, out);
        long agree = rows.stream().mapToLong(Row::agreeing).sum(), compared = rows.stream().mapToLong(Row::compared).sum();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", m.describe());
        s.put("records", records);
        s.put("evaluation", "ANSI/AAMI EC57 beat-by-beat (org.ecgbench.eval.ec57), 150 ms window, whole records, reference VF/flutter episodes excluded");
        s.put("a_at_reference_beats", stats(a));
        s.put("b_end_to_end_detected_beats", stats(b));
        s.put("check_a_agrees_with_training_predictions", compared == 0 ? "no predictions.csv.gz to compare"
                : Map.of("beats_compared", compared, "same_class", agree, "fraction", r6((double) agree / compared)));
        s.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        AtomicFiles.writeString(out.resolve("summary.json"), Json.write(s) + "\n");
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("data_path", DataPaths.display(mitdb));
        try {
            prov.put("data_checksum", "sha256(MANIFEST.sha256)=" + Manifest.manifestDigest(mitdb));
        } catch (IOException e) {
            prov.put("data_checksum", "unavailable (" + e.getMessage() + ")");
        }
        prov.put("model_folder", DataPaths.display(m.folder));
        prov.put("model_spec_file", m.provenance.get("spec_file"));
        prov.put("model_trained_at_commit", m.provenance.get("git_commit"));
        prov.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        AtomicFiles.writeString(out.resolve("provenance.json"), Json.write(prov) + "\n");
        AtomicFiles.writeString(out.resolve("report.md"), Ec57Markdown.report(m, mitdb, rows, a, b, agree, compared, prov));
    }

    private static void writeCsv(List<Row> rows, Path out) throws IOException {
        StringBuilder csv = new StringBuilder("record,lead,reference_beats");
        for (String mode : List.of("a", "b")) {
            csv.append(',').append(mode).append("_qrs_tp,").append(mode).append("_qrs_fn,").append(mode).append("_qrs_fp");
            for (String k : List.of("veb", "sveb")) {
                csv.append(',').append(mode).append('_').append(k).append("_tp,").append(mode).append('_').append(k).append("_fn,").append(mode)
                        .append('_').append(k).append("_fp,").append(mode).append('_').append(k).append("_se,").append(mode).append('_').append(k)
                        .append("_ppv,").append(mode).append('_').append(k).append("_fpr");
            }
        }
        csv.append(",b_detected_beats,seconds\n");
        for (Row r : rows) {
            csv.append(r.record()).append(',').append(r.lead()).append(',').append(r.atReference().referenceBeats());
            for (Ec57Record e : List.of(r.atReference(), r.endToEnd())) {
                csv.append(',').append(e.qrs().tp()).append(',').append(e.qrs().fn()).append(',').append(e.qrs().fp());
                for (Ec57Stat st : List.of(e.veb(), e.sveb())) {
                    csv.append(',').append(st.tp()).append(',').append(st.fn()).append(',').append(st.fp()).append(',').append(f6(st.sensitivity()))
                            .append(',').append(f6(st.positivePredictivity())).append(',').append(f6(st.falsePositiveRate()));
                }
            }
            csv.append(',').append(r.detected()).append(',').append(String.format(Locale.ROOT, "%.2f", r.seconds())).append('\n');
        }
        AtomicFiles.writeString(out.resolve("per_record.csv"), csv.toString());
    }

    static String f6(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
