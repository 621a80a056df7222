package org.ecgbench.experiments.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.hubert.HubertEcg;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;

/**
 * {@code model.pretrained}: initialises a freshly built network from the {@code encoder.zip} of a
 * {@code task: pretrain} results folder, copying the parameters of every layer that both graphs hold
 * under the same name (the encoder); the classification head stays freshly initialised.
 */
public final class PretrainedEncoder {
    private PretrainedEncoder() {}

    /** What was copied: the encoder's folder and hash, how many layers and parameters, which layers start fresh. */
    public record Copied(String from, String encoderSha256, int layersCopied, long paramsCopied, List<String> freshLayers) {
        /** The provenance fields ({@code pretrained_*}). */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pretrained_from", from);
            m.put("pretrained_encoder_sha256", encoderSha256);
            m.put("pretrained_layers_copied", layersCopied);
            m.put("pretrained_params_copied", paramsCopied);
            m.put("pretrained_fresh_layers", freshLayers);
            return m;
        }
    }

    public static Copied apply(ExperimentSpec spec, ComputationGraph net, Path root, PrintStream log) throws IOException {
        Path dir = root.resolve(spec.model.pretrained);
        Path f = dir.resolve("encoder.zip");
        if (!Files.isRegularFile(f)) {
            throw new SpecException(spec.file, spec.model.line, 1, "model.pretrained: no encoder at " + f + " — run its pretraining spec first");
        }
        ComputationGraph enc = ModelSerializer.restoreComputationGraph(f.toFile(), false);
        List<String> copied;
        try {
            copied = HubertEcg.copyEncoder(enc, net);
        } catch (IllegalArgumentException e) {
            throw new SpecException(spec.file, spec.model.line, 1, "model.pretrained: the encoder in " + f
                    + " does not fit this model (different config?): " + e.getMessage());
        }
        if (copied.isEmpty()) throw new SpecException(spec.file, spec.model.line, 1, "model.pretrained: no layer of " + f + " matches this model");
        long copiedParams = 0;
        for (String l : copied) copiedParams += net.getLayer(l).numParams();
        List<String> fresh = new java.util.ArrayList<>();
        for (var l : net.getLayers()) if (l.numParams() > 0 && !copied.contains(l.conf().getLayer().getLayerName())) fresh.add(l.conf().getLayer().getLayerName());
        log.printf("pretrained encoder %s: copied %d layers (%,d of %,d parameters); freshly initialised: %s%n", f, copied.size(), copiedParams,
                net.numParams(), fresh);
        return new Copied(spec.model.pretrained, sha256(f), copied.size(), copiedParams, List.copyOf(fresh));
    }

    static String sha256(Path f) throws IOException {
        return org.ecgbench.signal.util.Hashes.sha256Hex(f);
    }
}
