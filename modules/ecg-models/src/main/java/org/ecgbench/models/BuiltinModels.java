package org.ecgbench.models;

import java.util.List;

/** The list of architectures shipped with ecgbench. */
final class BuiltinModels {
    private BuiltinModels() {}

    static List<ModelBuilder> all() {
        return List.of(
            org.ecgbench.models.ecgencode.EcgEncodeModels.model1(),
            org.ecgbench.models.ecgencode.EcgEncodeModels.model2(),
            new org.ecgbench.models.cnnattbilstm.CnnAttentionBiLstm()
        );
    }
}
