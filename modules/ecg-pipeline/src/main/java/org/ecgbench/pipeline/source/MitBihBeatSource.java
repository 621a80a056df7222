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
            throw new SpecException(spec.file, 1, 1, "data.labels: " + e.getMessage());
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

    /** Sample index of the R peak inside each window ({@code data.window.before_r}). */
    public int beforeR() {
        return spec.data.beforeR;
    }

    @Override
    public LabeledWindows load(List<String> records) throws IOException {
        BeatSet s = extractor.extract(mitdb, records);
        lastDropped = s.droppedWindowFit;
        LabeledWindows w = new LabeledWindows(s.x, s.y, s.record, s.sample, s.classNames);
        return spec.data.rrFeatures ? w.withAux(rrFeatures(w, mitdb)) : w;
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
        m.put("dataset", "MIT-BIH Arrhythmia Database (" + mitdb + "), 360 Hz, pure-Java WFDB reader (format 212, .atr)");
        m.put("windows", extractor.describe());
        m.put("labels", labels.describe());
        m.put("record preprocessing", extractor.recordStepDescriptions().isEmpty() ? "none" : String.join("; ", extractor.recordStepDescriptions()));
        m.put("window preprocessing", extractor.windowStepDescriptions().isEmpty() ? "none" : String.join("; ", extractor.windowStepDescriptions()));
        if (spec.data.rrFeatures) {
            m.put("rhythm features (second model input)", RrFeatures.NAMES.size() + " RR features per beat from all beat annotations of the record "
                    + RrFeatures.NAMES + ", standardised with training-split statistics only");
        }
        if (spec.data.maxBeatsPerRecord != null) m.put("max beats per record", spec.data.maxBeatsPerRecord + " (smoke)");
        return m;
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
