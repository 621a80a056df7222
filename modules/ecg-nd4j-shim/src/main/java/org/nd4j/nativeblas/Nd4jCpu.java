package org.nd4j.nativeblas;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1's oneDNN helpers.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN},
 * a class that M2.1 itself moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment}
 * (and renamed the method to {@code isUseONEDNN}). Without this shim every oneDNN helper silently
 * switches off. This class forwards to the real method by reflection so that it also loads
 * (and answers false) on the CUDA backend. See docs/performance.md.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object env = c.getMethod("getInstance").invoke(null);
                return (Boolean) c.getMethod("isUseONEDNN").invoke(env);
            } catch (Throwable t) {
                return false;
            }
        }
    }
}
