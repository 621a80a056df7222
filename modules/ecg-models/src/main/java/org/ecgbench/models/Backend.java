package org.ecgbench.models;

import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that configures ND4J/DL4J before first use: enables DL4J's oneDNN helpers (off by
 * default in M2.1, see {@link org.nd4j.nativeblas.Nd4jCpu}) and sets float32 defaults.
 * Call {@link #init()} before building or loading any network.
 */
public final class Backend {
    private static volatile boolean initialised;

    private Backend() {}

    public static synchronized void init() {
        if (initialised) return;
        if (System.getProperty("org.eclipse.deeplearning4j.helpers.disable") == null) {
            System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        initialised = true;
    }

    /** True when DL4J will use oneDNN helpers (CPU backend with the -onednn classifier). */
    public static boolean oneDnnActive() {
        init();
        return !Boolean.parseBoolean(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true"))
                && new org.nd4j.nativeblas.Nd4jCpu.Environment().isUseMKLDNN();
    }

    /** Short description of the backend for provenance files. */
    public static String describe() {
        init();
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        return "backend=" + p.getProperty("backend") + ", blas=" + p.getProperty("blas.vendor")
                + ", omp_threads=" + p.getProperty("omp.threads") + ", onednn_helpers=" + oneDnnActive()
                + ", dtype=" + Nd4j.dataType();
    }
}
