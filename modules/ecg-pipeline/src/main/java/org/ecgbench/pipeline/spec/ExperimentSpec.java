package org.ecgbench.pipeline.spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A validated experiment spec. Every section and key is declared here; anything else in the
 * YAML file is an error with {@code file:line:column} and a hint. See docs/specs.md for the
 * meaning of every key.
 */
public final class ExperimentSpec {

    public static final List<String> TOP_KEYS = List.of("experiment", "description", "task", "smoke", "paper", "data",
            "split", "model", "training", "evaluation", "quantization", "pretraining", "output", "explain");
    public static final List<String> TASKS = List.of("train_eval", "quantize", "pretrain", "explain");

    public String file;
    public String sha256;
    public String experiment;
    public String description = "";
    public String task = "train_eval";
    /** Line of the {@code task:} key (1 when absent). */
    public int taskLine = 1;
    public boolean smoke;
    public Paper paper = new Paper();
    public Data data = new Data();
    public Split split = new Split();
    public Model model = new Model();
    public Training training = new Training();
    public Evaluation evaluation = new Evaluation();
    public Quantization quantization;
    public Pretraining pretraining = new Pretraining();
    public Output output = new Output();
    /** {@code task: explain}: attributions of a trained model (docs/explain.md); null when the spec has no explain section. */
    public Explain explain;

    /** The published figures to print beside ours (never used as our results). */
    public static final class Paper {
        public String name = "";
        public String protocol = "";
        /** metric name (e.g. accuracy, macro_f1, recall_V, f1_S) → value. */
        public Map<String, Double> reference = new LinkedHashMap<>();
        /** class → (precision|recall|f1|support → value): the paper's classification report. */
        public Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        /** row label (e.g. "Full-Precision", "8-bit", "LAQ") → (column → value): a table quoted from the paper. */
        public Map<String, Map<String, Double>> table = new LinkedHashMap<>();
    }

    public static final class Data {
        public String dataset = "mitdb_beats";
        public String dir;
        public List<String> leads = List.of("MLII");
        public int windowLength = 360;
        public int beforeR = 180;
        public String labels = "aami5";
        public boolean rrFeatures;
        /** mitdb_beats: add, per lead, a channel "window minus the causal running median of the record's previous 32 windows". */
        public boolean windowTemplate;
        public List<Map<String, Object>> recordSteps = new ArrayList<>();
        public List<Map<String, Object>> windowSteps = new ArrayList<>();
        public Integer maxBeatsPerRecord;
        public int recordStepsLine;
        public int windowStepsLine;
        /** true when the spec names {@code data.leads} (record datasets default to the 12 standard leads). */
        public boolean leadsGiven;
        /** The {@code data.records} block; non-null exactly for the 12-lead record datasets ({@link RecordsSpec#DATASETS}). */
        public RecordsSpec records;
    }

    public static final class Split {
        /** "records" (inter-patient: train/validation/test are record lists) or "random_beats" (intra-patient). */
        public String mode = "records";
        /** random_beats: the record pool and the train/validation/test fractions. */
        public String pool = "mitdb_all_mlii";
        public List<Double> fractions = List.of(0.8, 0.1, 0.1);
        public String train = "mitdb_ds1_train";
        public String validation = "mitdb_ds1_val";
        public String test = "mitdb_ds2";
        /** Record datasets: split file (record TAB fold, 0 train / 1 validation / 2 test); created by {@link #method} when absent. */
        public String file;
        /** Record datasets: how a missing split file is made: patient_stratified (fractions, seed) or ptbxl_strat_fold. */
        public String method = "patient_stratified";
        public long seed = 1;
        /** Record datasets: leave out (and list in the report) split-file records the protocol cannot label, instead of stopping. */
        public boolean dropUnlabelled;
    }

    public static final class Model {
        public String name;
        public Map<String, Object> params = new LinkedHashMap<>();
        public int line;
        public int paramsLine;
        /** Results folder of a {@code task: pretrain} run whose encoder initialises this model (layers copied by name). */
        public String pretrained;
    }

    public static final class Training {
        public long seed = 42;
        public int epochs = 10;
        public int batchSize = 64;
        public double learningRate = 1e-3;
        /** "balanced", "none", or explicit weights. */
        public String classWeights = "balanced";
        public List<Double> classWeightValues;
        public String earlyStoppingMetric = "macro_f1";
        public int patience = 3;
        public double minDelta = 0.0;
        public String lrSchedule = "none";
        public double lrFactor = 0.5;
        public int lrPatience = 2;
        public Integer maxTrainBeats;
        public Integer maxValidationBeats;
        public Integer maxBeatsPerClass;
        /**
         * Final refit (record datasets): after early stopping, train a fresh model (same seed) on train + validation for
         * {@link #refitEpochs} epochs, or for the best epoch count of the first phase when {@link #refitBest}; that model is
         * the one tested (ECGencode model 2: 1,500 epochs on PTB-XL folds 1-9). null = no refit.
         */
        public Integer refitEpochs;
        /** Weight decay on layer weights (0 = none) and how: "decoupled" (AdamW) or "l2" (added to the gradient). */
        public double weightDecay = 0.0;
        public String weightDecayMode = "decoupled";
        public boolean refitBest;
        public int refitLine;
    }

    public static final class Evaluation {
        public int bootstrap = 1000;
        public double ciLevel = 0.95;
        public long seed = 7;
        public boolean aucCi = true;
        /** Who runs the final predictions: {@code dl4j} (default) or {@code onnxruntime} (the model exported to ONNX). */
        public String inference = "dl4j";
    }

    public static final class Quantization {
        public List<Integer> bits = List.of(8, 7, 6, 5, 4, 3, 2, 1);
        public String scheme = "symmetric";
        public String granularity = "per_tensor";
        public boolean laq = true;
        public double alpha = 0.5;
        public double beta = 0.5;
        public double gamma = 0.01;
        public double margin = 0.0;
        public List<Integer> candidateBits = List.of(8, 6, 4, 3, 2);
        public String metric = "macro_f1";
        public String source;
        /**
         * Training spec whose output is {@link #source}: run first (or resumed) when its model is missing, so one
         * command regenerates a quantization table from scratch.
         */
        public String trainSpec;
        public int line;
    }

    /** {@code task: pretrain}: HuBERT-style masked prediction of k-means frame targets (docs/specs.md). */
    public static final class Pretraining {
        public int clusters = 32;
        public int kmeansIterations = 30;
        public int kmeansSample = 50000;
        public double maskProb = 0.2;
        public int maskLength = 3;
        public Integer maxWindows;
        public int analysisWindow = 64;
    }

    /** {@code task: explain} (docs/explain.md): which trained model, which methods, and their settings. */
    public static final class Explain {
        public static final List<String> METHODS = List.of("grad_cam", "grad_cam_pp", "gradient", "gradient_x_input", "smoothgrad",
                "integrated_gradients", "kernel_shap");
        /** Results folder of the trained model (its model.zip and provenance.json name the training spec). */
        public String source;
        public List<String> methods = List.of("grad_cam", "gradient", "integrated_gradients");
        /** Vertex for Grad-CAM / Grad-CAM++, or "auto": the last vertex with a time axis before the output (the global pooling's input). */
        public String layer = "auto";
        /** The split whose windows are explained: validation or test (explanations influence no choice). */
        public String split = "validation";
        /** The explained score: logit (pre-softmax) or probability. */
        public String target = "logit";
        public int examplesPerClass = 3;
        public int averagePerClass = 20;
        public int smoothSamples = 25;
        public double smoothNoise = 0.1;
        public int igSteps = 50;
        public String igBaseline = "zeros";
        public int shapBackground = 50;
        public int shapSamples = 200;
        public int shapSegments = 36;
        public long seed = 1;
        public int line;
    }

    public static final class Output {
        public String dir;
        public boolean saveModel = true;
    }

    public static ExperimentSpec load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "spec file not found");
        }
        String name = file.toString();
        org.yaml.snakeyaml.nodes.Node root;
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        try (Reader r = new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))) {
            root = new Yaml(lo).compose(r);
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            throw new SpecException(name, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "YAML syntax error: " + e.getProblem());
        }
        if (root == null) throw new SpecException(name, 1, 1, "the spec file is empty");
        ExperimentSpec s = parse(new Node(name, root, ""));
        s.file = name;
        s.sha256 = sha256(bytes);
        return s;
    }

    static String sha256(byte[] b) {
        return org.ecgbench.signal.util.Hashes.sha256Hex(b);
    }

    static ExperimentSpec parse(Node root) {
        ExperimentSpec s = new ExperimentSpec();
        Map<String, Node> top = root.entries(TOP_KEYS);
        if (!top.containsKey("experiment")) throw root.error("missing required key 'experiment' (the experiment's name)");
        s.experiment = top.get("experiment").asString();
        if (!s.experiment.matches("[A-Za-z0-9_.-]+")) {
            throw top.get("experiment").error("'experiment' must use only letters, digits, '_', '-', '.', got '" + s.experiment + "'");
        }
        if (top.containsKey("description")) s.description = top.get("description").asString();
        if (top.containsKey("task")) {
            Node t = top.get("task");
            s.task = t.asString();
            s.taskLine = t.line();
            if (!TASKS.contains(s.task)) throw t.error("unknown task '" + s.task + "'; one of " + TASKS);
        }
        if (top.containsKey("smoke")) s.smoke = top.get("smoke").asBoolean();
        if (top.containsKey("paper")) parsePaper(top.get("paper"), s.paper);
        if (top.containsKey("data")) parseData(top.get("data"), s.data);
        if (top.containsKey("split")) parseSplit(top.get("split"), s.split);
        if (!top.containsKey("model")) throw root.error("missing required section 'model' (with 'name')");
        parseModel(top.get("model"), s.model);
        if (top.containsKey("training")) parseTraining(top.get("training"), s.training);
        if (s.data.records == null && List.of("fmax", "sensitivity").contains(s.training.earlyStoppingMetric)) {
            throw top.get("training").error("early_stopping.metric '" + s.training.earlyStoppingMetric + "' is for the 12-lead record datasets;"
                    + " beat runs use macro_f1, accuracy, loss or macro_auc");
        }
        if (top.containsKey("evaluation")) parseEvaluation(top.get("evaluation"), s.evaluation);
        if (top.containsKey("quantization")) {
            s.quantization = new Quantization();
            parseQuantization(top.get("quantization"), s.quantization);
        }
        if (s.task.equals("quantize") && s.quantization == null) throw root.error("task 'quantize' needs a 'quantization' section");
        if (top.containsKey("pretraining")) parsePretraining(top.get("pretraining"), s.pretraining);
        if (top.containsKey("output")) parseOutput(top.get("output"), s.output);
        if (top.containsKey("explain")) s.explain = parseExplain(top.get("explain"));
        if (s.task.equals("explain") && s.explain == null) throw root.error("task 'explain' needs an 'explain' section (at least 'source')");
        if (s.output.dir == null) s.output.dir = "results/" + s.experiment;
        return s;
    }

    private static void parsePaper(Node n, Paper p) {
        Map<String, Node> e = n.entries(List.of("name", "protocol", "reference", "per_class", "table"));
        if (e.containsKey("table")) {
            for (Map.Entry<String, Node> row : e.get("table").entries().entrySet()) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (Map.Entry<String, Node> c : row.getValue().entries(List.of("accuracy", "precision", "recall", "f1", "cr")).entrySet()) {
                    m.put(c.getKey(), c.getValue().asDouble());
                }
                p.table.put(row.getKey(), m);
            }
        }
        if (e.containsKey("name")) p.name = e.get("name").asString();
        if (e.containsKey("protocol")) p.protocol = e.get("protocol").asString();
        if (e.containsKey("reference")) {
            for (Map.Entry<String, Node> r : e.get("reference").entries().entrySet()) p.reference.put(r.getKey(), r.getValue().asDouble());
        }
        if (e.containsKey("per_class")) {
            for (Map.Entry<String, Node> c : e.get("per_class").entries().entrySet()) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (Map.Entry<String, Node> r : c.getValue().entries(List.of("precision", "recall", "f1", "support")).entrySet()) {
                    m.put(r.getKey(), r.getValue().asDouble());
                }
                p.perClass.put(c.getKey(), m);
            }
        }
    }

    private static List<Map<String, Object>> steps(Node n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Node item : n.items()) {
            if (!item.isMap()) throw item.error("each preprocessing step must be a mapping like {step: bandpass, low_hz: 0.5}");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) item.toPlain();
            out.add(m);
        }
        return out;
    }

    private static void parseData(Node n, Data d) {
        Map<String, Node> e = n.entries(List.of("dataset", "dir", "leads", "window", "labels", "rr_features", "window_template", "preprocessing",
                "max_beats_per_record", "records"));
        if (e.containsKey("dataset")) {
            Node ds = e.get("dataset");
            d.dataset = ds.asString();
            if (!d.dataset.equals("mitdb_beats") && !RecordsSpec.DATASETS.contains(d.dataset)) {
                throw ds.error("unknown dataset '" + d.dataset + "'; supported: mitdb_beats, " + String.join(", ", RecordsSpec.DATASETS));
            }
        }
        if (RecordsSpec.DATASETS.contains(d.dataset)) {
            for (String k : List.of("window", "labels", "rr_features", "window_template", "max_beats_per_record")) {
                if (e.containsKey(k)) throw e.get(k).error("'data." + k + "' applies to mitdb_beats only; record datasets use 'data.records'");
            }
            if (!e.containsKey("records")) throw n.error("dataset '" + d.dataset + "' needs a 'data.records' block (at least label_protocol)");
            d.records = RecordsSpec.parse(e.get("records"));
        } else if (e.containsKey("records")) {
            throw e.get("records").error("'data.records' applies to the record datasets " + RecordsSpec.DATASETS + " only");
        }
        d.leadsGiven = e.containsKey("leads");
        if (e.containsKey("dir") && !e.get("dir").isNull()) d.dir = e.get("dir").asString();
        if (e.containsKey("leads")) {
            d.leads = e.get("leads").asStringList();
            if (d.leads.isEmpty()) throw e.get("leads").error("'data.leads' must name at least one lead, e.g. [MLII]");
        }
        if (e.containsKey("window")) {
            Map<String, Node> w = e.get("window").entries(List.of("length", "before_r"));
            if (w.containsKey("length")) d.windowLength = w.get("length").asPositiveInt();
            if (w.containsKey("before_r")) d.beforeR = w.get("before_r").asInt();
            if (d.beforeR < 0 || d.beforeR >= d.windowLength) {
                throw e.get("window").error("'data.window.before_r' must be in [0, length), got " + d.beforeR);
            }
        }
        if (e.containsKey("labels")) {
            d.labels = e.get("labels").asString();
            try {
                org.ecgbench.signal.mitbih.BeatLabels.byName(d.labels);
            } catch (IllegalArgumentException x) {
                throw e.get("labels").error("data.labels: " + x.getMessage());
            }
        }
        if (e.containsKey("rr_features")) d.rrFeatures = e.get("rr_features").asBoolean();
        if (e.containsKey("window_template")) d.windowTemplate = e.get("window_template").asBoolean();
        if (e.containsKey("preprocessing")) {
            Map<String, Node> p = e.get("preprocessing").entries(List.of("record", "window"));
            if (p.containsKey("record")) {
                d.recordSteps = steps(p.get("record"));
                d.recordStepsLine = p.get("record").line();
                try {
                    org.ecgbench.signal.preprocess.Preprocessing.recordSteps(d.recordSteps);
                } catch (IllegalArgumentException x) {
                    throw p.get("record").error("data.preprocessing.record: " + x.getMessage());
                }
            }
            if (p.containsKey("window")) {
                d.windowSteps = steps(p.get("window"));
                d.windowStepsLine = p.get("window").line();
                try {
                    org.ecgbench.signal.preprocess.Preprocessing.windowSteps(d.windowSteps);
                } catch (IllegalArgumentException x) {
                    throw p.get("window").error("data.preprocessing.window: " + x.getMessage());
                }
            }
        }
        if (e.containsKey("max_beats_per_record") && !e.get("max_beats_per_record").isNull()) {
            d.maxBeatsPerRecord = e.get("max_beats_per_record").asPositiveInt();
        }
    }

    private static void parseSplit(Node n, Split s) {
        Map<String, Node> e = n.entries(List.of("mode", "pool", "fractions", "train", "validation", "test", "file", "method", "seed",
                "drop_unlabelled"));
        if (e.containsKey("drop_unlabelled")) s.dropUnlabelled = e.get("drop_unlabelled").asBoolean();
        if (e.containsKey("file")) s.file = e.get("file").asString();
        if (e.containsKey("seed")) s.seed = e.get("seed").asLong();
        if (e.containsKey("method")) {
            s.method = e.get("method").asString();
            if (!List.of("patient_stratified", "ptbxl_strat_fold").contains(s.method)) {
                throw e.get("method").error("split.method must be patient_stratified or ptbxl_strat_fold");
            }
        }
        if (e.containsKey("mode")) {
            s.mode = e.get("mode").asString();
            if (!List.of("records", "random_beats").contains(s.mode)) throw e.get("mode").error("split.mode must be 'records' or 'random_beats'");
        }
        if (e.containsKey("pool")) s.pool = e.get("pool").asString();
        if (e.containsKey("fractions")) {
            List<Double> f = new ArrayList<>();
            for (Node x : e.get("fractions").items()) f.add(x.asDouble());
            if (f.size() != 3 || Math.abs(f.get(0) + f.get(1) + f.get(2) - 1) > 1e-9 || f.stream().anyMatch(v -> v <= 0)) {
                throw e.get("fractions").error("split.fractions must be three positive numbers summing to 1 (train, validation, test)");
            }
            s.fractions = f;
        }
        if (e.containsKey("train")) s.train = e.get("train").asString();
        if (e.containsKey("validation")) s.validation = e.get("validation").asString();
        if (e.containsKey("test")) s.test = e.get("test").asString();
    }

    private static void parseModel(Node n, Model m) {
        Map<String, Node> e = n.entries(List.of("name", "params", "pretrained"));
        m.line = n.line();
        if (e.containsKey("pretrained") && !e.get("pretrained").isNull()) m.pretrained = e.get("pretrained").asString();
        if (!e.containsKey("name")) throw n.error("'model' needs a 'name' (see `ecgbench models` for the list)");
        m.name = e.get("name").asString();
        if (e.containsKey("params")) {
            Node p = e.get("params");
            m.paramsLine = p.line();
            for (Map.Entry<String, Node> x : p.entries().entrySet()) m.params.put(x.getKey(), x.getValue().toPlain());
        }
    }

    private static void parseTraining(Node n, Training t) {
        Map<String, Node> e = n.entries(List.of("seed", "epochs", "batch_size", "learning_rate", "class_weights",
                "early_stopping", "lr_schedule", "max_train_beats", "max_validation_beats", "max_beats_per_class", "refit",
                "weight_decay", "weight_decay_mode"));
        if (e.containsKey("weight_decay")) {
            t.weightDecay = e.get("weight_decay").asDouble();
            if (!(t.weightDecay >= 0 && t.weightDecay < 1)) throw e.get("weight_decay").error("'training.weight_decay' must be in [0, 1), got " + t.weightDecay);
        }
        if (e.containsKey("weight_decay_mode")) {
            t.weightDecayMode = e.get("weight_decay_mode").asString();
            if (!List.of("decoupled", "l2").contains(t.weightDecayMode)) {
                throw e.get("weight_decay_mode").error("'training.weight_decay_mode' must be decoupled (AdamW) or l2, got '" + t.weightDecayMode + "'");
            }
        }
        if (e.containsKey("refit")) {
            Node rf = e.get("refit");
            t.refitLine = rf.line();
            Node ep = rf.entries(List.of("epochs")).get("epochs");
            if (ep == null) throw rf.error("'training.refit' needs 'epochs': a number, or 'best' (the best epoch of the early-stopped run)");
            if (!ep.isMap() && !ep.isList() && "best".equals(ep.asString())) t.refitBest = true;
            else t.refitEpochs = ep.asPositiveInt();
        }
        if (e.containsKey("seed")) t.seed = e.get("seed").asLong();
        if (e.containsKey("epochs")) t.epochs = e.get("epochs").asPositiveInt();
        if (e.containsKey("batch_size")) t.batchSize = e.get("batch_size").asPositiveInt();
        if (e.containsKey("learning_rate")) {
            t.learningRate = e.get("learning_rate").asDouble();
            if (!(t.learningRate > 0)) throw e.get("learning_rate").error("'training.learning_rate' must be > 0");
        }
        if (e.containsKey("class_weights")) {
            Node cw = e.get("class_weights");
            if (cw.isList()) {
                t.classWeights = "explicit";
                t.classWeightValues = new ArrayList<>();
                for (Node x : cw.items()) t.classWeightValues.add(x.asDouble());
            } else {
                t.classWeights = cw.asString();
                if (!List.of("balanced", "none").contains(t.classWeights)) {
                    throw cw.error("'training.class_weights' must be 'balanced', 'none' or a list of numbers, got '" + t.classWeights + "'");
                }
            }
        }
        if (e.containsKey("early_stopping")) {
            Map<String, Node> es = e.get("early_stopping").entries(List.of("metric", "patience", "min_delta"));
            if (es.containsKey("metric")) {
                t.earlyStoppingMetric = es.get("metric").asString();
                if (!List.of("macro_f1", "accuracy", "loss", "macro_auc", "fmax", "sensitivity").contains(t.earlyStoppingMetric)) {
                    throw es.get("metric").error("early_stopping.metric must be macro_f1, accuracy, loss, or (multi-label/binary"
                            + " record tasks) macro_auc, fmax, sensitivity");
                }
            }
            if (es.containsKey("patience")) t.patience = es.get("patience").asPositiveInt();
            if (es.containsKey("min_delta")) t.minDelta = es.get("min_delta").asDouble();
        }
        if (e.containsKey("lr_schedule")) {
            Map<String, Node> ls = e.get("lr_schedule").entries(List.of("type", "factor", "patience"));
            if (ls.containsKey("type")) {
                t.lrSchedule = ls.get("type").asString();
                if (!List.of("none", "plateau").contains(t.lrSchedule)) {
                    throw ls.get("type").error("lr_schedule.type must be 'none' or 'plateau'");
                }
            }
            if (ls.containsKey("factor")) t.lrFactor = ls.get("factor").asDouble();
            if (ls.containsKey("patience")) t.lrPatience = ls.get("patience").asPositiveInt();
        }
        if (e.containsKey("max_train_beats") && !e.get("max_train_beats").isNull()) t.maxTrainBeats = e.get("max_train_beats").asPositiveInt();
        if (e.containsKey("max_beats_per_class") && !e.get("max_beats_per_class").isNull()) {
            t.maxBeatsPerClass = e.get("max_beats_per_class").asPositiveInt();
        }
        if (e.containsKey("max_validation_beats") && !e.get("max_validation_beats").isNull()) {
            t.maxValidationBeats = e.get("max_validation_beats").asPositiveInt();
        }
    }

    private static void parseEvaluation(Node n, Evaluation v) {
        Map<String, Node> e = n.entries(List.of("bootstrap", "ci_level", "seed", "auc_ci", "inference"));
        if (e.containsKey("inference")) {
            v.inference = e.get("inference").asString();
            if (!List.of("dl4j", "onnxruntime").contains(v.inference)) {
                throw e.get("inference").error("'evaluation.inference' must be dl4j or onnxruntime, got '" + v.inference + "'");
            }
        }
        if (e.containsKey("bootstrap")) v.bootstrap = e.get("bootstrap").asInt();
        if (v.bootstrap < 0) throw e.get("bootstrap").error("'evaluation.bootstrap' must be >= 0");
        if (e.containsKey("ci_level")) {
            v.ciLevel = e.get("ci_level").asDouble();
            if (!(v.ciLevel > 0 && v.ciLevel < 1)) throw e.get("ci_level").error("'evaluation.ci_level' must be in (0, 1)");
        }
        if (e.containsKey("seed")) v.seed = e.get("seed").asLong();
        if (e.containsKey("auc_ci")) v.aucCi = e.get("auc_ci").asBoolean();
    }

    private static void parseQuantization(Node n, Quantization q) {
        Map<String, Node> e = n.entries(List.of("bits", "scheme", "granularity", "laq", "source", "train_spec"));
        q.line = n.line();
        if (e.containsKey("train_spec")) q.trainSpec = e.get("train_spec").asString();
        if (e.containsKey("bits")) {
            List<Integer> b = new ArrayList<>();
            for (Node x : e.get("bits").items()) {
                int v = x.asInt();
                if (v < 1 || v > 8) throw x.error("bit-widths must be in 1..8, got " + v);
                b.add(v);
            }
            q.bits = b;
        }
        if (e.containsKey("scheme")) {
            q.scheme = e.get("scheme").asString();
            if (!List.of("symmetric", "asymmetric").contains(q.scheme)) throw e.get("scheme").error("scheme must be symmetric or asymmetric");
        }
        if (e.containsKey("granularity")) {
            q.granularity = e.get("granularity").asString();
            if (!List.of("per_tensor", "per_channel").contains(q.granularity)) {
                throw e.get("granularity").error("granularity must be per_tensor or per_channel");
            }
        }
        if (e.containsKey("source")) q.source = e.get("source").asString();
        if (e.containsKey("laq")) {
            Node l = e.get("laq");
            if (l.isMap()) {
                q.laq = true;
                Map<String, Node> le = l.entries(List.of("alpha", "beta", "gamma", "margin", "candidate_bits", "metric"));
                if (le.containsKey("alpha")) q.alpha = le.get("alpha").asDouble();
                if (le.containsKey("beta")) q.beta = le.get("beta").asDouble();
                if (le.containsKey("gamma")) q.gamma = le.get("gamma").asDouble();
                if (le.containsKey("margin")) q.margin = le.get("margin").asDouble();
                if (le.containsKey("candidate_bits")) {
                    List<Integer> b = new ArrayList<>();
                    for (Node x : le.get("candidate_bits").items()) b.add(x.asInt());
                    q.candidateBits = b;
                }
                if (le.containsKey("metric")) {
                    q.metric = le.get("metric").asString();
                    if (!List.of("accuracy", "macro_f1").contains(q.metric)) throw le.get("metric").error("laq.metric must be accuracy or macro_f1");
                }
            } else {
                q.laq = l.asBoolean();
            }
        }
    }

    private static void parsePretraining(Node n, Pretraining p) {
        Map<String, Node> e = n.entries(List.of("clusters", "kmeans_iterations", "kmeans_sample", "mask_prob", "mask_length",
                "max_windows", "analysis_window"));
        if (e.containsKey("clusters")) {
            p.clusters = e.get("clusters").asPositiveInt();
            if (p.clusters < 2) throw e.get("clusters").error("'pretraining.clusters' must be >= 2");
        }
        if (e.containsKey("kmeans_iterations")) p.kmeansIterations = e.get("kmeans_iterations").asPositiveInt();
        if (e.containsKey("kmeans_sample")) p.kmeansSample = e.get("kmeans_sample").asPositiveInt();
        if (e.containsKey("mask_prob")) {
            p.maskProb = e.get("mask_prob").asDouble();
            if (!(p.maskProb > 0 && p.maskProb < 1)) throw e.get("mask_prob").error("'pretraining.mask_prob' must be in (0, 1)");
        }
        if (e.containsKey("mask_length")) p.maskLength = e.get("mask_length").asPositiveInt();
        if (e.containsKey("max_windows") && !e.get("max_windows").isNull()) p.maxWindows = e.get("max_windows").asPositiveInt();
        if (e.containsKey("analysis_window")) p.analysisWindow = e.get("analysis_window").asPositiveInt();
    }

    private static Explain parseExplain(Node n) {
        Explain x = new Explain();
        x.line = n.line();
        Map<String, Node> e = n.entries(List.of("source", "methods", "layer", "split", "target", "examples_per_class", "average_per_class",
                "smoothgrad", "ig", "shap", "seed"));
        if (!e.containsKey("source")) throw n.error("'explain.source' (the results folder of the trained model) is required");
        x.source = e.get("source").asString();
        if (e.containsKey("methods")) {
            x.methods = e.get("methods").asStringList();
            for (Node m : e.get("methods").items()) {
                if (!Explain.METHODS.contains(m.asString())) throw m.error("unknown explain method '" + m.asString() + "'; one of " + Explain.METHODS);
            }
            if (x.methods.isEmpty()) throw e.get("methods").error("'explain.methods' must name at least one method");
        }
        if (e.containsKey("layer")) x.layer = e.get("layer").asString();
        if (e.containsKey("split")) x.split = oneOf(e.get("split"), "explain.split", List.of("validation", "test"));
        if (e.containsKey("target")) x.target = oneOf(e.get("target"), "explain.target", List.of("logit", "probability"));
        if (e.containsKey("examples_per_class")) x.examplesPerClass = e.get("examples_per_class").asPositiveInt();
        if (e.containsKey("average_per_class")) x.averagePerClass = e.get("average_per_class").asPositiveInt();
        if (e.containsKey("seed")) x.seed = e.get("seed").asLong();
        if (e.containsKey("smoothgrad")) {
            Map<String, Node> g = e.get("smoothgrad").entries(List.of("samples", "noise"));
            if (g.containsKey("samples")) x.smoothSamples = g.get("samples").asPositiveInt();
            if (g.containsKey("noise")) x.smoothNoise = g.get("noise").asDouble();
            if (!(x.smoothNoise > 0 && x.smoothNoise < 1)) throw e.get("smoothgrad").error("'explain.smoothgrad.noise' must be in (0, 1) (a fraction of the input range)");
        }
        if (e.containsKey("ig")) {
            Map<String, Node> g = e.get("ig").entries(List.of("steps", "baseline"));
            if (g.containsKey("steps")) x.igSteps = g.get("steps").asPositiveInt();
            if (g.containsKey("baseline")) x.igBaseline = oneOf(g.get("baseline"), "explain.ig.baseline", List.of("zeros", "background_mean"));
        }
        if (e.containsKey("shap")) {
            Map<String, Node> g = e.get("shap").entries(List.of("background", "samples", "segments"));
            if (g.containsKey("background")) x.shapBackground = g.get("background").asPositiveInt();
            if (g.containsKey("samples")) x.shapSamples = g.get("samples").asPositiveInt();
            if (g.containsKey("segments")) x.shapSegments = g.get("segments").asPositiveInt();
            if (x.shapSegments < 2) throw e.get("shap").error("'explain.shap.segments' must be >= 2");
        }
        return x;
    }

    private static String oneOf(Node n, String key, List<String> allowed) {
        String v = n.asString();
        if (!allowed.contains(v)) throw n.error("'" + key + "' must be one of " + allowed + ", got '" + v + "'");
        return v;
    }

    private static void parseOutput(Node n, Output o) {
        Map<String, Node> e = n.entries(List.of("dir", "save_model"));
        if (e.containsKey("dir")) o.dir = e.get("dir").asString();
        if (e.containsKey("save_model")) o.saveModel = e.get("save_model").asBoolean();
    }
}
