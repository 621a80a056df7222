package org.ecgbench.models.ecgencode;

import java.util.HashSet;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.loss.OutputLosses;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Registry builders for ECGencode model 1 ({@code ecgencode_m1}: encoder, flatten, one dense
 * softmax/sigmoid layer) and model 2 ({@code ecgencode_m2}: encoder, reshape to
 * time x (leads*channels), bidirectional LSTM with 64 units per direction returning the last
 * state of each direction, batch norm, dense output). Both default to the paper's encoder
 * configurations, which any {@link EcgEncodeConfig#KEYS} parameter overrides; loss defaults to
 * the focal loss (see {@link OutputLosses}); optimiser Adam with {@code learning_rate}
 * (default 1e-3); {@code lstm_units} (model 2, default 64).
 */
public final class EcgEncodeModels {
    private EcgEncodeModels() {}

    public static ModelBuilder model1() { return new Model1(); }

    public static ModelBuilder model2() { return new Model2(); }

    private static Set<String> keys(String... extra) {
        Set<String> s = new HashSet<>(EcgEncodeConfig.KEYS);
        s.addAll(OutputLosses.KEYS);
        s.add("learning_rate");
        s.addAll(Set.of(extra));
        return Set.copyOf(s);
    }

    private static void checkKeys(ModelConfig cfg, Set<String> keys, String model) {
        for (String k : cfg.params().keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException("model '" + model + "' has no parameter '" + k + "'; known: " + new java.util.TreeSet<>(keys));
            }
        }
    }

    private static GraphBuilder base(ModelConfig cfg) {
        double lr = cfg.doubleParam("learning_rate", 1e-3);
        if (!(lr > 0)) throw new IllegalArgumentException("model parameter 'learning_rate' must be > 0, got " + lr);
        return new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(Nd4j.defaultFloatingPointType())
                .updater(new Adam(lr))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.recurrent(cfg.leads(), cfg.samples()));
    }

    private static ComputationGraph init(GraphBuilder g, ModelConfig cfg) {
        return org.ecgbench.models.arch.Graphs.init(g.build(), cfg);
    }

    /** ECGencode model 1. */
    static final class Model1 implements ModelBuilder {
        private static final Set<String> KEYS = keys();

        @Override public String name() { return "ecgencode_m1"; }

        @Override public String description() {
            return "ECGencode model 1 (Bontinck et al.): compact FBCSP-style encoder + flatten + dense; 8,242 params for 12x5000, 2 classes";
        }

        @Override public Set<String> parameterKeys() { return KEYS; }

        @Override public int[] defaultShape() { return new int[] {12, 5000, 2}; }

        EcgEncodeConfig encoderConfig(ModelConfig cfg) {
            checkKeys(cfg, KEYS, name());
            return EcgEncodeConfig.fromParams(cfg, EcgEncodeConfig.model1());
        }

        @Override
        public ComputationGraph build(ModelConfig cfg) {
            Backend.init();
            return init(graph(cfg, encoderConfig(cfg)), cfg);
        }

        /** The graph configuration for an explicit encoder configuration (used by tests). */
        GraphBuilder graph(ModelConfig cfg, EcgEncodeConfig enc) {
            GraphBuilder g = base(cfg);
            EcgEncoder.Latent latent = EcgEncoder.addTo(g, "input", cfg.leads(), cfg.samples(), enc);
            g.addLayer("output", new OutputLayer.Builder(OutputLosses.loss(cfg, "focal"))
                    .nOut(cfg.numClasses()).activation(OutputLosses.activation(cfg)).build(), latent.vertex());
            return g.setOutputs("output");
        }

        @Override
        public long flops(ModelConfig cfg) {
            EcgEncodeConfig enc = encoderConfig(cfg);
            long latent = 1;
            for (int d : enc.latentShape(cfg.samples())) latent *= d;
            return EcgEncoder.flops(cfg.leads(), cfg.samples(), enc) + 2L * latent * cfg.numClasses() + cfg.numClasses();
        }
    }

    /** ECGencode model 2. */
    static final class Model2 implements ModelBuilder {
        private static final Set<String> KEYS = keys("lstm_units");

        @Override public String name() { return "ecgencode_m2"; }

        @Override public String description() {
            return "ECGencode model 2 (Bontinck et al.): encoder + BiLSTM(64) + BN + dense; 133,495 params for 12x5000, 71 labels";
        }

        @Override public Set<String> parameterKeys() { return KEYS; }

        @Override public int[] defaultShape() { return new int[] {12, 5000, 71}; }

        EcgEncodeConfig encoderConfig(ModelConfig cfg) {
            checkKeys(cfg, KEYS, name());
            return EcgEncodeConfig.fromParams(cfg, EcgEncodeConfig.model2());
        }

        private static int units(ModelConfig cfg) {
            int u = cfg.intParam("lstm_units", 64);
            if (u < 1) throw new IllegalArgumentException("model parameter 'lstm_units' must be >= 1, got " + u);
            return u;
        }

        @Override
        public ComputationGraph build(ModelConfig cfg) {
            Backend.init();
            return init(graph(cfg, encoderConfig(cfg)), cfg);
        }

        GraphBuilder graph(ModelConfig cfg, EcgEncodeConfig enc) {
            int u = units(cfg);
            GraphBuilder g = base(cfg);
            EcgEncoder.Latent latent = EcgEncoder.addTo(g, "input", cfg.leads(), cfg.samples(), enc);
            int features = latent.channels() * latent.augmentedLeads();
            // [b, channels, leads, T] -> [b, channels*leads, T]: one feature vector per time point
            g.addVertex("m2_sequence", new ReshapeVertex('c', new int[] {-1, features, latent.timePoints()}, null), latent.vertex());
            // Keras Bidirectional(LSTM, return_sequences=False): forward state after the last step,
            // backward state after reading the whole reversed sequence
            g.addLayer("m2_lstm_fwd", new LastTimeStep(new LSTM.Builder().nIn(features).nOut(u)
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build()), "m2_sequence");
            g.addVertex("m2_reverse", new ReverseTimeSeriesVertex(), "m2_sequence");
            g.addLayer("m2_lstm_bwd", new LastTimeStep(new LSTM.Builder().nIn(features).nOut(u)
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build()), "m2_reverse");
            g.addVertex("m2_bilstm", new MergeVertex(), "m2_lstm_fwd", "m2_lstm_bwd");
            // row-major copy before the batch norm: DL4J M2.1's oneDNN BN helper mis-normalises a column-major 2-D input, which is
            // what the MergeVertex of two LastTimeStep outputs gives (measured: up to 0.86 in probability; Dl4jOneDnnBatchNormTest)
            g.addVertex("m2_bilstm_c", new ReshapeVertex('c', new int[] {-1, 2 * u}, null), "m2_bilstm");
            g.addLayer("m2_bn", new BatchNormalization.Builder().nIn(2 * u).nOut(2 * u).eps(enc.bnEps()).decay(enc.bnDecay()).build(), "m2_bilstm_c");
            g.addLayer("output", new OutputLayer.Builder(OutputLosses.loss(cfg, "focal"))
                    .nIn(2 * u).nOut(cfg.numClasses()).activation(OutputLosses.activation(cfg)).build(), "m2_bn");
            return g.setOutputs("output");
        }

        @Override
        public long flops(ModelConfig cfg) {
            EcgEncodeConfig enc = encoderConfig(cfg);
            int u = units(cfg);
            int[] lat = enc.latentShape(cfg.samples());
            long features = (long) lat[0] * lat[2];
            long steps = lat[1];
            // per direction and step: gate pre-activations (x W + h R + b) for 4 gates
            long lstm = 2L * steps * (2L * (features + u) * 4L * u + 4L * u);
            return EcgEncoder.flops(cfg.leads(), cfg.samples(), enc) + lstm + 2L * (2L * u) * cfg.numClasses() + cfg.numClasses();
        }
    }
}
