package org.ecgbench.experiments.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.eval.ec57.Ec57Record;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.qrs.QrsDetector;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationWriter;

/**
 * {@code ecgbench predict} with a beat model: QRS detection ({@link QrsDetector}, default parameters) on the model's
 * first lead → {@link BeatClassifier} at the detected beats → {@code beats.csv}, a WFDB annotation file
 * {@code <record>.<annotator>} (MIT format; class → beat code: N→N, S→A, V→V, F→F, Q and unclassified → Q; other
 * class names that are WFDB beat mnemonics, e.g. L R A, keep their code), {@code summary.json} and {@code report.html}.
 * A reference annotation file, when given, is read after the prediction only to compare with it (EC57).
 */
public final class BeatPredict {
    private BeatPredict() {}

    /**
     * @param leads      input leads to use for the model's leads, in the model's order (null: by the model's lead names,
     *                   falling back to the first signal for a one-lead model)
     * @param annotator  extension of the written annotation file
     * @param reference  reference annotation file to evaluate against (null: none)
     */
    public record Options(List<String> leads, BeatClassifier.Inference inference, String annotator, Path reference, double firstSeconds,
                          double rowSeconds) {
        public static Options defaults() {
            return new Options(null, BeatClassifier.Inference.DL4J, "ecgb", null, 10, 30);
        }
    }

    /** A finished prediction. */
    public record Outcome(TrainedModel model, EcgInput input, int[] leadIndex, String leadName, List<String> notes, BeatClassifier.Result result,
                          double detectSeconds, double classifySeconds, Ec57Record ec57Record, Map<String, Object> ec57, String annotationFile) {

        /** WFDB beat mnemonic of each beat. */
        public String[] symbols() {
            String[] out = new String[result.size()];
            for (int i = 0; i < out.length; i++) out[i] = symbol(result.cls()[i] < 0 ? "Q" : result.classNames()[result.cls()[i]]);
            return out;
        }

        /** Class shown for each beat: the model's class, Q when not classified. */
        public String[] symbolsForDisplay() {
            String[] out = new String[result.size()];
            for (int i = 0; i < out.length; i++) out[i] = result.cls()[i] < 0 ? "Q" : result.classNames()[result.cls()[i]];
            return out;
        }

        /** Beats per class (model classes in order, then Q for beats left unclassified). */
        public Map<String, Integer> counts() {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (String c : result.classNames()) m.put(c, 0);
            for (String s : symbolsForDisplay()) m.merge(s, 1, Integer::sum);
            return m;
        }

        /** V beats / all beats (NaN without a V class or without beats). */
        public double pvcBurden() {
            Map<String, Integer> c = counts();
            int n = c.values().stream().mapToInt(Integer::intValue).sum();
            return c.containsKey("V") && n > 0 ? (double) c.get("V") / n : Double.NaN;
        }

        /** 60 × (beats − 1) / (last − first beat time), bpm. */
        public double meanHeartRate() {
            long[] s = result.sample();
            if (s.length < 2) return Double.NaN;
            return 60.0 * (s.length - 1) / ((s[s.length - 1] - s[0]) / input.fs());
        }

        public Map<String, Object> recordingFacts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", input.source());
            m.put("sampling rate", HtmlReport.f(input.fs(), 1) + " Hz");
            m.put("duration", HtmlReport.hms(input.length() / input.fs()) + " (" + input.length() + " samples)");
            m.put("leads in the input", input.leadNames());
            m.put("lead used", leadName);
            m.put("QRS detector", "Pan-Tompkins / Hamilton-Tompkins (QrsDetector defaults) on lead " + input.leadNames().get(leadIndex[0]));
            m.put("detection / classification time", HtmlReport.f(detectSeconds, 2) + " s / " + HtmlReport.f(classifySeconds, 2) + " s");
            for (int i = 0; i < notes.size(); i++) m.put("note " + (i + 1), notes.get(i));
            return m;
        }
    }

    /** WFDB beat mnemonic of a model class. */
    public static String symbol(String cls) {
        return switch (cls) {
            case "N", "V", "F", "Q", "L", "R", "A", "E", "J", "j", "e", "a", "/", "f" -> cls;
            case "S" -> "A";
            default -> "Q";
        };
    }

    /** Which input leads feed the model's leads; notes say where a fallback was taken. */
    static int[] chooseLeads(TrainedModel m, EcgInput in, List<String> requested, List<String> notes) {
        List<String> want = m.leads();
        if (requested != null && !requested.isEmpty() && requested.size() != want.size()) {
            throw new IllegalArgumentException("--lead: the model takes " + want.size() + " lead(s) " + want + ", got " + requested);
        }
        int[] idx = new int[want.size()];
        for (int l = 0; l < want.size(); l++) {
            String name = requested != null && !requested.isEmpty() ? requested.get(l) : want.get(l);
            int k = in.leadIndex(name);
            if (k < 0 && name.matches("\\d+") && Integer.parseInt(name) < in.leadNames().size()) k = Integer.parseInt(name);
            if (k < 0 && requested == null && want.size() == 1) {
                k = 0;
                notes.add("the input has no lead " + want.get(l) + " (the model's lead); used its first signal " + in.leadNames().get(0));
            }
            if (k < 0) throw new IllegalArgumentException("the input " + in.source() + " has no lead '" + name + "'; its leads are " + in.leadNames());
            idx[l] = k;
        }
        return idx;
    }

    /** Detects and classifies; no file is written. */
    public static Outcome predict(TrainedModel m, EcgInput in, Options o) throws IOException {
        return predict(m, in, o, new BeatClassifier(m, o.inference()));
    }

    public static Outcome predict(TrainedModel m, EcgInput in, Options o, BeatClassifier classifier) throws IOException {
        List<String> notes = new ArrayList<>(m.warnings);
        int[] leads = chooseLeads(m, in, o.leads(), notes);
        String seen = seenInTraining(m, in);
        if (seen != null) notes.add(seen);
        long t0 = System.nanoTime();
        int[] det = new QrsDetector().detect(in.mv()[leads[0]], in.fs());
        long[] peaks = new long[det.length];
        for (int i = 0; i < det.length; i++) peaks[i] = det[i];
        long t1 = System.nanoTime();
        BeatClassifier.Result r = classifier.classify(in, leads, peaks);
        long t2 = System.nanoTime();
        if (r.repairedSamples() > 0) notes.add(r.repairedSamples() + " invalid (NaN) samples held at the last valid value");
        if (in.fs() != TrainedModel.BEAT_FS) notes.add("resampled from " + in.fs() + " Hz to the model's " + TrainedModel.BEAT_FS + " Hz");
        String leadName = String.join("+", java.util.Arrays.stream(leads).mapToObj(i -> in.leadNames().get(i)).toList());
        Outcome out = new Outcome(m, in, leads, leadName, notes, r, (t1 - t0) / 1e9, (t2 - t1) / 1e9, null, null, in.name() + "." + o.annotator());
        if (o.reference() == null) return out;
        ReferenceBeats ref = ReferenceBeats.read(o.reference(), in.length());
        Ec57Record e = ref.compare(in.name(), in.fs(), r.sample(), out.symbols());
        return new Outcome(m, in, leads, leadName, notes, r, out.detectSeconds(), out.classifySeconds(), e, ec57Facts(e, o.reference()),
                out.annotationFile());
    }

    /**
     * A note when the input looks like a MIT-BIH record of the model's training or validation split (same record name, read
     * from a folder named mitdb): its predictions are then no measure of accuracy.
     */
    static String seenInTraining(TrainedModel m, EcgInput in) {
        if (!in.source().replace('\\', '/').contains("mitdb/")) return null;
        for (String split : List.of(m.spec.split.train, m.spec.split.validation)) {
            try {
                if (split != null && org.ecgbench.signal.split.Splits.load(split).contains(in.name())) {
                    return "MIT-BIH record " + in.name() + " is in this model's " + split + " split (seen in training): these predictions are no "
                            + "measure of accuracy";
                }
            } catch (RuntimeException e) {
                // not a named record list (e.g. a split file): nothing to say
            }
        }
        return null;
    }

    static Map<String, Object> ec57Facts(Ec57Record e, Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", DataPaths.display(file));
        m.put("reference beats", e.referenceBeats());
        m.put("QRS Se / +P", pct(e.qrs().sensitivity()) + " / " + pct(e.qrs().positivePredictivity()));
        m.put("VEB Se / +P / FPR", pct(e.veb().sensitivity()) + " / " + pct(e.veb().positivePredictivity()) + " / " + pct(e.veb().falsePositiveRate()));
        m.put("SVEB Se / +P / FPR", pct(e.sveb().sensitivity()) + " / " + pct(e.sveb().positivePredictivity()) + " / "
                + pct(e.sveb().falsePositiveRate()));
        m.put("matching", "EC57 beat-by-beat, 150 ms window, whole record, reference VF/flutter excluded");
        return m;
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    /** Writes beats.csv, the annotation file, summary.json and report.html into {@code dir}. */
    public static void write(Outcome o, Path dir, Options opt, Map<String, Object> provenance) throws IOException {
        Files.createDirectories(dir);
        BeatClassifier.Result r = o.result();
        String[] sym = o.symbols(), shown = o.symbolsForDisplay();
        StringBuilder csv = new StringBuilder("sample,time_s,class,wfdb_symbol,classified");
        for (String c : r.classNames()) csv.append(",p_").append(c);
        csv.append('\n');
        List<Annotation> ann = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            csv.append(r.sample()[i]).append(',').append(String.format(Locale.ROOT, "%.4f", r.sample()[i] / o.input().fs())).append(',')
                    .append(shown[i]).append(',').append(sym[i]).append(',').append(r.cls()[i] >= 0);
            for (int c = 0; c < r.classNames().length; c++) {
                csv.append(',').append(r.prob()[i] == null ? "" : String.format(Locale.ROOT, "%.5f", r.prob()[i][c]));
            }
            csv.append('\n');
            ann.add(new Annotation(r.sample()[i], AnnotationWriter.code(sym[i]), sym[i], 0, 0, 0, null));
        }
        AtomicFiles.writeString(dir.resolve("beats.csv"), csv.toString());
        AnnotationWriter.write(dir.resolve(o.annotationFile()), ann);
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(summary(o, opt, provenance)) + "\n");
        AtomicFiles.writeString(dir.resolve("report.html"), HtmlReport.beatPage(o, opt.firstSeconds(), opt.rowSeconds()));
    }

    static Map<String, Object> summary(Outcome o, Options opt, Map<String, Object> provenance) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("record", o.input().name());
        s.put("input", o.input().source());
        s.put("fs", o.input().fs());
        s.put("samples", o.input().length());
        s.put("lead", o.leadName());
        s.put("beats", o.result().size());
        s.put("counts", o.counts());
        s.put("pvc_burden", round(o.pvcBurden()));
        s.put("mean_heart_rate_bpm", round(o.meanHeartRate()));
        s.put("annotation_file", o.annotationFile());
        s.put("annotation_codes", "N->N, S->A, V->V, F->F, Q and unclassified (window outside the recording) -> Q");
        s.put("inference", opt.inference().name().toLowerCase(Locale.ROOT));
        s.put("detector", QrsDetector.Parameters.defaults().describe());
        s.put("detect_seconds", round(o.detectSeconds()));
        s.put("classify_seconds", round(o.classifySeconds()));
        s.put("notes", o.notes());
        s.put("model", o.model().describe());
        if (o.ec57() != null) s.put("evaluation_against_reference", o.ec57());
        if (provenance != null) s.put("provenance", provenance);
        return s;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
    }
}
