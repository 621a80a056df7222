package org.ecgbench.baselines.features;

/** The named per-beat feature sets of {@link BeatFeatures}. */
public enum FeatureSet {
    /** de Chazal et al. (2004), one lead, as far as reproducible without a wave delineator (24 features). */
    DE_CHAZAL,
    /** RR + ratios + a few morphology and running-template features, for tree ensembles (22 features). */
    RHYTHM_MORPHOLOGY,
    /** The 9 RR features of {@link org.ecgbench.signal.rhythm.RrFeatures} only. */
    RR_ONLY;

    public static FeatureSet byName(String s) {
        for (FeatureSet f : values()) if (f.name().equalsIgnoreCase(s)) return f;
        throw new IllegalArgumentException("unknown feature set '" + s + "'; known: de_chazal, rhythm_morphology, rr_only");
    }
}
