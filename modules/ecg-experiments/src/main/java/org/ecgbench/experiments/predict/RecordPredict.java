package org.ecgbench.experiments.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.experiments.train.OnnxInference;
import org.ecgbench.experiments.train.Predictor;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.source.RecordPipeline;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.signal.preprocess.Preprocessing;

/**
 * {@code ecgbench predict} with a record (e.g. 12-lead) model: the recording goes through the training spec's
 * {@link RecordPipeline} (leads by name, NaN policy, resampling to the spec's rate, record preprocessing, per-lead
 * z-score, pad/crop to the input length) → one prediction per record: per-label probabilities, and a decision per
 * label with the validation-chosen threshold of the result folder's {@code thresholds.csv} (else the arg-max class).
 */
public final class RecordPredict {
    private RecordPredict() {}

    public record LabelRow(String label, double probability, double threshold, boolean positive) {}

    public record Outcome(TrainedModel model, EcgInput input, List<LabelRow> rows, double seconds, List<String> notes) {
        public Map<String, Object> recordingFacts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", input.source());
            m.put("sampling rate", HtmlReport.f(input.fs(), 1) + " Hz");
            m.put("duration", HtmlReport.f(input.length() / input.fs(), 2) + " s (" + input.length() + " samples)");
            m.put("leads", input.leadNames());
            m.put("model input", model.leads().size() + " leads x " + model.spec.data.records.length + " samples at "
                    + HtmlReport.f(model.spec.data.records.fs, 0) + " Hz");
            m.put("inference time", HtmlReport.f(seconds, 3) + " s");
            for (int i = 0; i < notes.size(); i++) m.put("note " + (i + 1), notes.get(i));
            return m;
        }
    }

    public static Outcome predict(TrainedModel m, EcgInput in, BeatClassifier.Inference inference) throws IOException {
        if (m.beatModel()) throw new IllegalArgumentException(m.name() + " is a beat model");
        List<String> notes = new ArrayList<>(m.warnings);
        float[][] mv = new float[in.mv().length][];
        for (int l = 0; l < mv.length; l++) {
            mv[l] = new float[in.length()];
            for (int i = 0; i < mv[l].length; i++) mv[l][i] = (float) in.mv()[l][i];
        }
        Ecg12Record rec = new Ecg12Record(in.name(), "input", in.fs(), in.leadNames().toArray(new String[0]), mv, null, null, List.of(), null);
        RecordPipeline pipe = new RecordPipeline(m.leads(), m.spec.data.records, Preprocessing.recordSteps(m.spec.data.recordSteps));
        float[][] x = pipe.apply(rec, in.source());
        if (in.fs() != m.spec.data.records.fs) notes.add("resampled from " + in.fs() + " Hz to " + m.spec.data.records.fs + " Hz");
        if (in.length() * m.spec.data.records.fs / in.fs() != m.spec.data.records.length) {
            notes.add("length " + in.length() + " samples brought to " + m.spec.data.records.length + " (pad " + m.spec.data.records.pad + ", crop "
                    + m.spec.data.records.crop + ")");
        }
        LabeledWindows w = new LabeledWindows(new float[][][] {x}, new int[1], new String[] {in.name()}, new long[1], m.classNames);
        long t0 = System.nanoTime();
        double[] p;
        if (inference == BeatClassifier.Inference.DL4J) {
            p = Predictor.predict(m.net, w, 1)[0];
        } else {
            Path onnx = Files.createTempFile("ecgbench-predict-", ".onnx");
            try {
                OnnxInference.export(m.net, w, onnx);
                p = OnnxInference.predict(onnx, w, 1, 2)[0];
            } finally {
                Files.deleteIfExists(onnx);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int best = Predictor.argmax(new double[][] {p})[0];
        List<LabelRow> rows = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            String label = m.classNames[c];
            Double thr = m.thresholds.get(label);
            boolean pos = thr != null ? p[c] >= thr : (m.thresholds.isEmpty() && c == best);
            rows.add(new LabelRow(label, p[c], thr == null ? Double.NaN : thr, pos));
        }
        if (!m.thresholds.isEmpty()) notes.add("decision: probability >= the validation-chosen threshold (thresholds.csv) for the labels that have one");
        else notes.add("decision: the class of highest probability");
        return new Outcome(m, in, rows, secs, notes);
    }

    /** Writes prediction.csv, summary.json and report.html into {@code dir}. */
    public static void write(Outcome o, Path dir, Map<String, Object> provenance) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("record,label,probability,threshold,decision\n");
        for (LabelRow r : o.rows()) {
            csv.append(o.input().name()).append(',').append(r.label()).append(',').append(String.format(Locale.ROOT, "%.6f", r.probability())).append(',')
                    .append(Double.isNaN(r.threshold()) ? "" : String.format(Locale.ROOT, "%.6f", r.threshold())).append(',').append(r.positive() ? 1 : 0)
                    .append('\n');
        }
        AtomicFiles.writeString(dir.resolve("prediction.csv"), csv.toString());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("record", o.input().name());
        s.put("input", o.input().source());
        Map<String, Object> probs = new LinkedHashMap<>();
        for (LabelRow r : o.rows()) probs.put(r.label(), Math.round(r.probability() * 1e6) / 1e6);
        s.put("probabilities", probs);
        s.put("positive_labels", o.rows().stream().filter(LabelRow::positive).map(LabelRow::label).toList());
        s.put("notes", o.notes());
        s.put("model", o.model().describe());
        s.put("smoke_model", o.model().spec.smoke);
        if (provenance != null) s.put("provenance", provenance);
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(s) + "\n");
        AtomicFiles.writeString(dir.resolve("report.html"), HtmlReport.recordPage(o));
    }
}
