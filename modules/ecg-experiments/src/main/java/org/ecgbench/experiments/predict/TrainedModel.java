package org.ecgbench.experiments.predict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.baselines.BaselineClassifier;
import org.ecgbench.baselines.Baselines;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.mitbih.BeatLabels;
import org.ecgbench.signal.rhythm.Standardizer;

/**
 * A trained result folder ready for prediction: its {@code provenance.json} names the training spec (whose {@code data}
 * section gives the preprocessing, window, labels and leads), the model is {@code model.zip} (DL4J) or
 * {@code model.ecgbase} (classical baseline), the RR standardiser of a rhythm-context model comes from the provenance
 * ({@code rr_standardizer_mean/sd}: training-split statistics), and a record model's decision thresholds from
 * {@code thresholds.csv} (validation-chosen). Nothing of the training data is read.
 */
public final class TrainedModel {
    /** Sampling rate of the MIT-BIH beat pipeline (every {@code mitdb_beats} model was trained at 360 Hz). */
    public static final double BEAT_FS = 360.0;

    public final Path folder;
    public final ExperimentSpec spec;
    public final Map<String, Object> provenance;
    public final ComputationGraph net;
    public final BaselineClassifier classical;
    public final Standardizer rrStandardizer;
    public final String[] classNames;
    /** Per-label thresholds of a record model (label → threshold), empty when it has none. */
    public final Map<String, Double> thresholds;
    /** Warnings met while loading (e.g. the spec file changed since training). */
    public final List<String> warnings = new ArrayList<>();

    private TrainedModel(Path folder, ExperimentSpec spec, Map<String, Object> provenance, ComputationGraph net, BaselineClassifier classical,
                         Standardizer rr, String[] classNames, Map<String, Double> thresholds) {
        this.folder = folder;
        this.spec = spec;
        this.provenance = provenance;
        this.net = net;
        this.classical = classical;
        this.rrStandardizer = rr;
        this.classNames = classNames;
        this.thresholds = thresholds;
    }

    /** True for MIT-BIH beat models ({@code data.dataset: mitdb_beats}); false for record (12-lead) models. */
    public boolean beatModel() {
        return spec.data.records == null;
    }

    public String name() {
        return folder.getFileName().toString();
    }

    /** The model's leads: the spec's {@code data.leads} (record models without it: the 12 standard leads). */
    public List<String> leads() {
        if (beatModel() || spec.data.leadsGiven) return spec.data.leads;
        return List.of(org.ecgbench.databases.StandardLeads.twelve());
    }

    /**
     * Loads a result folder; {@code projectRoot} resolves the spec path recorded in its provenance (relative to the
     * project root).
     */
    public static TrainedModel load(Path folder, Path projectRoot) throws IOException {
        Path prov = folder.resolve("provenance.json");
        if (!Files.isRegularFile(prov)) throw new IOException("no provenance.json in " + folder + ": give a result folder written by `ecgbench run`");
        Map<String, Object> p = Json.readMap(prov);
        Object specFile = p.get("spec_file");
        if (specFile == null) throw new IOException(prov + " names no spec_file (the training spec)");
        Path specPath = projectRoot.resolve(specFile.toString()).normalize();
        ExperimentSpec spec = ExperimentSpec.load(specPath);
        List<String> warn = new ArrayList<>();
        if (p.get("spec_sha256") != null && !p.get("spec_sha256").equals(spec.sha256)) {
            warn.add("the spec " + specFile + " changed since training (SHA-256 " + spec.sha256 + ", trained with " + p.get("spec_sha256")
                    + "): its data section is used as it is now");
        }
        if (spec.data.beatFeatures != null || spec.split.mode == org.ecgbench.pipeline.spec.ExperimentSpec.Split.Mode.CV_RECORDS) {
            throw new IOException(folder + ": predict does not serve " + (spec.data.beatFeatures != null ? "hybrid models (data.beat_features)"
                    : "cross-validated fold ensembles (split.mode cv_records)") + " yet; use a train_eval run with a hold-out split");
        }
        ComputationGraph net = null;
        BaselineClassifier classical = null;
        if (Files.isRegularFile(folder.resolve("model.zip"))) {
            net = ModelSerializer.restoreComputationGraph(folder.resolve("model.zip").toFile(), false);
        } else if (Files.isRegularFile(folder.resolve("model.ecgbase"))) {
            classical = Baselines.load(folder.resolve("model.ecgbase"));
        } else {
            throw new IOException("no model.zip or model.ecgbase in " + folder + " (trained without output.save_model?)");
        }
        Standardizer rr = null;
        if (spec.data.rrFeatures && net != null) {
            if (!(p.get("rr_standardizer_mean") instanceof List<?> m) || !(p.get("rr_standardizer_sd") instanceof List<?> s)) {
                throw new IOException(prov + ": a rhythm-context model needs rr_standardizer_mean/sd (training-split statistics)");
            }
            rr = Standardizer.of(toDoubles(m), toDoubles(s));
        }
        String[] classes = spec.data.records == null ? BeatLabels.byName(spec.data.labels).classNames() : predictionClasses(folder);
        TrainedModel t = new TrainedModel(folder, spec, p, net, classical, rr, classes, readThresholds(folder));
        t.warnings.addAll(warn);
        return t;
    }

    /** Short description for reports. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result_folder", DataPaths.display(folder));
        m.put("spec_file", provenance.get("spec_file"));
        m.put("spec_sha256", spec.sha256);
        m.put("trained_at_commit", provenance.get("git_commit"));
        m.put("model", spec.model.name + (net != null ? " (DL4J model.zip)" : " (classical model.ecgbase)"));
        m.put("classes", Arrays.asList(classNames));
        m.put("leads", leads());
        if (beatModel()) {
            m.put("window", spec.data.windowLength + " samples at " + (int) BEAT_FS + " Hz, R peak at sample " + spec.data.beforeR);
            m.put("record_preprocessing", spec.data.recordSteps);
            m.put("window_preprocessing", spec.data.windowSteps);
            m.put("rr_features", spec.data.rrFeatures);
            m.put("window_template", spec.data.windowTemplate);
        } else {
            m.put("input", spec.data.records.length + " samples at " + spec.data.records.fs + " Hz, pad " + spec.data.records.pad + ", crop "
                    + spec.data.records.crop + ", normalize " + spec.data.records.normalize);
            m.put("label_protocol", spec.data.records.labelProtocol);
            if (!thresholds.isEmpty()) m.put("thresholds_from_validation", thresholds);
        }
        if (!warnings.isEmpty()) m.put("warnings", warnings);
        return m;
    }

    /** Class names of a record model: the {@code p_<class>} columns of its {@code predictions.csv.gz}. */
    static String[] predictionClasses(Path folder) throws IOException {
        Path f = folder.resolve("predictions.csv.gz");
        if (!Files.isRegularFile(f)) throw new IOException("no predictions.csv.gz in " + folder + " to read the class names from");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) throw new IOException(f + " is empty");
            List<String> out = new ArrayList<>();
            for (String c : header.split(",")) if (c.startsWith("p_")) out.add(c.substring(2));
            if (out.isEmpty()) throw new IOException(f + ": no p_<class> columns in " + header);
            return out.toArray(new String[0]);
        }
    }

    static Map<String, Double> readThresholds(Path folder) throws IOException {
        Map<String, Double> t = new LinkedHashMap<>();
        Path f = folder.resolve("thresholds.csv");
        if (!Files.isRegularFile(f)) return t;
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            if (c.length >= 2 && !c[0].isBlank()) t.put(c[0].strip(), Double.parseDouble(c[1].strip()));
        }
        return t;
    }

    private static double[] toDoubles(List<?> l) {
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).doubleValue();
        return d;
    }
}
