package org.ecgbench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.ec57.Beat;
import org.ecgbench.eval.ec57.BeatMatcher;
import org.ecgbench.eval.ec57.Ec57;
import org.ecgbench.eval.ec57.Ec57Record;
import org.ecgbench.eval.ec57.Ec57Summary;
import org.ecgbench.eval.ec57.Interval;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;
import org.ecgbench.signal.qrs.QrsDetector;
import org.ecgbench.signal.wfdb.WfdbRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code detect-qrs}: runs {@link QrsDetector} (Pan–Tompkins with Hamilton–Tompkins rules) on one WFDB record
 * and writes the R-peak samples as CSV, or with {@code --evaluate} on every record of a database folder and
 * scores the detections against the reference beat annotations with the EC57 matcher (150 ms window; whole
 * record and from 5 min), writing {@code per_record.csv}, {@code summary.json} (with provenance) and
 * {@code report.md}.
 */
@Command(name = "detect-qrs", mixinStandardHelpOptions = true,
        description = {"Detect QRS complexes (R peaks) in WFDB records; with --evaluate, score every record of a database",
                "against its reference beat annotations (ANSI/AAMI EC57 beat-by-beat matching, 150 ms window)."})
public final class DetectQrsCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Database folder (e.g. ../shared/data/mitdb) or data root holding mitdb/ "
            + "(default: ECGBENCH_DATA or ../shared/data, then mitdb).")
    String dataDir;

    @Option(names = "--record", description = "One record to detect on, without annotations: PATH/NAME or PATH/NAME.hea.")
    Path record;

    @Option(names = "--evaluate", description = "Detect on every record in the database folder (RECORDS) and evaluate against the annotations.")
    boolean evaluate;

    @Option(names = "--records", split = ",", description = "With --evaluate: only these records (comma-separated).")
    List<String> only;

    @Option(names = "--lead", defaultValue = "MLII",
            description = "Lead to use (default ${DEFAULT-VALUE}); records without it use their first signal, which is reported.")
    String lead;

    @Option(names = "--annotator", defaultValue = "atr", description = "Reference annotator (file extension), default ${DEFAULT-VALUE}.")
    String annotator;

    @Option(names = "--learning-s", defaultValue = "300",
            description = "Start of the EC57 'from' evaluation in seconds (default ${DEFAULT-VALUE} = 5 min).")
    double learningS;

    @Option(names = "--rectifier", description = "Override the detector's rectifier: ABS (default, Hamilton's OSEA) or SQUARE (Pan & Tompkins).")
    QrsDetector.Rectifier rectifier;

    @Option(names = "--output", required = true,
            description = "Output: a CSV file (single record) or a folder (--evaluate).")
    Path output;

    private QrsDetector detector() {
        QrsDetector.Parameters d = QrsDetector.Parameters.defaults();
        if (rectifier == null || rectifier == d.rectifier()) return new QrsDetector(d);
        return new QrsDetector(new QrsDetector.Parameters(d.bandLowHz(), d.bandHighHz(), d.filterOrder(), rectifier, d.integrationS(),
                d.refractoryS(), d.tWaveS(), d.thresholdFraction(), d.history(), d.searchBackRr(), d.searchBackFraction(), d.learningS(),
                d.refineS(), d.rawRefineS(), d.minAmplitude()));
    }

    @Override
    public Integer call() throws Exception {
        if (evaluate == (record != null)) {
            throw new IllegalArgumentException("give either --record PATH (detect on one record) or --evaluate (score a whole database)");
        }
        return evaluate ? evaluateAll() : detectOne();
    }

    /** A record's chosen lead: the requested one, else signal 0. */
    record Lead(int index, String name, boolean requested) {}

    static Lead chooseLead(WfdbRecord rec, String lead) {
        List<String> names = rec.header().leadNames();
        int i = rec.header().indexOf(lead);
        if (lead.equalsIgnoreCase("first") || i < 0) return new Lead(0, names.get(0), lead.equalsIgnoreCase("first"));
        return new Lead(i, names.get(i), true);
    }

    private int detectOne() throws IOException {
        Path hea = record.toString().endsWith(".hea") ? record : Path.of(record + ".hea");
        if (!Files.isRegularFile(hea)) throw new IOException("record header not found: " + hea);
        WfdbRecord rec = WfdbRecord.read(hea);
        if (rec.header().numSignals() == 0) throw new IOException(hea + ": the record has no signals");
        Lead l = chooseLead(rec, lead);
        double fs = rec.header().samplingFrequency();
        long t0 = System.nanoTime();
        int[] r = detector().detect(rec.millivolts(l.index()), fs);
        double ms = (System.nanoTime() - t0) / 1e6;
        StringBuilder sb = new StringBuilder("sample,time_s\n");
        for (int s : r) sb.append(s).append(',').append(String.format(Locale.ROOT, "%.4f", s / fs)).append('\n');
        if (output.getParent() != null) Files.createDirectories(output.getParent());
        AtomicFiles.writeString(output, sb.toString());
        System.out.printf(Locale.ROOT, "%s lead %s (signal %d%s): %d beats in %.1f s of signal (%.1f ms) -> %s%n",
                rec.header().recordName(), l.name(), l.index(), l.requested() ? "" : ", '" + lead + "' absent", r.length,
                rec.length() / fs, ms, output);
        return 0;
    }

    private Path database() {
        if (dataDir != null) {
            Path d = Path.of(dataDir).toAbsolutePath().normalize();
            if (Files.isRegularFile(d.resolve("RECORDS"))) return d;
            if (Files.isDirectory(d.resolve("mitdb"))) return d.resolve("mitdb");
            if (Files.isDirectory(d)) return d;
            throw new IllegalStateException("--data-dir " + d + " is not a folder");
        }
        return DataPaths.dataset(null, "mitdb");
    }

    private static List<String> recordNames(Path db) throws IOException {
        Path list = db.resolve("RECORDS");
        if (Files.isRegularFile(list)) {
            return Files.readAllLines(list, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        try (Stream<Path> s = Files.list(db)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hea")).map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** One record's outcome. */
    record Row(String record, Lead lead, long samples, double fs, Ec57Record whole, Ec57Record from, double readMs, double detectMs,
               double vfSeconds, double medianAbsOffsetMs, double meanOffsetMs) {}

    private int evaluateAll() throws Exception {
        Path db = database();
        Path projectRoot = DataPaths.projectRoot();
        Provenance prov = Provenance.collect(projectRoot);
        List<String> names = new ArrayList<>(recordNames(db));
        if (only != null && !only.isEmpty()) {
            for (String o : only) if (!names.contains(o)) throw new IllegalArgumentException("record " + o + " is not in " + db.resolve("RECORDS"));
            names.retainAll(only);
        }
        if (names.isEmpty()) throw new IllegalStateException("no records in " + db);
        QrsDetector det = detector();
        Map<String, String> fileSha = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        long wall0 = System.nanoTime();
        for (String name : names) {
            long t0 = System.nanoTime();
            WfdbRecord rec = WfdbRecord.read(db.resolve(name + ".hea"));
            Lead l = chooseLead(rec, lead);
            double[] x = rec.millivolts(l.index());
            double fs = rec.header().samplingFrequency();
            long t1 = System.nanoTime();
            int[] r = det.detect(x, fs);
            long t2 = System.nanoTime();
            Path atr = db.resolve(name + "." + annotator);
            // reference beats (AAMI classes) and the ventricular flutter/fibrillation episodes EC57 excludes: the predict package's reader
            org.ecgbench.experiments.predict.ReferenceBeats refBeats = org.ecgbench.experiments.predict.ReferenceBeats.read(atr, rec.length());
            List<Beat> ref = refBeats.beats();
            List<Interval> vf = refBeats.excluded();
            long[] d = Arrays.stream(r).asLongStream().toArray();
            Ec57.Options opt = Ec57.Options.standard().withExcluded(vf);
            Ec57Record whole = Ec57.evaluateDetections(name, fs, ref, d, opt);
            Ec57Record from = Ec57.evaluateDetections(name, fs, ref, d, opt.withFromSample(Math.round(learningS * fs)));
            // timing of matched detections relative to the reference annotations
            long[] rt = ref.stream().mapToLong(Beat::sample).sorted().toArray();
            BeatMatcher.Matching m = BeatMatcher.match(rt, d, BeatMatcher.windowSamples(BeatMatcher.STANDARD_WINDOW_S, fs));
            List<Double> off = new ArrayList<>();
            for (int i = 0; i < rt.length; i++) if (m.refToTest()[i] >= 0) off.add((d[m.refToTest()[i]] - rt[i]) * 1000 / fs);
            double[] abs = off.stream().mapToDouble(Math::abs).sorted().toArray();
            double vfS = vf.stream().mapToLong(iv -> iv.end() - iv.start()).sum() / fs;
            rows.add(new Row(name, l, rec.length(), fs, whole, from, (t1 - t0) / 1e6, (t2 - t1) / 1e6, vfS,
                    abs.length == 0 ? Double.NaN : abs[abs.length / 2], off.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
            for (String ext : new String[] {".hea", ".dat", "." + annotator}) {
                // the .hea names the signal files; MIT-BIH keeps both signals in NAME.dat
                Path f = db.resolve(name + ext);
                if (Files.isRegularFile(f)) fileSha.put(name + ext, Manifest.sha256(f));
            }
            System.out.printf(Locale.ROOT, "%s %-5s ref %5d  TP %5d FN %4d FP %4d  Se %6.2f +P %6.2f  %6.1f ms%n", name, l.name(),
                    whole.referenceBeats(), whole.qrs().tp(), whole.qrs().fn(), whole.qrs().fp(), 100 * whole.qrs().sensitivity(),
                    100 * whole.qrs().positivePredictivity(), (t2 - t1) / 1e6);
        }
        double wallMs = (System.nanoTime() - wall0) / 1e6;
        write(db, rows, fileSha, prov, wallMs);
        return 0;
    }

    private void write(Path db, List<Row> rows, Map<String, String> fileSha, Provenance prov, double wallMs) throws Exception {
        Files.createDirectories(output);
        Ec57Summary whole = new Ec57Summary(rows.stream().map(Row::whole).toList());
        Ec57Summary from = new Ec57Summary(rows.stream().map(Row::from).toList());
        double detMs = rows.stream().mapToDouble(Row::detectMs).sum();
        double readMs = rows.stream().mapToDouble(Row::readMs).sum();
        long samples = rows.stream().mapToLong(Row::samples).sum();

        // per_record.csv
        StringBuilder csv = new StringBuilder("record,lead,lead_index,reference_beats,tp,fn,fp,se,ppv,"
                + "from5min_reference_beats,from5min_tp,from5min_fn,from5min_fp,from5min_se,from5min_ppv,"
                + "vf_excluded_s,median_abs_offset_ms,mean_offset_ms,samples,fs,read_ms,detection_ms\n");
        for (Row r : rows) {
            csv.append(String.join(",", r.record(), r.lead().name(), String.valueOf(r.lead().index()), String.valueOf(r.whole().referenceBeats()),
                    String.valueOf(r.whole().qrs().tp()), String.valueOf(r.whole().qrs().fn()), String.valueOf(r.whole().qrs().fp()),
                    f6(r.whole().qrs().sensitivity()), f6(r.whole().qrs().positivePredictivity()),
                    String.valueOf(r.from().referenceBeats()), String.valueOf(r.from().qrs().tp()), String.valueOf(r.from().qrs().fn()),
                    String.valueOf(r.from().qrs().fp()), f6(r.from().qrs().sensitivity()), f6(r.from().qrs().positivePredictivity()),
                    f2(r.vfSeconds()), f2(r.medianAbsOffsetMs()), f2(r.meanOffsetMs()), String.valueOf(r.samples()), f2(r.fs()),
                    f2(r.readMs()), f2(r.detectMs()))).append('\n');
        }
        AtomicFiles.writeString(output.resolve("per_record.csv"), csv.toString());
        org.ecgbench.experiments.report.QrsSpeedPlot.write(output.resolve("speed.png"), rows.stream().map(Row::record).toList(),
                rows.stream().map(r -> r.samples() / (r.detectMs() / 1000) / 1e6).toList(),
                rows.stream().map(r -> r.samples() / r.fs() / (r.detectMs() / 1000)).toList(),
                String.format(java.util.Locale.ROOT, "%d records, %.1f s of detection in all", rows.size(), rows.stream().mapToDouble(Row::detectMs).sum() / 1000));

        // summary.json
        Map<String, Object> s = new LinkedHashMap<>();
        Ec57Record g = whole.gross(), gf = from.gross();
        s.put("evaluation", "whole records (EC57 matching, reference VF/flutter episodes excluded); 'from_5_min' below starts at "
                + learningS + " s");
        s.put("sensitivity", r6(g.qrs().sensitivity()));
        s.put("positive_predictivity", r6(g.qrs().positivePredictivity()));
        s.put("records", rows.size());
        s.put("reference_beats", g.referenceBeats());
        s.put("tp", g.qrs().tp());
        s.put("fn", g.qrs().fn());
        s.put("fp", g.qrs().fp());
        s.put("average_sensitivity", r6(whole.averageSensitivity(Ec57Record::qrs)));
        s.put("average_positive_predictivity", r6(whole.averagePositivePredictivity(Ec57Record::qrs)));
        s.put("matching_window_ms", BeatMatcher.STANDARD_WINDOW_S * 1000);
        Map<String, Object> f5 = new LinkedHashMap<>();
        f5.put("start_s", learningS);
        f5.put("sensitivity", r6(gf.qrs().sensitivity()));
        f5.put("positive_predictivity", r6(gf.qrs().positivePredictivity()));
        f5.put("reference_beats", gf.referenceBeats());
        f5.put("tp", gf.qrs().tp());
        f5.put("fn", gf.qrs().fn());
        f5.put("fp", gf.qrs().fp());
        f5.put("average_sensitivity", r6(from.averageSensitivity(Ec57Record::qrs)));
        f5.put("average_positive_predictivity", r6(from.averagePositivePredictivity(Ec57Record::qrs)));
        s.put("from_5_min", f5);
        List<String> fallback = rows.stream().filter(r -> !r.lead().requested()).map(r -> r.record() + ":" + r.lead().name()).toList();
        s.put("lead_requested", lead);
        s.put("records_without_requested_lead", fallback);
        s.put("median_abs_offset_ms", r6(median(rows.stream().mapToDouble(Row::medianAbsOffsetMs).toArray())));
        s.put("detector", "Pan & Tompkins 1985 with Hamilton & Tompkins 1986 rules (org.ecgbench.signal.qrs.QrsDetector)");
        s.put("detector_parameters", detector().parameters().describe());
        s.put("detector_parameters_are_defaults", detector().parameters().equals(QrsDetector.Parameters.defaults()));
        Map<String, Object> speed = new LinkedHashMap<>();
        speed.put("detection_ms_total", r2(detMs));
        speed.put("read_ms_total", r2(readMs));
        speed.put("wall_ms_total_including_reading_and_evaluation", r2(wallMs));
        speed.put("samples_total", samples);
        speed.put("detection_samples_per_s", Math.round(samples / (detMs / 1000)));
        speed.put("threads", 1);
        speed.put("note", "one thread, records in order, JIT warm-up included in the first records");
        s.put("speed", speed);
        Map<String, Object> data = new LinkedHashMap<>();
        Path root = db.getParent();
        data.put("path", root == null ? db.toString() : root.relativize(db).toString());
        data.put("annotator", annotator);
        try {
            Path man = Manifest.manifestOf(db);
            data.put("manifest", man.getFileName().toString());
            data.put("manifest_sha256", Manifest.sha256(man));
            Map<String, String> listed = new LinkedHashMap<>();
            for (Manifest.Entry e : Manifest.parse(man)) listed.put(e.path(), e.sha256());
            List<String> bad = fileSha.entrySet().stream().filter(e -> !e.getValue().equals(listed.get(e.getKey()))).map(Map.Entry::getKey).toList();
            data.put("files_match_manifest", bad.isEmpty());
            if (!bad.isEmpty()) data.put("files_not_matching_manifest", bad);
        } catch (java.nio.file.NoSuchFileException e) {
            data.put("manifest", "none");
        }
        data.put("files_read", fileSha.size());
        data.put("files_sha256_combined", combined(fileSha));
        data.put("files_sha256_combined_is", "SHA-256 of the UTF-8 lines '<sha256>  <file>\\n' in the order read");
        data.put("files_sha256", fileSha);
        s.put("data", data);
        Map<String, Object> p = new LinkedHashMap<>(prov.fields());
        p.put("nproc", Runtime.getRuntime().availableProcessors());
        p.put("command", "detect-qrs --evaluate --lead " + lead + " --annotator " + annotator + " --learning-s " + learningS
                + (rectifier == null ? "" : " --rectifier " + rectifier));
        s.put("provenance", p);
        AtomicFiles.writeString(output.resolve("summary.json"), Json.write(s) + "\n");

        // report.md
        StringBuilder md = new StringBuilder();
        md.append("# QRS detection on ").append(data.get("path")).append(" (").append(rows.size()).append(" records)\n\n");
        md.append("Detector: Pan & Tompkins (IEEE TBME 32(3):230-236, 1985) with the detection rules of Hamilton & Tompkins "
                + "(IEEE TBME 33(12):1157-1165, 1986), `org.ecgbench.signal.qrs.QrsDetector`,  parameters: ")
                .append(detector().parameters().describe()).append(".\n\n");
        md.append("Evaluation: ANSI/AAMI EC57 beat-by-beat matching (`org.ecgbench.eval.ec57`), 150 ms window, every reference "
                + "beat annotation counted, detections inside reference-marked ventricular flutter/fibrillation (`[` ... `]`) "
                + "not counted. Lead: ").append(lead).append(" where the record has it");
        md.append(fallback.isEmpty() ? ".\n\n" : "; " + String.join(", ", fallback) + " (no " + lead + ": first signal).\n\n");
        md.append(String.format(Locale.ROOT, "**Gross, whole records: Se %.2f %%, +P %.2f %%** (TP %d, FN %d, FP %d of %d reference beats); "
                        + "average over records Se %.2f %%, +P %.2f %%.%n%n",
                100 * g.qrs().sensitivity(), 100 * g.qrs().positivePredictivity(), g.qrs().tp(), g.qrs().fn(), g.qrs().fp(), g.referenceBeats(),
                100 * whole.averageSensitivity(Ec57Record::qrs), 100 * whole.averagePositivePredictivity(Ec57Record::qrs)));
        md.append(String.format(Locale.ROOT, "From %.0f s (EC57's comparison start after a 5-minute learning period): Se %.2f %%, +P %.2f %% "
                        + "(TP %d, FN %d, FP %d); average Se %.2f %%, +P %.2f %%.%n%n", learningS,
                100 * gf.qrs().sensitivity(), 100 * gf.qrs().positivePredictivity(), gf.qrs().tp(), gf.qrs().fn(), gf.qrs().fp(),
                100 * from.averageSensitivity(Ec57Record::qrs), 100 * from.averagePositivePredictivity(Ec57Record::qrs)));
        md.append(String.format(Locale.ROOT, "Speed: detection %.0f ms for %d records (%,d samples, %.1f M samples/s, one thread; JIT warm-up "
                        + "included); reading %.0f ms; whole command %.0f ms (reading, detection, evaluation, hashing) on %d CPUs.%n%n",
                detMs, rows.size(), samples, samples / (detMs / 1000) / 1e6, readMs, wallMs, Runtime.getRuntime().availableProcessors()));
        MarkdownTable t = new MarkdownTable().header("record", "lead", "ref beats", "TP", "FN", "FP", "Se %", "+P %", "from 5 min Se %",
                "from 5 min +P %", "median abs offset ms", "detection ms");
        for (Row r : rows) {
            t.row(r.record(), r.lead().name(), String.valueOf(r.whole().referenceBeats()), String.valueOf(r.whole().qrs().tp()),
                    String.valueOf(r.whole().qrs().fn()), String.valueOf(r.whole().qrs().fp()), Ec57Summary.pct(r.whole().qrs().sensitivity()),
                    Ec57Summary.pct(r.whole().qrs().positivePredictivity()), Ec57Summary.pct(r.from().qrs().sensitivity()),
                    Ec57Summary.pct(r.from().qrs().positivePredictivity()), f2(r.medianAbsOffsetMs()), f2(r.detectMs()));
        }
        t.row("**gross**", "", String.valueOf(g.referenceBeats()), String.valueOf(g.qrs().tp()), String.valueOf(g.qrs().fn()),
                String.valueOf(g.qrs().fp()), Ec57Summary.pct(g.qrs().sensitivity()), Ec57Summary.pct(g.qrs().positivePredictivity()),
                Ec57Summary.pct(gf.qrs().sensitivity()), Ec57Summary.pct(gf.qrs().positivePredictivity()), "", f2(detMs));
        t.row("**average**", "", "", "", "", "", Ec57Summary.pct(whole.averageSensitivity(Ec57Record::qrs)),
                Ec57Summary.pct(whole.averagePositivePredictivity(Ec57Record::qrs)), Ec57Summary.pct(from.averageSensitivity(Ec57Record::qrs)),
                Ec57Summary.pct(from.averagePositivePredictivity(Ec57Record::qrs)), "", "");
        md.append(t).append("\n");
        md.append("Provenance: git commit ").append(p.get("git_commit")).append(" (dirty: ").append(p.get("git_dirty"))
                .append("), data `").append(data.get("path")).append("` manifest SHA-256 ").append(data.get("manifest_sha256"))
                .append(", ").append(fileSha.size()).append(" files read, combined SHA-256 ").append(data.get("files_sha256_combined"))
                .append(" (per-file hashes in summary.json), ").append(p.get("date_utc")).append(", ").append(p.get("java"))
                .append(", nproc ").append(p.get("nproc")).append(".\n");
        AtomicFiles.writeString(output.resolve("report.md"), md.toString());
        System.out.printf(Locale.ROOT, "gross Se %.4f +P %.4f (TP %d FN %d FP %d); from %.0f s Se %.4f +P %.4f; detection %.0f ms, wall %.0f ms -> %s%n",
                g.qrs().sensitivity(), g.qrs().positivePredictivity(), g.qrs().tp(), g.qrs().fn(), g.qrs().fp(), learningS,
                gf.qrs().sensitivity(), gf.qrs().positivePredictivity(), detMs, wallMs, output);
    }

    private static String combined(Map<String, String> fileSha) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fileSha.entrySet()) sb.append(e.getValue()).append("  ").append(e.getKey()).append('\n');
        return org.ecgbench.signal.util.Hashes.sha256Hex(sb.toString());
    }

    private static double median(double[] v) {
        double[] c = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return c.length == 0 ? Double.NaN : c[c.length / 2];
    }

    private static String f6(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v); }

    private static String f2(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v); }

    private static double r6(double v) { return Math.round(v * 1e6) / 1e6; }

    private static double r2(double v) { return Math.round(v * 100) / 100.0; }
}
