package org.ecgbench.models;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.junit.jupiter.api.Test;

/** Proves the oneDNN fix: without the shim DL4J M2.1 silently disables every oneDNN helper. */
class BackendTest {
    @Test
    void oneDnnHelpersAreEnabledOnCpu() {
        Backend.init();
        assertEquals("false", System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
        assertTrue(Backend.oneDnnActive(), Backend.describe());
        // DL4J's own check (the one its conv/BN/pooling helpers use) now answers true
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled());
        assertTrue(Backend.describe().contains("onednn_helpers=true"));
    }
}
