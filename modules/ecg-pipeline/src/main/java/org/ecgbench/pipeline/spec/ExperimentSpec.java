package org.ecgbench.pipeline.spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A validated, immutable experiment spec: one final-field value class per YAML section, enums ({@link Choice}) for every
 * closed set of values, unmodifiable lists and maps. Every section and key is declared here; anything else in the YAML
 * file is an error with {@code file:line:column} and a hint, and so is every value check (the parser keeps each key's
 * line). See docs/specs.md for the meaning of every key. The derived copies: {@link #withSplit} (a record run's
 * reports name its split file's folds), {@link #withSeeds} ({@code run --seeds}) and {@link #forSeed} (one seed's run).
 */
public final class ExperimentSpec {

    public static final List<String> TOP_KEYS = List.of("experiment", "description", "task", "smoke", "paper", "data",
            "split", "model", "training", "evaluation", "quantization", "pretraining", "output", "explain", "search");
    public static final List<String> TASKS = List.of("train_eval", "quantize", "pretrain", "explain", "search");

    public final String file;
    public final String sha256;
    public final String experiment;
    public final String description;
    public final String task;
    /** Line of the {@code task:} key (1 when absent). */
    public final int taskLine;
    /** See {@link #ownSeed()}. */
    private final long ownSeed;
    public final boolean smoke;
    public final Paper paper;
    public final Data data;
    public final Split split;
    public final Model model;
    public final Training training;
    public final Evaluation evaluation;
    /** null when the spec has no quantization section. */
    public final Quantization quantization;
    public final Pretraining pretraining;
    public final Output output;
    /** {@code task: explain}: attributions of a trained model (docs/explain.md); null when the spec has no explain section. */
    public final Explain explain;
    /** {@code task: search}: hyperparameter search over spec fields (docs/specs.md); null when the spec has no search section. */
    public final Search search;

    /** The published figures to print beside ours (never used as our results). */
    public static final class Paper {
        public final String name;
        public final String protocol;
        /** metric name (e.g. accuracy, macro_f1, recall_V, f1_S) → value. */
        public final Map<String, Double> reference;
        /** class → (precision|recall|f1|support → value): the paper's classification report. */
        public final Map<String, Map<String, Double>> perClass;
        /** row label (e.g. "Full-Precision", "8-bit", "LAQ") → (column → value): a table quoted from the paper. */
        public final Map<String, Map<String, Double>> table;

        Paper(Node n) {
            Fields f = Fields.of(n, List.of("name", "protocol", "reference", "per_class", "table"));
            table = f.has("table") ? nested(f.node("table"), List.of("accuracy", "precision", "recall", "f1", "cr")) : Map.of();
            name = f.str("name", "");
            protocol = f.str("protocol", "");
            Map<String, Double> ref = new LinkedHashMap<>();
            if (f.has("reference")) for (Map.Entry<String, Node> r : f.node("reference").entries().entrySet()) ref.put(r.getKey(), r.getValue().asDouble());
            reference = Collections.unmodifiableMap(ref);
            perClass = f.has("per_class") ? nested(f.node("per_class"), List.of("precision", "recall", "f1", "support")) : Map.of();
        }

        private static Map<String, Map<String, Double>> nested(Node n, List<String> columns) {
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> row : n.entries().entrySet()) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (Map.Entry<String, Node> c : row.getValue().entries(columns).entrySet()) m.put(c.getKey(), c.getValue().asDouble());
                out.put(row.getKey(), Collections.unmodifiableMap(m));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    public static final class Data {
        public final String dataset;
        public final String dir;
        public final List<String> leads;
        public final int windowLength;
        public final int beforeR;
        public final String labels;
        public final boolean rrFeatures;
        /** mitdb_beats: add, per lead, a channel "window minus the causal running median of the record's previous 32 windows". */
        public final boolean windowTemplate;
        public final List<Map<String, Object>> recordSteps;
        public final List<Map<String, Object>> windowSteps;
        public final Integer maxBeatsPerRecord;
        public final int recordStepsLine;
        public final int windowStepsLine;
        /** true when the spec names {@code data.leads} (record datasets default to the 12 standard leads). */
        public final boolean leadsGiven;
        /** The {@code data.records} block; non-null exactly for the 12-lead record datasets ({@link RecordsSpec#DATASETS}). */
        public final RecordsSpec records;
        /**
         * Hybrid rhythm input: the classical baselines' per-beat feature set ({@code rhythm_morphology}: 9 RR + 13
         * morphology/template features; {@code de_chazal}: 24) instead of the 9 RR features; null = RR only.
         */
        public final String beatFeatures;
        /** Line of the {@code data:} section (1 when absent). */
        public final int line;

        Data(Node n) {
            Fields f = Fields.of(n, List.of("dataset", "dir", "leads", "window", "labels", "rr_features", "window_template", "preprocessing",
                    "max_beats_per_record", "records", "beat_features"));
            line = n == null ? 1 : n.line();
            dataset = f.str("dataset", "mitdb_beats");
            f.check("dataset", !dataset.equals("mitdb_beats") && !RecordsSpec.DATASETS.contains(dataset),
                    "unknown dataset '" + dataset + "'; supported: mitdb_beats, " + String.join(", ", RecordsSpec.DATASETS));
            if (RecordsSpec.DATASETS.contains(dataset)) {
                for (String k : List.of("window", "labels", "rr_features", "window_template", "max_beats_per_record", "beat_features")) {
                    f.check(k, f.has(k), "'data." + k + "' applies to mitdb_beats only; record datasets use 'data.records'");
                }
                if (!f.has("records")) throw n.error("dataset '" + dataset + "' needs a 'data.records' block (at least label_protocol)");
                records = RecordsSpec.parse(f.node("records"));
            } else {
                f.check("records", f.has("records"), "'data.records' applies to the record datasets " + RecordsSpec.DATASETS + " only");
                records = null;
            }
            leadsGiven = f.has("leads");
            dir = f.str("dir", null);
            leads = f.strings("leads", List.of("MLII"));
            f.check("leads", leads.isEmpty(), "'data.leads' must name at least one lead, e.g. [MLII]");
            Fields w = Fields.of(f.node("window"), List.of("length", "before_r"));
            windowLength = w.positive("length", 360);
            beforeR = w.integer("before_r", 180);
            f.check("window", beforeR < 0 || beforeR >= windowLength, "'data.window.before_r' must be in [0, length), got " + beforeR);
            labels = f.str("labels", "aami5");
            if (f.has("labels")) {
                try {
                    org.ecgbench.signal.mitbih.BeatLabels.byName(labels);
                } catch (IllegalArgumentException x) {
                    throw f.node("labels").error("data.labels: " + x.getMessage());
                }
            }
            rrFeatures = f.bool("rr_features", false);
            windowTemplate = f.bool("window_template", false);
            beatFeatures = f.str("beat_features", null);
            f.check("beat_features", beatFeatures != null && !List.of("rhythm_morphology", "de_chazal").contains(beatFeatures),
                    "data.beat_features is one of rhythm_morphology, de_chazal (the classical baselines' feature sets), got '" + beatFeatures + "'");
            f.check("beat_features", beatFeatures != null && !rrFeatures,
                    "data.beat_features replaces the 9 RR features of the rhythm input with a classical feature set: it needs data.rr_features: true");
            f.check("beat_features", beatFeatures != null && (!labels.equals("aami4") || !leads.equals(List.of("MLII")) || windowLength != 360 || beforeR != 180),
                    "data.beat_features are computed as the classical baselines compute them: labels aami4, leads [MLII], window 360 with before_r 180");
            Fields p = Fields.of(f.node("preprocessing"), List.of("record", "window"));
            recordSteps = p.has("record") ? steps(p.node("record")) : List.of();
            recordStepsLine = p.has("record") ? p.node("record").line() : 0;
            windowSteps = p.has("window") ? steps(p.node("window")) : List.of();
            windowStepsLine = p.has("window") ? p.node("window").line() : 0;
            try {
                org.ecgbench.signal.preprocess.Preprocessing.recordSteps(recordSteps);
            } catch (IllegalArgumentException x) {
                throw p.node("record").error("data.preprocessing.record: " + x.getMessage());
            }
            try {
                org.ecgbench.signal.preprocess.Preprocessing.windowSteps(windowSteps);
            } catch (IllegalArgumentException x) {
                throw p.node("window").error("data.preprocessing.window: " + x.getMessage());
            }
            maxBeatsPerRecord = f.optPositive("max_beats_per_record");
        }

        private static List<Map<String, Object>> steps(Node n) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Node item : n.items()) {
                if (!item.isMap()) throw item.error("each preprocessing step must be a mapping like {step: bandpass, low_hz: 0.5}");
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) item.toPlain();
                out.add(Collections.unmodifiableMap(m));
            }
            return List.copyOf(out);
        }
    }

    public static final class Split {
        /** How records are assigned to train/validation/test. */
        public enum Mode implements Choice {
            /** inter-patient: train/validation/test are record lists. */
            RECORDS,
            /** intra-patient: beats of a record pool drawn at random. */
            RANDOM_BEATS,
            /**
             * inter-patient with patient-wise k-fold cross-validation on the training records ({@code split.train}; no
             * validation list): one model per fold, early-stopped on its held-out records; the out-of-fold predictions
             * are the CV estimate and make every other choice; the test split is predicted once by the fold ensemble.
             */
            CV_RECORDS;

            @Override
            public String toString() {
                return key();
            }
        }

        /** Record datasets: how a missing split file is made. */
        public enum Method implements Choice {
            PATIENT_STRATIFIED, PTBXL_STRAT_FOLD;

            @Override
            public String toString() {
                return key();
            }
        }

        public final Mode mode;
        /** random_beats: the record pool and the train/validation/test fractions. */
        public final String pool;
        public final List<Double> fractions;
        public final String train;
        public final String validation;
        public final String test;
        /** Record datasets: split file (record TAB fold, 0 train / 1 validation / 2 test); created by {@link #method} when absent. */
        public final String file;
        public final Method method;
        public final long seed;
        /** Record datasets: leave out (and list in the report) split-file records the protocol cannot label, instead of stopping. */
        public final boolean dropUnlabelled;
        /**
         * Record datasets: the share of the split file's training records (fold 0) actually used, drawn as a seeded
         * shuffle of the sorted ids cut at {@code round(fraction * n)}: with the same {@link #trainSeed} a smaller
         * fraction is a subset of a larger one (learning curves). 1 = all. Validation and test records are untouched.
         */
        public final double trainFraction;
        /** Seed of {@link #trainFraction}'s draw. */
        public final long trainSeed;
        /** Line of the {@code split:} section (1 when absent) and of its {@code method} key. */
        public final int line;
        public final int methodLine;
        /** {@code mode: cv_records}: number of record folds (patient-wise) and the seed of the records' deal into folds. */
        public final int folds;
        public final long foldSeed;

        Split(Node n) {
            Fields f = Fields.of(n, List.of("mode", "pool", "fractions", "train", "validation", "test", "file", "method", "seed",
                    "drop_unlabelled", "train_fraction", "train_seed", "folds", "fold_seed"));
            line = n == null ? 1 : n.line();
            folds = f.integer("folds", 4);
            f.check("folds", folds < 2, "split.folds must be >= 2, got " + folds);
            foldSeed = f.lng("fold_seed", 1);
            dropUnlabelled = f.bool("drop_unlabelled", false);
            trainFraction = f.dbl("train_fraction", 1.0);
            f.check("train_fraction", !(trainFraction > 0 && trainFraction <= 1), "split.train_fraction must be in (0, 1], got " + trainFraction);
            trainSeed = f.lng("train_seed", 1);
            file = f.str("file", null);
            seed = f.lng("seed", 1);
            method = f.choice("method", "split.method", Method.class, Method.PATIENT_STRATIFIED);
            methodLine = f.has("method") ? f.node("method").line() : line;
            mode = f.choice("mode", "split.mode", Mode.class, Mode.RECORDS);
            f.check("folds", f.has("folds") && mode != Mode.CV_RECORDS, "split.folds is for split.mode cv_records");
            f.check("validation", f.has("validation") && mode == Mode.CV_RECORDS,
                    "split.mode cv_records has no validation list: every split.train record is held out once by the folds");
            pool = f.str("pool", "mitdb_all_mlii");
            if (f.has("fractions")) {
                List<Double> x = new ArrayList<>();
                for (Node v : f.node("fractions").items()) x.add(v.asDouble());
                f.check("fractions", x.size() != 3 || Math.abs(x.get(0) + x.get(1) + x.get(2) - 1) > 1e-9 || x.stream().anyMatch(v -> v <= 0),
                        "split.fractions must be three positive numbers summing to 1 (train, validation, test)");
                fractions = List.copyOf(x);
            } else {
                fractions = List.of(0.8, 0.1, 0.1);
            }
            train = f.str("train", mode == Mode.CV_RECORDS ? "mitdb_ds1" : "mitdb_ds1_train");
            validation = mode == Mode.CV_RECORDS ? "none (" + folds + "-fold cross-validation on " + train + ")" : f.str("validation", "mitdb_ds1_val");
            test = f.str("test", "mitdb_ds2");
        }

        private Split(Split s, String train, String validation, String test) {
            mode = s.mode;
            folds = s.folds;
            foldSeed = s.foldSeed;
            pool = s.pool;
            fractions = s.fractions;
            file = s.file;
            method = s.method;
            seed = s.seed;
            dropUnlabelled = s.dropUnlabelled;
            trainFraction = s.trainFraction;
            trainSeed = s.trainSeed;
            line = s.line;
            methodLine = s.methodLine;
            this.train = train;
            this.validation = validation;
            this.test = test;
        }

        /** This split with its three parts named as the folds of {@code splitFile} (a record run's reports). */
        public Split namingFolds(String splitFile) {
            return new Split(this, "fold 0 of " + splitFile, "fold 1 of " + splitFile, "fold 2 of " + splitFile);
        }
    }

    public static final class Model {
        public final String name;
        public final Map<String, Object> params;
        public final int line;
        public final int paramsLine;
        /** Results folder of a {@code task: pretrain} run whose encoder initialises this model (layers copied by name). */
        public final String pretrained;
        /** {@code model.rhythm_head} (with {@code data.rr_features}): how the rhythm input joins the classifier head. */
        public final RhythmHead rhythmHead;

        Model(Node n) {
            Fields f = Fields.of(n, List.of("name", "params", "pretrained", "rhythm_head"));
            line = n.line();
            rhythmHead = new RhythmHead(f.has("rhythm_head") ? f.node("rhythm_head") : null);
            pretrained = f.str("pretrained", null);
            if (!f.has("name")) throw n.error("'model' needs a 'name' (see `ecgbench models` for the list)");
            name = f.str("name", null);
            Map<String, Object> p = new LinkedHashMap<>();
            paramsLine = f.has("params") ? f.node("params").line() : 0;
            if (f.has("params")) for (Map.Entry<String, Node> x : f.node("params").entries().entrySet()) p.put(x.getKey(), x.getValue().toPlain());
            params = Collections.unmodifiableMap(p);
        }
    }

    /**
     * {@code model.rhythm_head}: the generic head that merges per-beat rhythm features into any model's classifier
     * ({@code hidden} ReLU units of a side branch; {@code morphology_dropout}: dropout rate on the morphology features
     * where they meet the rhythm branch, 0 = none; {@code wide}: the standardised rhythm features also go straight into
     * the output layer, a linear path the morphology cannot drown out).
     */
    public static final class RhythmHead {
        public final int hidden;
        public final double morphologyDropout;
        public final boolean wide;
        public final int line;

        RhythmHead(Node n) {
            Fields f = Fields.of(n, List.of("hidden", "morphology_dropout", "wide"));
            line = n == null ? 0 : n.line();
            hidden = f.integer("hidden", 16);
            f.check("hidden", hidden < 1, "model.rhythm_head.hidden must be >= 1, got " + hidden);
            morphologyDropout = f.dbl("morphology_dropout", 0.0);
            f.check("morphology_dropout", !(morphologyDropout >= 0 && morphologyDropout < 1),
                    "model.rhythm_head.morphology_dropout is a dropout RATE in [0, 1), got " + morphologyDropout);
            wide = f.bool("wide", false);
        }
    }

    public static final class Training {
        /** {@code class_weights}: balanced (n / (k n_c) from the training labels), none, or an explicit list. */
        public enum ClassWeights implements Choice {
            BALANCED, NONE, EXPLICIT;

            @Override
            public String toString() {
                return key();
            }
        }

        /** The validation score that early stopping (and the LR schedule) watches. */
        public enum StopMetric implements Choice {
            MACRO_F1, ACCURACY, LOSS, MACRO_AUC, FMAX, SENSITIVITY;

            /** Only the multi-label/binary record protocols define these. */
            public boolean recordOnly() {
                return this == FMAX || this == SENSITIVITY;
            }

            @Override
            public String toString() {
                return key();
            }
        }

        public enum LrSchedule implements Choice {
            NONE, PLATEAU;

            @Override
            public String toString() {
                return key();
            }
        }

        /** Weight decay as decoupled (AdamW) or as an L2 term added to the gradient. */
        public enum WeightDecayMode implements Choice {
            DECOUPLED, L2;

            @Override
            public String toString() {
                return key();
            }
        }

        /** The run's seed: {@code training.seed}, or the first of {@code training.seeds}. */
        public final long seed;
        /**
         * Every seed to run ({@code training.seeds: [42, 43, 44]}, or {@code run --seeds}); one element when the spec gives
         * {@code training.seed}. The first seed's run writes to {@code output.dir}, every other to {@code <output.dir>_seed<NN>}.
         */
        public final List<Long> seeds;
        /** Line of {@code training.seeds} (0 when absent). */
        public final int seedsLine;
        public final int epochs;
        public final int batchSize;
        public final double learningRate;
        public final ClassWeights classWeights;
        /** The weights of {@code class_weights: [..]} (null otherwise). */
        public final List<Double> classWeightValues;
        public final StopMetric earlyStoppingMetric;
        public final int patience;
        public final double minDelta;
        public final LrSchedule lrSchedule;
        public final double lrFactor;
        public final int lrPatience;
        public final Integer maxTrainBeats;
        public final Integer maxValidationBeats;
        public final Integer maxBeatsPerClass;
        /**
         * Final refit (record datasets): after early stopping, train a fresh model (same seed) on train + validation for
         * {@link #refitEpochs} epochs, or for the best epoch count of the first phase when {@link #refitBest}; that model is
         * the one tested (ECGencode model 2: 1,500 epochs on PTB-XL folds 1-9). null = no refit.
         */
        public final Integer refitEpochs;
        /** Weight decay on layer weights (0 = none) and how. */
        public final double weightDecay;
        public final WeightDecayMode weightDecayMode;
        public final boolean refitBest;
        public final int refitLine;
        /** Lines of the {@code training:} section (1 when absent), its {@code class_weights} and {@code early_stopping} keys. */
        public final int line;
        public final int classWeightsLine;
        public final int earlyStoppingLine;

        private Training(Training t, List<Long> seeds) {
            if (seeds.isEmpty()) throw new IllegalArgumentException("no seeds");
            if (new java.util.HashSet<>(seeds).size() != seeds.size()) throw new IllegalArgumentException("a seed is listed twice: " + seeds);
            this.seeds = List.copyOf(seeds);
            seed = seeds.get(0);
            seedsLine = t.seedsLine;
            epochs = t.epochs;
            batchSize = t.batchSize;
            learningRate = t.learningRate;
            classWeights = t.classWeights;
            classWeightValues = t.classWeightValues;
            earlyStoppingMetric = t.earlyStoppingMetric;
            patience = t.patience;
            minDelta = t.minDelta;
            lrSchedule = t.lrSchedule;
            lrFactor = t.lrFactor;
            lrPatience = t.lrPatience;
            maxTrainBeats = t.maxTrainBeats;
            maxValidationBeats = t.maxValidationBeats;
            maxBeatsPerClass = t.maxBeatsPerClass;
            refitEpochs = t.refitEpochs;
            weightDecay = t.weightDecay;
            weightDecayMode = t.weightDecayMode;
            refitBest = t.refitBest;
            refitLine = t.refitLine;
            line = t.line;
            classWeightsLine = t.classWeightsLine;
            earlyStoppingLine = t.earlyStoppingLine;
        }

        Training(Node n) {
            Fields f = Fields.of(n, List.of("seed", "seeds", "epochs", "batch_size", "learning_rate", "class_weights",
                    "early_stopping", "lr_schedule", "max_train_beats", "max_validation_beats", "max_beats_per_class", "refit",
                    "weight_decay", "weight_decay_mode"));
            line = n == null ? 1 : n.line();
            weightDecay = f.dbl("weight_decay", 0.0);
            f.check("weight_decay", !(weightDecay >= 0 && weightDecay < 1), "'training.weight_decay' must be in [0, 1), got " + weightDecay);
            weightDecayMode = f.choice("weight_decay_mode", "training.weight_decay_mode", WeightDecayMode.class, WeightDecayMode.DECOUPLED);
            Node rf = f.node("refit");
            refitLine = rf == null ? 0 : rf.line();
            Node ep = rf == null ? null : rf.entries(List.of("epochs")).get("epochs");
            if (rf != null && ep == null) throw rf.error("'training.refit' needs 'epochs': a number, or 'best' (the best epoch of the early-stopped run)");
            refitBest = ep != null && !ep.isMap() && !ep.isList() && "best".equals(ep.asString());
            refitEpochs = ep == null || refitBest ? null : ep.asPositiveInt();
            if (f.has("seeds")) {
                Node sn = f.node("seeds");
                if (f.has("seed")) throw sn.error("give either 'training.seed' or 'training.seeds', not both (the first of 'seeds' is the run's seed)");
                if (!sn.isList() || sn.items().isEmpty()) throw sn.error("'training.seeds' must be a non-empty list of integers, e.g. [42, 43, 44]");
                List<Long> v = new ArrayList<>();
                for (Node x : sn.items()) {
                    long sd = x.asLong();
                    if (v.contains(sd)) throw x.error("seed " + sd + " is listed twice in 'training.seeds'");
                    v.add(sd);
                }
                seeds = List.copyOf(v);
                seedsLine = sn.line();
            } else {
                seeds = List.of(f.lng("seed", 42));
                seedsLine = 0;
            }
            seed = seeds.get(0);
            epochs = f.positive("epochs", 10);
            batchSize = f.positive("batch_size", 64);
            learningRate = f.dbl("learning_rate", 1e-3);
            f.check("learning_rate", !(learningRate > 0), "'training.learning_rate' must be > 0");
            Node cw = f.node("class_weights");
            classWeightsLine = cw == null ? line : cw.line();
            if (cw != null && cw.isList()) {
                classWeights = ClassWeights.EXPLICIT;
                List<Double> v = new ArrayList<>();
                for (Node x : cw.items()) v.add(x.asDouble());
                classWeightValues = List.copyOf(v);
            } else {
                classWeights = cw == null ? ClassWeights.BALANCED : Choice.parse(cw, "training.class_weights", ClassWeights.class);
                if (classWeights == ClassWeights.EXPLICIT) throw cw.error("'training.class_weights: explicit' is written as a list of numbers, e.g. [1, 5, 5, 10]");
                classWeightValues = null;
            }
            Fields es = Fields.of(f.node("early_stopping"), List.of("metric", "patience", "min_delta"));
            earlyStoppingLine = f.has("early_stopping") ? f.node("early_stopping").line() : line;
            earlyStoppingMetric = es.choice("metric", "training.early_stopping.metric", StopMetric.class, StopMetric.MACRO_F1);
            patience = es.positive("patience", 3);
            minDelta = es.dbl("min_delta", 0.0);
            Fields ls = Fields.of(f.node("lr_schedule"), List.of("type", "factor", "patience"));
            lrSchedule = ls.choice("type", "training.lr_schedule.type", LrSchedule.class, LrSchedule.NONE);
            lrFactor = ls.dbl("factor", 0.5);
            lrPatience = ls.positive("patience", 2);
            maxTrainBeats = f.optPositive("max_train_beats");
            maxBeatsPerClass = f.optPositive("max_beats_per_class");
            maxValidationBeats = f.optPositive("max_validation_beats");
        }
    }

    /** A copy of {@code t} with other seeds (the first is the run's seed); everything else shared. */
    private static Training trainingWithSeeds(Training t, List<Long> seeds) {
        return new Training(t, seeds);
    }

    public static final class Evaluation {
        /** Who runs the final predictions: DL4J, or ONNX Runtime on the model exported to ONNX. */
        public enum Inference implements Choice {
            DL4J, ONNXRUNTIME;

            @Override
            public String toString() {
                return key();
            }
        }

        public final int bootstrap;
        public final double ciLevel;
        public final long seed;
        public final boolean aucCi;
        public final Inference inference;
        /**
         * {@code split.mode cv_records}: per-class factors on the predicted probabilities, chosen to maximise the
         * out-of-fold macro F1 on the training records (class-prior correction), applied unchanged to the test split.
         */
        public final boolean priorCorrection;

        Evaluation(Node n) {
            Fields f = Fields.of(n, List.of("bootstrap", "ci_level", "seed", "auc_ci", "inference", "prior_correction"));
            priorCorrection = f.bool("prior_correction", false);
            inference = f.choice("inference", "evaluation.inference", Inference.class, Inference.DL4J);
            bootstrap = f.integer("bootstrap", 1000);
            f.check("bootstrap", bootstrap < 0, "'evaluation.bootstrap' must be >= 0");
            ciLevel = f.dbl("ci_level", 0.95);
            f.check("ci_level", !(ciLevel > 0 && ciLevel < 1), "'evaluation.ci_level' must be in (0, 1)");
            seed = f.lng("seed", 7);
            aucCi = f.bool("auc_ci", true);
        }
    }

    public static final class Quantization {
        public enum Scheme implements Choice {
            SYMMETRIC, ASYMMETRIC;

            @Override
            public String toString() {
                return key();
            }
        }

        public enum Granularity implements Choice {
            PER_TENSOR, PER_CHANNEL;

            @Override
            public String toString() {
                return key();
            }
        }

        /** The validation metric whose drop LAQ bounds. */
        public enum LaqMetric implements Choice {
            ACCURACY, MACRO_F1;

            @Override
            public String toString() {
                return key();
            }
        }

        /**
         * Reading of qHuBERT eq. 3's threshold: {@code conservative} (default; important layers keep the tighter threshold,
         * as the paper's text says) or {@code as_written} (A0 − γ·I_l: important layers get the looser one).
         */
        public enum LaqReading implements Choice {
            CONSERVATIVE, AS_WRITTEN;

            @Override
            public String toString() {
                return key();
            }
        }

        public final List<Integer> bits;
        public final Scheme scheme;
        public final Granularity granularity;
        public final boolean laq;
        public final double alpha;
        public final double beta;
        public final double gamma;
        public final double margin;
        public final List<Integer> candidateBits;
        public final LaqMetric metric;
        public final LaqReading reading;
        public final String source;
        /**
         * Training spec whose output is {@link #source}: run first (or resumed) when its model is missing, so one
         * command regenerates a quantization table from scratch.
         */
        public final String trainSpec;
        public final int line;

        Quantization(Node n) {
            Fields f = Fields.of(n, List.of("bits", "scheme", "granularity", "laq", "source", "train_spec"));
            line = n.line();
            trainSpec = f.str("train_spec", null);
            bits = f.has("bits") ? bitList(f.node("bits"), true) : List.of(8, 7, 6, 5, 4, 3, 2, 1);
            scheme = f.choice("scheme", "quantization.scheme", Scheme.class, Scheme.SYMMETRIC);
            granularity = f.choice("granularity", "quantization.granularity", Granularity.class, Granularity.PER_TENSOR);
            source = f.str("source", null);
            Node l = f.node("laq");
            laq = l == null || l.isMap() || l.asBoolean();
            Fields le = Fields.of(l != null && l.isMap() ? l : null, List.of("alpha", "beta", "gamma", "margin", "candidate_bits", "metric",
                    "reading"));
            alpha = le.dbl("alpha", 0.5);
            beta = le.dbl("beta", 0.5);
            gamma = le.dbl("gamma", 0.01);
            margin = le.dbl("margin", 0.0);
            candidateBits = le.has("candidate_bits") ? bitList(le.node("candidate_bits"), false) : List.of(8, 6, 4, 3, 2);
            metric = le.choice("metric", "quantization.laq.metric", LaqMetric.class, LaqMetric.MACRO_F1);
            reading = le.choice("reading", "quantization.laq.reading", LaqReading.class, LaqReading.CONSERVATIVE);
            if (l != null && alpha + beta <= 0) throw l.error("quantization.laq: alpha + beta must be > 0 (the importance is scaled by it), got " + (alpha + beta));
        }

        private static List<Integer> bitList(Node n, boolean check) {
            List<Integer> b = new ArrayList<>();
            for (Node x : n.items()) {
                int v = x.asInt();
                if (check && (v < 1 || v > 8)) throw x.error("bit-widths must be in 1..8, got " + v);
                b.add(v);
            }
            return List.copyOf(b);
        }
    }

    /** {@code task: pretrain}: HuBERT-style masked prediction of k-means frame targets (docs/specs.md). */
    public static final class Pretraining {
        public final int clusters;
        public final int kmeansIterations;
        public final int kmeansSample;
        public final double maskProb;
        public final int maskLength;
        public final Integer maxWindows;
        public final int analysisWindow;

        Pretraining(Node n) {
            Fields f = Fields.of(n, List.of("clusters", "kmeans_iterations", "kmeans_sample", "mask_prob", "mask_length",
                    "max_windows", "analysis_window"));
            clusters = f.positive("clusters", 32);
            f.check("clusters", clusters < 2, "'pretraining.clusters' must be >= 2");
            kmeansIterations = f.positive("kmeans_iterations", 30);
            kmeansSample = f.positive("kmeans_sample", 50000);
            maskProb = f.dbl("mask_prob", 0.2);
            f.check("mask_prob", !(maskProb > 0 && maskProb < 1), "'pretraining.mask_prob' must be in (0, 1)");
            maskLength = f.positive("mask_length", 3);
            maxWindows = f.optPositive("max_windows");
            analysisWindow = f.positive("analysis_window", 64);
        }
    }

    /** {@code task: explain} (docs/explain.md): which trained model, which methods, and their settings. */
    public static final class Explain {
        public static final List<String> METHODS = List.of("grad_cam", "grad_cam_pp", "gradient", "gradient_x_input", "smoothgrad",
                "integrated_gradients", "kernel_shap");

        /** The split whose windows are explained (explanations influence no choice). */
        public enum Part implements Choice {
            VALIDATION, TEST;

            @Override
            public String toString() {
                return key();
            }
        }

        /** The explained score. */
        public enum Target implements Choice {
            LOGIT, PROBABILITY;

            @Override
            public String toString() {
                return key();
            }
        }

        /** Integrated Gradients' reference input. */
        public enum Baseline implements Choice {
            ZEROS, BACKGROUND_MEAN;

            @Override
            public String toString() {
                return key();
            }
        }

        /** Results folder of the trained model (its model.zip and provenance.json name the training spec). */
        public final String source;
        public final List<String> methods;
        /** Vertex for Grad-CAM / Grad-CAM++, or "auto": the last vertex with a time axis before the output (the global pooling's input). */
        public final String layer;
        public final Part split;
        public final Target target;
        public final int examplesPerClass;
        public final int averagePerClass;
        public final int smoothSamples;
        public final double smoothNoise;
        public final int igSteps;
        public final Baseline igBaseline;
        public final int shapBackground;
        public final int shapSamples;
        public final int shapSegments;
        public final long seed;
        public final int line;

        Explain(Node n) {
            line = n.line();
            Fields f = Fields.of(n, List.of("source", "methods", "layer", "split", "target", "examples_per_class", "average_per_class",
                    "smoothgrad", "ig", "shap", "seed"));
            if (!f.has("source")) throw n.error("'explain.source' (the results folder of the trained model) is required");
            source = f.str("source", null);
            methods = f.strings("methods", List.of("grad_cam", "gradient", "integrated_gradients"));
            if (f.has("methods")) {
                for (Node m : f.node("methods").items()) {
                    if (!METHODS.contains(m.asString())) throw m.error("unknown explain method '" + m.asString() + "'; one of " + METHODS);
                }
                f.check("methods", methods.isEmpty(), "'explain.methods' must name at least one method");
            }
            layer = f.str("layer", "auto");
            split = f.choice("split", "explain.split", Part.class, Part.VALIDATION);
            target = f.choice("target", "explain.target", Target.class, Target.LOGIT);
            examplesPerClass = f.positive("examples_per_class", 3);
            averagePerClass = f.positive("average_per_class", 20);
            seed = f.lng("seed", 1);
            Fields g = Fields.of(f.node("smoothgrad"), List.of("samples", "noise"));
            smoothSamples = g.positive("samples", 25);
            smoothNoise = g.dbl("noise", 0.1);
            f.check("smoothgrad", !(smoothNoise > 0 && smoothNoise < 1), "'explain.smoothgrad.noise' must be in (0, 1) (a fraction of the input range)");
            Fields ig = Fields.of(f.node("ig"), List.of("steps", "baseline"));
            igSteps = ig.positive("steps", 50);
            igBaseline = ig.choice("baseline", "explain.ig.baseline", Baseline.class, Baseline.ZEROS);
            Fields sh = Fields.of(f.node("shap"), List.of("background", "samples", "segments"));
            shapBackground = sh.positive("background", 50);
            shapSamples = sh.positive("samples", 200);
            shapSegments = sh.positive("segments", 36);
            f.check("shap", shapSegments < 2, "'explain.shap.segments' must be >= 2");
        }
    }

    /**
     * {@code task: search}: a search space over spec fields (dotted paths under {@code data}, {@code model},
     * {@code training}), random or grid candidates (Arbiter), a budget in trials and wall minutes, and the objective: the
     * mean validation metric of record-wise k-fold cross-validation on {@link #records} (training records only).
     */
    public static final class Search {
        public enum Method implements Choice {
            RANDOM, GRID;

            @Override
            public String toString() {
                return key();
            }
        }

        /** How one dimension is sampled. */
        public enum Kind implements Choice {
            UNIFORM, LOG_UNIFORM, INT, CHOICE;

            @Override
            public String toString() {
                return key();
            }
        }

        /** One dimension: a dotted spec path and its range ({@code lo}, {@code hi}) or its values (YAML plain objects). */
        public static final class Dimension {
            public final String path;
            public final Kind kind;
            public final double lo;
            public final double hi;
            public final List<Object> values;
            public final int line;

            Dimension(String path, Node n) {
                this.path = path;
                line = n.line();
                Map<String, Node> e = n.entries(List.of("uniform", "log_uniform", "int", "choice"));
                if (e.size() != 1) throw n.error("search.space." + path + " needs exactly one of uniform: [lo, hi], log_uniform: [lo, hi], int: [lo, hi], choice: [...]");
                Map.Entry<String, Node> only = e.entrySet().iterator().next();
                kind = Choice.byKey(Kind.class, only.getKey());
                List<Node> items = only.getValue().items();
                if (kind == Kind.CHOICE) {
                    if (items.isEmpty()) throw only.getValue().error("search.space." + path + ".choice needs at least one value");
                    List<Object> v = new ArrayList<>();
                    for (Node x : items) v.add(x.toPlain());
                    values = Collections.unmodifiableList(v);
                    lo = hi = Double.NaN;
                } else {
                    if (items.size() != 2) throw only.getValue().error("search.space." + path + "." + kind + " needs [lo, hi]");
                    lo = items.get(0).asDouble();
                    hi = items.get(1).asDouble();
                    if (!(lo < hi)) throw only.getValue().error("search.space." + path + ": lo must be < hi, got [" + lo + ", " + hi + "]");
                    if (kind == Kind.LOG_UNIFORM && !(lo > 0)) throw only.getValue().error("search.space." + path + ": log_uniform needs lo > 0");
                    if (kind == Kind.INT && (lo != Math.rint(lo) || hi != Math.rint(hi))) throw only.getValue().error("search.space." + path + ": int bounds must be integers");
                    values = List.of();
                }
            }
        }

        public static final List<String> SECTIONS = List.of("data", "model", "training");

        public final Method method;
        public final int trials;
        public final double maxMinutes;
        public final long seed;
        public final int folds;
        /** Split list of the cross-validation pool (training records only; must be disjoint from {@code split.test}). */
        public final String records;
        public final Training.StopMetric metric;
        public final int gridPoints;
        public final Map<String, Dimension> space;
        /** Dotted path → value set in the written best spec only (e.g. more epochs for the final run than per fold). */
        public final Map<String, Object> bestOverrides;
        public final int line;

        Search(Node n) {
            line = n.line();
            Fields f = Fields.of(n, List.of("method", "trials", "max_minutes", "seed", "folds", "records", "metric", "grid_points", "space",
                    "best_overrides"));
            method = f.choice("method", "search.method", Method.class, Method.RANDOM);
            trials = f.positive("trials", 20);
            maxMinutes = f.dbl("max_minutes", 60);
            f.check("max_minutes", !(maxMinutes > 0), "'search.max_minutes' must be > 0");
            seed = f.lng("seed", 1);
            folds = f.positive("folds", 3);
            f.check("folds", folds < 2, "'search.folds' must be >= 2");
            records = f.str("records", "mitdb_ds1");
            metric = f.choice("metric", "search.metric", Training.StopMetric.class, Training.StopMetric.MACRO_F1);
            f.check("metric", metric != Training.StopMetric.MACRO_F1 && metric != Training.StopMetric.ACCURACY,
                    "'search.metric' must be macro_f1 or accuracy");
            gridPoints = f.positive("grid_points", 3);
            if (!f.has("space")) throw n.error("'search' needs a 'space' (dotted spec paths, e.g. training.learning_rate: {log_uniform: [1e-4, 3e-3]})");
            Map<String, Dimension> sp = new LinkedHashMap<>();
            for (Map.Entry<String, Node> d : f.node("space").entries().entrySet()) {
                String first = d.getKey().split("\\.")[0];
                if (!SECTIONS.contains(first) || !d.getKey().contains(".")) {
                    throw d.getValue().error("search.space key '" + d.getKey() + "' must be a dotted path under " + SECTIONS + ", e.g. training.learning_rate");
                }
                sp.put(d.getKey(), new Dimension(d.getKey(), d.getValue()));
            }
            if (sp.isEmpty()) throw f.node("space").error("'search.space' has no dimensions");
            space = Collections.unmodifiableMap(sp);
            Map<String, Object> bo = new LinkedHashMap<>();
            if (f.has("best_overrides")) {
                for (Map.Entry<String, Node> d : f.node("best_overrides").entries().entrySet()) {
                    if (!SECTIONS.contains(d.getKey().split("\\.")[0]) || !d.getKey().contains(".")) {
                        throw d.getValue().error("search.best_overrides key '" + d.getKey() + "' must be a dotted path under " + SECTIONS);
                    }
                    bo.put(d.getKey(), d.getValue().toPlain());
                }
            }
            bestOverrides = Collections.unmodifiableMap(bo);
        }
    }

    public static final class Output {
        public final String dir;
        public final boolean saveModel;

        private Output(String dir, boolean saveModel) {
            this.dir = dir;
            this.saveModel = saveModel;
        }

        Output(Node n, String experiment) {
            Fields f = Fields.of(n, List.of("dir", "save_model"));
            dir = f.str("dir", "results/" + experiment);
            saveModel = f.bool("save_model", true);
        }
    }

    private ExperimentSpec(Node root, String file, String sha256) {
        this.file = file;
        this.sha256 = sha256;
        Map<String, Node> top = root.entries(TOP_KEYS);
        if (!top.containsKey("experiment")) throw root.error("missing required key 'experiment' (the experiment's name)");
        experiment = top.get("experiment").asString();
        if (!experiment.matches("[A-Za-z0-9_.-]+")) {
            throw top.get("experiment").error("'experiment' must use only letters, digits, '_', '-', '.', got '" + experiment + "'");
        }
        description = top.containsKey("description") ? top.get("description").asString() : "";
        Node t = top.get("task");
        task = t == null ? "train_eval" : t.asString();
        taskLine = t == null ? 1 : t.line();
        if (!TASKS.contains(task)) throw t.error("unknown task '" + task + "'; one of " + TASKS);
        smoke = top.containsKey("smoke") && top.get("smoke").asBoolean();
        paper = new Paper(top.get("paper"));
        data = new Data(top.get("data"));
        split = new Split(top.get("split"));
        if (!top.containsKey("model")) throw root.error("missing required section 'model' (with 'name')");
        model = new Model(top.get("model"));
        training = new Training(top.get("training"));
        ownSeed = training.seed;
        if (training.seeds.size() > 1 && !task.equals("train_eval")) {
            throw top.get("training").error("'training.seeds' (several seeds) is for task train_eval, not " + task);
        }
        if (data.records == null && training.earlyStoppingMetric.recordOnly()) {
            throw top.get("training").error("early_stopping.metric '" + training.earlyStoppingMetric + "' is for the 12-lead record datasets;"
                    + " beat runs use macro_f1, accuracy, loss or macro_auc");
        }
        evaluation = new Evaluation(top.get("evaluation"));
        quantization = top.containsKey("quantization") ? new Quantization(top.get("quantization")) : null;
        if (task.equals("quantize") && quantization == null) throw root.error("task 'quantize' needs a 'quantization' section");
        pretraining = new Pretraining(top.get("pretraining"));
        if (task.equals("pretrain") && data.records == null && split.mode != Split.Mode.RECORDS) {
            throw (top.containsKey("split") ? top.get("split") : t).error(
                    "task 'pretrain' needs split.mode 'records' (pretraining windows come from split.train records)");
        }
        if (split.mode == Split.Mode.CV_RECORDS && (data.records != null || !task.equals("train_eval"))) {
            throw top.get("split").error("split.mode cv_records is for task train_eval on beat datasets (mitdb_beats)");
        }
        if (split.mode == Split.Mode.CV_RECORDS && evaluation.inference == Evaluation.Inference.ONNXRUNTIME) {
            throw top.get("evaluation").error("evaluation.inference onnxruntime is not available with split.mode cv_records (a fold ensemble)");
        }
        if (evaluation.priorCorrection && split.mode != Split.Mode.CV_RECORDS) {
            throw top.get("evaluation").error("evaluation.prior_correction is chosen on out-of-fold predictions: it needs split.mode cv_records");
        }
        if (model.rhythmHead.line > 0 && !data.rrFeatures) {
            throw top.get("model").error("model.rhythm_head needs data.rr_features: true (the rhythm input it shapes)");
        }
        if (split.method == Split.Method.PTBXL_STRAT_FOLD && !"ptbxl".equals(data.dataset)) {
            throw top.get("split").entries().get("method").error("split.method ptbxl_strat_fold needs data.dataset: ptbxl, not '" + data.dataset + "'");
        }
        output = new Output(top.get("output"), experiment);
        explain = top.containsKey("explain") ? new Explain(top.get("explain")) : null;
        if (task.equals("explain") && explain == null) throw root.error("task 'explain' needs an 'explain' section (at least 'source')");
        search = top.containsKey("search") ? new Search(top.get("search")) : null;
        if (task.equals("search") && search == null) throw root.error("task 'search' needs a 'search' section (at least 'space')");
        if (search != null && !task.equals("search")) throw top.get("search").error("a 'search' section needs task: search");
    }

    private ExperimentSpec(ExperimentSpec s, Split split) {
        this(s, s.experiment, split, s.training, s.output, s.ownSeed);
    }

    private ExperimentSpec(ExperimentSpec s, String experiment, Split split, Training training, Output output, long ownSeed) {
        this.ownSeed = ownSeed;
        file = s.file;
        sha256 = s.sha256;
        this.experiment = experiment;
        description = s.description;
        task = s.task;
        taskLine = s.taskLine;
        smoke = s.smoke;
        paper = s.paper;
        data = s.data;
        this.split = split;
        model = s.model;
        this.training = training;
        evaluation = s.evaluation;
        quantization = s.quantization;
        pretraining = s.pretraining;
        this.output = output;
        explain = s.explain;
        search = s.search;
    }

    /**
     * This spec with the seeds of {@code run --seeds} instead of its own (the spec's own seed keeps {@code output.dir}
     * when it is among them; see {@link #forSeed}).
     */
    public ExperimentSpec withSeeds(List<Long> seeds) {
        if (!task.equals("train_eval")) throw new IllegalArgumentException("--seeds applies to task train_eval, not " + task);
        // the plain folder stays with the spec's own seed: remember it as the first of the list when it is there
        List<Long> order = new ArrayList<>(seeds);
        if (order.remove(training.seed)) order.add(0, training.seed);
        return new ExperimentSpec(this, experiment, split, trainingWithSeeds(training, order), output, ownSeed);
    }

    /** The seed whose run writes to the plain {@code output.dir}: the spec's own ({@code training.seed}, or the first of {@code training.seeds}). */
    public long ownSeed() {
        return ownSeed;
    }

    /**
     * The spec of one of its seeds' runs: {@code training.seed} = {@code seed} (a one-seed list), and, unless it is the
     * spec's own seed ({@link #ownSeed}), experiment {@code <experiment>_seed<NN>} writing to {@code <output.dir>_seed<NN>}
     * — the folder layout of the committed seed replicates.
     */
    public ExperimentSpec forSeed(long seed) {
        boolean own = seed == ownSeed();
        String suffix = own ? "" : "_seed" + seed;
        return new ExperimentSpec(this, experiment + suffix, split, trainingWithSeeds(training, List.of(seed)),
                new Output(seedDir(output.dir, seed), output.saveModel), ownSeed);
    }

    /** The output folder of {@code seed}'s run when the plain folder is {@code dir}. */
    public String seedDir(String dir, long seed) {
        return seed == ownSeed() ? dir : dir + "_seed" + seed;
    }

    /** This spec with another split section (everything else shared). */
    public ExperimentSpec withSplit(Split split) {
        return new ExperimentSpec(this, split);
    }

    public static ExperimentSpec load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "spec file not found");
        }
        return fromYaml(bytes, file.toString());
    }

    /**
     * A spec from YAML text (a program's own spec, or a search trial's derived spec); {@code name} stands for the file
     * in error messages and in {@link #file}.
     */
    public static ExperimentSpec fromYaml(String yaml, String name) {
        return fromYaml(yaml.getBytes(StandardCharsets.UTF_8), name);
    }

    private static ExperimentSpec fromYaml(byte[] bytes, String name) {
        org.yaml.snakeyaml.nodes.Node root;
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        try {
            root = new Yaml(lo).compose(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            throw new SpecException(name, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "YAML syntax error: " + e.getProblem());
        }
        if (root == null) throw new SpecException(name, 1, 1, "the spec file is empty");
        return new ExperimentSpec(new Node(name, root, ""), name, sha256(bytes));
    }

    static String sha256(byte[] b) {
        return org.ecgbench.signal.util.Hashes.sha256Hex(b);
    }

    /** Parses a spec tree (tests); file and hash are those of the node. */
    static ExperimentSpec parse(Node root) {
        return new ExperimentSpec(root, root.file(), null);
    }
}
