package org.ecgbench.shim;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.Properties;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * The shim is written for one DL4J release. This test fails loudly, naming what to check, as soon as the DL4J on the
 * classpath is another version, or the class the shim forwards to moves, or DL4J's oneDNN check stops consulting it.
 */
class Nd4jCpuShimTest {
    static final String WRITTEN_FOR = "1.0.0-M2.1";

    static String version(String group, String artifact) throws Exception {
        try (InputStream in = BaseMKLDNNHelper.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    @Test
    void dl4jIsTheVersionTheShimWasWrittenFor() throws Exception {
        String v = version("org.deeplearning4j", "deeplearning4j-nn");
        assertEquals(WRITTEN_FOR, v, "DL4J is now " + v + ": the org.nd4j.nativeblas.Nd4jCpu shim (module ecg-nd4j-shim) was written for "
                + WRITTEN_FOR + ". Check whether BaseMKLDNNHelper.mklDnnEnabled() still looks up org.nd4j.nativeblas.Nd4jCpu$Environment;"
                + " if not, delete the shim, else update WRITTEN_FOR (docs/performance.md, dl4j-notes).");
    }

    @Test
    void theRealEnvironmentStillHasIsUseOneDnn() throws Exception {
        Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        assertNotNull(c.getMethod("isUseONEDNN"), "the method the shim forwards to");
        assertNotNull(c.getMethod("getInstance"));
    }

    @Test
    void dl4jConsultsTheShimAndOneDnnIsOn() {
        System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
        assertTrue(Nd4jCpu.Environment.getInstance().isUseMKLDNN(), "the shim answers what the CPU backend reports");
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's own check, which every conv/BN/pooling helper uses");
    }
}
