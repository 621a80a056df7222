package org.ecgbench.eval.ec57;

import java.util.Objects;

/** One beat annotation: its sample index (the R peak or other fiducial point) and AAMI class. */
public record Beat(long sample, BeatClass label) {
    public Beat {
        Objects.requireNonNull(label, "beat label");
        if (sample < 0) throw new IllegalArgumentException("beat sample must be >= 0, got " + sample);
    }
}
