package org.ecgbench.pipeline.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run is "dirty" only when code or specs differ from the commit; regenerated results do not count. */
class ProvenanceTest {
    @Test
    void onlyChangesOutsideResultsMakeARunDirty() {
        // as returned by the git helper: output stripped, so the first line lost its leading space
        String porcelain = "M results/smoke_12lead/a/history.csv\n M results/b/report.md\n M modules/x/Y.java\nR  experiments/a.yaml -> experiments/b.yaml\n";
        assertEquals(List.of("modules/x/Y.java", "experiments/b.yaml"), Provenance.codeChanges(porcelain));
        assertEquals(List.of(), Provenance.codeChanges("M results/a.md\n M results/b.md"));
        assertEquals(List.of(), Provenance.codeChanges(""));
    }
}
