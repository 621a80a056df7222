package org.ecgbench.signal.mitbih;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.signal.preprocess.NanPolicy;
import org.ecgbench.signal.preprocess.SignalStep;
import org.ecgbench.signal.preprocess.WindowStep;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.ecgbench.signal.wfdb.WfdbFormatException;
import org.ecgbench.signal.wfdb.WfdbRecord;

/**
 * Cuts R-peak-centred windows from MIT-BIH records: for every beat annotation whose symbol the
 * label map knows, the window {@code [R − before, R − before + length)} of each selected lead
 * (by name) after record-level preprocessing, then window-level preprocessing. Beats whose window
 * does not fit inside the record are dropped and counted per class. Each record is decoded once.
 * A WFDB invalid sample (format 212 value -2048, read as NaN) in a selected lead is an error naming the
 * record, the lead and the sample ranges (there is no NaN policy on this path; no MIT-BIH record has one).
 */
public final class BeatExtractor {
    private final List<String> leads;
    private final int length;
    private final int before;
    private final List<SignalStep> recordSteps;
    private final List<WindowStep> windowSteps;
    private final BeatLabels labels;
    private final Integer maxBeatsPerRecord;

    public BeatExtractor(List<String> leads, int length, int before, List<SignalStep> recordSteps, List<WindowStep> windowSteps,
                         BeatLabels labels, Integer maxBeatsPerRecord) {
        if (leads.isEmpty()) throw new IllegalArgumentException("select at least one lead");
        if (length < 1 || before < 0 || before >= length) {
            throw new IllegalArgumentException("window needs length >= 1 and 0 <= before < length, got " + length + "/" + before);
        }
        this.leads = List.copyOf(leads);
        this.length = length;
        this.before = before;
        this.recordSteps = List.copyOf(recordSteps);
        this.windowSteps = List.copyOf(windowSteps);
        this.labels = labels;
        this.maxBeatsPerRecord = maxBeatsPerRecord;
    }

    public BeatLabels labels() { return labels; }

    /** Annotation-level class counts (before any window-fit exclusion) summed over the records. */
    public static int[] countLabels(Path mitdbDir, List<String> records, BeatLabels labels) throws IOException {
        int[] c = new int[labels.numClasses()];
        for (String r : records) {
            for (Annotation a : AnnotationReader.read(mitdbDir.resolve(r + ".atr"))) {
                if (!a.isBeat()) continue;
                int k = labels.classOf(a.symbol());
                if (k >= 0) c[k]++;
            }
        }
        return c;
    }

    public BeatSet extract(Path mitdbDir, List<String> records) throws IOException {
        List<float[][]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<String> recs = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        Map<String, int[]> perRecord = new LinkedHashMap<>();
        int[] dropped = new int[labels.numClasses()];
        for (String r : records) {
            Path hea = mitdbDir.resolve(r + ".hea");
            WfdbRecord rec = WfdbRecord.read(hea);
            double fs = rec.header().samplingFrequency();
            int n = rec.length();
            float[][] sig = new float[leads.size()][];
            for (int l = 0; l < leads.size(); l++) {
                int idx = rec.signalIndex(leads.get(l));
                double[] mv = rec.millivolts(idx);
                List<NanPolicy.Run> invalid = NanPolicy.runs(mv);
                if (!invalid.isEmpty()) {
                    // MIT-BIH beat extraction has no NaN policy: an invalid sample anywhere in a selected lead is an error
                    throw new WfdbFormatException(hea, NanPolicy.message(r, leads.get(l), n, invalid, rec.invalidCause(idx))
                            + "; the MIT-BIH beat pipeline has no NaN policy, drop the record from the split");
                }
                for (SignalStep s : recordSteps) mv = s.apply(mv, fs);
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(mv[i])) {
                        throw new WfdbFormatException(hea, "non-finite value (" + mv[i] + ") in lead " + leads.get(l) + " at sample " + i
                                + " after preprocessing");
                    }
                    f[i] = (float) mv[i];
                }
                sig[l] = f;
            }
            int[] kept = new int[labels.numClasses()];
            int taken = 0;
            for (Annotation a : AnnotationReader.read(mitdbDir.resolve(r + ".atr"))) {
                if (!a.isBeat()) continue;
                int k = labels.classOf(a.symbol());
                if (k < 0) continue;
                long start = a.sample() - before;
                if (start < 0 || start + length > n) {
                    dropped[k]++;
                    continue;
                }
                if (maxBeatsPerRecord != null && taken >= maxBeatsPerRecord) continue;
                float[][] w = new float[leads.size()][length];
                for (int l = 0; l < leads.size(); l++) {
                    System.arraycopy(sig[l], (int) start, w[l], 0, length);
                    for (WindowStep s : windowSteps) s.apply(w[l]);
                }
                xs.add(w);
                ys.add(k);
                recs.add(r);
                samples.add(a.sample());
                kept[k]++;
                taken++;
            }
            perRecord.put(r, kept);
        }
        int m = ys.size();
        int[] y = new int[m];
        long[] s = new long[m];
        for (int i = 0; i < m; i++) {
            y[i] = ys.get(i);
            s[i] = samples.get(i);
        }
        return new BeatSet(xs.toArray(new float[0][][]), y, recs.toArray(new String[0]), s, labels.classNames(), perRecord, dropped);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("leads ").append(leads).append(", window ").append(length).append(" samples with ").append(before)
                .append(" before the R peak");
        return sb.toString();
    }

    public List<String> recordStepDescriptions() {
        return recordSteps.stream().map(SignalStep::describe).toList();
    }

    public List<String> windowStepDescriptions() {
        return windowSteps.stream().map(WindowStep::describe).toList();
    }
}
