package org.ecgbench.databases;

/** The standard 12-lead order used by CPSC 2018, Chapman-Shaoxing, PTB-XL and CODE-15%. */
public final class StandardLeads {
    private StandardLeads() {}

    /** I, II, III, aVR, aVL, aVF, V1..V6. */
    public static String[] twelve() {
        return new String[]{"I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"};
    }
}
