package org.ecgbench.pipeline.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.mitbih.BeatSet;
import org.ecgbench.signal.preprocess.Preprocessing;
import org.ecgbench.signal.preprocess.SignalStep;
import org.ecgbench.signal.preprocess.WindowStep;
import org.ecgbench.signal.rhythm.RecordRPeaks;
import org.ecgbench.signal.rhythm.RrFeatures;
import org.ecgbench.signal.rhythm.RunningTemplate;

/** MIT-BIH beat windows for the runner, configured from the spec's {@code data} section. */
public final class MitBihBeatSource implements DataSource {
    private final Path mitdb;
    private final BeatExtractor extractor;
    private final BeatLabels labels;
    private final ExperimentSpec spec;
    private int[] lastDropped;
    private String checksum;

    private MitBihBeatSource(Path mitdb, BeatExtractor extractor, BeatLabels labels, ExperimentSpec spec) {
        this.mitdb = mitdb;
        this.extractor = extractor;
        this.labels = labels;
        this.spec = spec;
    }

    public static MitBihBeatSource create(ExperimentSpec spec, Path dataRoot) {
        ExperimentSpec.Data d = spec.data;
        BeatLabels labels;
        try {
            labels = BeatLabels.byName(d.labels);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, spec.data.line, 1, "data.labels: " + e.getMessage());
        }
        List<SignalStep> rec;
        List<WindowStep> win;
        try {
            rec = Preprocessing.recordSteps(d.recordSteps);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, d.recordStepsLine, 1, "data.preprocessing.record: " + e.getMessage());
        }
        try {
            win = Preprocessing.windowSteps(d.windowSteps);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, d.windowStepsLine, 1, "data.preprocessing.window: " + e.getMessage());
        }
        Path mitdb = DataPaths.dataset(dataRoot.toString(), "mitdb");
        BeatExtractor ex = new BeatExtractor(d.leads, d.windowLength, d.beforeR, rec, win, labels, d.maxBeatsPerRecord);
        return new MitBihBeatSource(mitdb, ex, labels, spec);
    }

    /** The MIT-BIH folder the windows are read from (for readers of the same records' annotations, e.g. RR features). */
    public Path mitdb() {
        return mitdb;
    }

    /** The spec's label map name ({@code data.labels}). */
    public String labelsName() {
        return spec.data.labels;
    }

    /** Sample index of the R peak inside each window ({@code data.window.before_r}). */
    public int beforeR() {
        return spec.data.beforeR;
    }

    @Override
    public LabeledWindows load(List<String> records) throws IOException {
        BeatSet s = extractor.extract(mitdb, records);
        lastDropped = s.droppedWindowFit;
        float[][][] x = spec.data.windowTemplate ? withTemplateChannels(s.x, s.record) : s.x;
        LabeledWindows w = new LabeledWindows(x, s.y, s.record, s.sample, s.classNames);
        if (spec.data.beatFeatures != null) return w.withAux(beatFeatures(w, mitdb, spec.data.beatFeatures));
        return spec.data.rrFeatures ? w.withAux(rrFeatures(w, mitdb)) : w;
    }

    /**
     * {@code data.beat_features}: the classical baselines' feature rows ({@link org.ecgbench.baselines.features.BeatFeatures},
     * computed exactly as for the LDA / random forest: record preprocessing only, mV, no window z-score) for every window,
     * RAW, matched by record and R-peak sample. Labels are never used; the runner standardises them with training
     * statistics only, as it does the RR features.
     */
    public static float[][] beatFeatures(LabeledWindows w, Path mitdb, String set) throws IOException {
        var fs = org.ecgbench.baselines.features.FeatureSet.byName(set);
        var d = org.ecgbench.baselines.BeatData.load(mitdb, w.records(), List.of(fs));
        double[][] rows = d.features.get(fs);
        Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < d.beats.size(); i++) at.put(d.beats.record[i] + "/" + d.beats.sample[i], i);
        float[][] out = new float[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            Integer k = at.get(w.record[i] + "/" + w.sample[i]);
            if (k == null) throw new IllegalStateException("record " + w.record[i] + ": no " + set + " feature row for the beat at sample " + w.sample[i]);
            out[i] = new float[rows[k].length];
            for (int c = 0; c < rows[k].length; c++) out[i][c] = (float) rows[k][c];
        }
        return out;
    }

    /**
     * {@code data.window_template}: windows of {@code L} leads become {@code 2L} channels: the windows themselves (after
     * window preprocessing), then per lead the window minus its causal running template ({@link RunningTemplate}: the
     * sample-wise median of the same record's previous {@value RunningTemplate#DEFAULT_DEPTH} windows; the record's first
     * window gets zeros) — patient-normalised morphology. Windows must be grouped by record in time order (as the
     * extractor returns them). The template sees only windows of beats the label map keeps (Q and non-beat annotations
     * have no window); never the current or a later beat, never a label value.
     */
    public static float[][][] withTemplateChannels(float[][][] x, String[] record) {
        int n = x.length;
        float[][][] out = new float[n][][];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && record[j].equals(record[i])) j++;
            int leads = x[i].length;
            for (int k = i; k < j; k++) out[k] = new float[2 * leads][];
            for (int l = 0; l < leads; l++) {
                double[][] w = new double[j - i][];
                for (int k = i; k < j; k++) {
                    w[k - i] = new double[x[k][l].length];
                    for (int t = 0; t < w[k - i].length; t++) w[k - i][t] = x[k][l][t];
                }
                double[][] tmpl = RunningTemplate.templates(w, RunningTemplate.DEFAULT_DEPTH);
                for (int k = i; k < j; k++) {
                    out[k][l] = x[k][l];
                    float[] d = new float[w[k - i].length];
                    for (int t = 0; t < d.length; t++) d[t] = (float) (w[k - i][t] - tmpl[k - i][t]);
                    out[k][leads + l] = d;
                }
            }
            i = j;
        }
        return out;
    }

    /**
     * {@code data.rr_features}: the 9 RR features of {@link RrFeatures} for every window, RAW (seconds and ratios): each
     * record's features come from the R peaks of ALL its beat annotations ({@link RecordRPeaks}); labels are never read.
     * The runner standardises them with training-split statistics only.
     */
    public static float[][] rrFeatures(LabeledWindows w, Path mitdb) throws IOException {
        Map<String, RecordRPeaks.Peaks> peaks = new java.util.HashMap<>();
        Map<String, double[][]> feats = new java.util.HashMap<>();
        float[][] out = new float[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            String r = w.record[i];
            if (!peaks.containsKey(r)) {
                RecordRPeaks.Peaks p = RecordRPeaks.read(mitdb, r);
                peaks.put(r, p);
                feats.put(r, RrFeatures.compute(p.samples(), p.fs()));
            }
            double[] f = feats.get(r)[RecordRPeaks.indexOf(peaks.get(r), w.sample[i])];
            out[i] = new float[f.length];
            for (int k = 0; k < f.length; k++) out[i][k] = (float) f[k];
        }
        return out;
    }

    @Override
    public int[] annotationCounts(List<String> records) throws IOException {
        return BeatExtractor.countLabels(mitdb, records, labels);
    }

    @Override
    public int[] lastDroppedPerClass() {
        return lastDropped;
    }

    @Override
    public String[] classNames() {
        return labels.classNames();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", "MIT-BIH Arrhythmia Database (" + DataPaths.display(mitdb) + "), 360 Hz, pure-Java WFDB reader (format 212, .atr)");
        m.put("windows", extractor.describe());
        m.put("labels", labels.describe());
        m.put("record preprocessing", extractor.recordStepDescriptions().isEmpty() ? "none" : String.join("; ", extractor.recordStepDescriptions()));
        m.put("window preprocessing", extractor.windowStepDescriptions().isEmpty() ? "none" : String.join("; ", extractor.windowStepDescriptions()));
        if (spec.data.windowTemplate) {
            m.put("template channels", "per lead, window minus the causal running median of the record's previous " + RunningTemplate.DEFAULT_DEPTH
                    + " windows (patient-normalised morphology): " + 2 * spec.data.leads.size() + " input channels");
        }
        if (spec.data.beatFeatures != null) {
            m.put("hybrid rhythm input", "data.beat_features " + spec.data.beatFeatures + ": the classical baselines' feature rows ("
                    + org.ecgbench.baselines.features.BeatFeatures.names(org.ecgbench.baselines.features.FeatureSet.byName(spec.data.beatFeatures))
                    + "), computed as for the LDA/random forest, replace the 9 RR features; standardised with training statistics only");
        } else if (spec.data.rrFeatures) {
            m.put("rhythm features (second model input)", RrFeatures.NAMES.size() + " RR features per beat from all beat annotations of the record "
                    + RrFeatures.NAMES + ", standardised with training-split statistics only");
        }
        if (spec.data.maxBeatsPerRecord != null) m.put("max beats per record", spec.data.maxBeatsPerRecord + " (smoke)");
        return m;
    }

    @Override
    public Path dataRoot() {
        return mitdb.getParent();
    }

    @Override
    public List<Path> files(List<String> records) {
        List<Path> out = new java.util.ArrayList<>();
        for (String r : records) {
            for (String ext : new String[] {".hea", ".dat", ".atr"}) {
                Path f = mitdb.resolve(r + ext);
                if (java.nio.file.Files.isRegularFile(f)) out.add(f);
            }
        }
        return out;
    }

    @Override
    public String dataChecksum() {
        if (checksum == null) {
            try {
                checksum = "sha256(MANIFEST.sha256)=" + Manifest.manifestDigest(mitdb);
            } catch (IOException e) {
                checksum = "unavailable (" + e.getMessage() + ")";
            }
        }
        return checksum;
    }
}
