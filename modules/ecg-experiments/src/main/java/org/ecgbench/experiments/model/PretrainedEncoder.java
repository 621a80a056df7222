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

    public static Map<String, Object> apply(ExperimentSpec spec, ComputationGraph net, Path root, PrintStream log) throws IOException {
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pretrained_from", spec.model.pretrained);
        m.put("pretrained_encoder_sha256", sha256(f));
        m.put("pretrained_layers_copied", copied.size());
        m.put("pretrained_params_copied", copiedParams);
        m.put("pretrained_fresh_layers", fresh);
        return m;
    }

    static String sha256(Path f) throws IOException {
        return org.ecgbench.signal.util.Hashes.sha256Hex(f);
    }
}
