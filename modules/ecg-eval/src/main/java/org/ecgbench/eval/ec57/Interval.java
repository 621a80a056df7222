package org.ecgbench.eval.ec57;

/**
 * A closed sample interval {@code [start, end]}, e.g. a reference-marked ventricular flutter/fibrillation
 * episode (MIT-BIH {@code [} ... {@code ]}), during which EC57 does not count beat-by-beat errors.
 */
public record Interval(long start, long end) {
    public Interval {
        if (end < start) throw new IllegalArgumentException("interval end " + end + " is before its start " + start);
    }

    public boolean contains(long sample) {
        return sample >= start && sample <= end;
    }
}
