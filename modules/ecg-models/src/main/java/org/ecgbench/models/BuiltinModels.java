package org.ecgbench.models;

import java.util.List;

/** The list of architectures shipped with ecgbench. */
final class BuiltinModels {
    private BuiltinModels() {}

    static List<ModelBuilder> all() {
        return List.of(
                new org.ecgbench.models.arch.CnnBiGruAttention(),
                new org.ecgbench.models.arch.ResNet1D(),
                new org.ecgbench.models.arch.ArrhythmiNet(1),
                new org.ecgbench.models.arch.ArrhythmiNet(2),
                org.ecgbench.models.ecgencode.EcgEncodeModels.model1(),
                org.ecgbench.models.ecgencode.EcgEncodeModels.model2(),
                new org.ecgbench.models.cnnattbilstm.CnnAttentionBiLstm(),
                new org.ecgbench.models.hubert.HubertEcg()
        );
    }
}
