package org.ecgbench.signal.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to do with invalid (NaN or infinite) samples of a lead. Readers turn the WFDB invalid-sample markers
 * (-32768 in format 16, -2048 in 212, -128 in 80, int16 -32768 in CinC MAT files) into NaN; this class then
 * either stops with a message naming the record, the lead, the count and the sample ranges, e.g.
 * {@code record 100, lead MLII: 12 invalid samples (WFDB -32768) at 1000-1011}, or repairs the lead and
 * returns how many samples it replaced.
 *
 * <ul>
 *   <li>{@code error}: throws {@link InvalidSamplesException};</li>
 *   <li>{@code lead_mean}: each invalid sample becomes the mean of the lead's valid samples (0 if none);</li>
 *   <li>{@code interpolate}: linear between the nearest valid neighbours, the nearest valid value at the
 *       ends (0 if the lead has no valid sample);</li>
 *   <li>{@code zero}: each invalid sample becomes 0.</li>
 * </ul>
 */
public enum NanPolicy {
    ERROR("error"), LEAD_MEAN("lead_mean"), INTERPOLATE("interpolate"), ZERO("zero");

    private final String key;

    NanPolicy(String key) {
        this.key = key;
    }

    /** The spelling used in specs ({@code error}, {@code lead_mean}, {@code interpolate}, {@code zero}). */
    public String key() { return key; }

    /** The policy spelled {@code name} (case-insensitive); throws naming the allowed values. */
    public static NanPolicy of(String name) {
        for (NanPolicy p : values()) if (p.key.equalsIgnoreCase(name == null ? "" : name.strip())) return p;
        List<String> keys = new ArrayList<>();
        for (NanPolicy p : values()) keys.add(p.key);
        throw new IllegalArgumentException("unknown NaN policy '" + name + "'; use one of " + keys);
    }

    /** Thrown by {@link #ERROR}: the message names record, lead, count, cause and sample ranges. */
    public static final class InvalidSamplesException extends IllegalArgumentException {
        private final String record;
        private final String lead;
        private final int count;
        private final List<Run> runs;

        InvalidSamplesException(String message, String record, String lead, int count, List<Run> runs) {
            super(message);
            this.record = record;
            this.lead = lead;
            this.count = count;
            this.runs = List.copyOf(runs);
        }

        public String record() { return record; }
        public String lead() { return lead; }
        public int count() { return count; }
        public List<Run> runs() { return runs; }
    }

    /** A run of consecutive invalid samples, {@code from} to {@code to} inclusive (0-based sample numbers). */
    public record Run(int from, int to) {
        public int length() { return to - from + 1; }

        @Override
        public String toString() { return from == to ? Integer.toString(from) : from + "-" + to; }
    }

    /** The runs of non-finite samples of {@code x}, in order. */
    public static List<Run> runs(float[] x) {
        List<Run> out = new ArrayList<>();
        int i = 0;
        while (i < x.length) {
            if (Float.isFinite(x[i])) {
                i++;
                continue;
            }
            int from = i;
            while (i < x.length && !Float.isFinite(x[i])) i++;
            out.add(new Run(from, i - 1));
        }
        return out;
    }

    /** The runs of non-finite samples of {@code x}, in order. */
    public static List<Run> runs(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = Double.isFinite(x[i]) ? 0f : Float.NaN;
        return runs(f);
    }

    /** "1000-1011, 2000" (at most {@code max} runs, then "and N more runs"). */
    public static String describe(List<Run> runs, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < runs.size() && i < max; i++) sb.append(i > 0 ? ", " : "").append(runs.get(i));
        if (runs.size() > max) sb.append(" and ").append(runs.size() - max).append(" more runs");
        return sb.toString();
    }

    /**
     * The message of an invalid-sample finding: {@code record R, lead L: N invalid samples (cause) at ranges}.
     * {@code cause} (e.g. {@code WFDB -32768}) may be null.
     */
    public static String message(String record, String lead, int length, List<Run> runs, String cause) {
        int n = 0;
        for (Run r : runs) n += r.length();
        String whole = n == length ? " (the whole lead)" : "";
        return String.format(Locale.ROOT, "record %s, lead %s: %d invalid sample%s%s at %s%s", record, lead, n, n == 1 ? "" : "s",
                cause == null || cause.isBlank() ? "" : " (" + cause + ")", describe(runs, 5), whole);
    }

    /**
     * Applies this policy to one lead in place; returns the number of samples replaced (0 when all are valid).
     * {@link #ERROR} throws {@link InvalidSamplesException} instead when a sample is invalid.
     *
     * @param record record id (and file, if wanted) for the message
     * @param lead   lead name for the message
     * @param cause  what the NaN stands for (e.g. {@code WFDB -32768}), or null
     */
    public int apply(float[] x, String record, String lead, String cause) {
        List<Run> runs = runs(x);
        if (runs.isEmpty()) return 0;
        int n = 0;
        for (Run r : runs) n += r.length();
        switch (this) {
            case ERROR -> throw new InvalidSamplesException(message(record, lead, x.length, runs, cause), record, lead, n, runs);
            case ZERO -> {
                for (Run r : runs) for (int j = r.from(); j <= r.to(); j++) x[j] = 0f;
            }
            case LEAD_MEAN -> {
                double sum = 0;
                int good = 0;
                for (float v : x) {
                    if (Float.isFinite(v)) {
                        sum += v;
                        good++;
                    }
                }
                float mean = good == 0 ? 0f : (float) (sum / good);
                for (Run r : runs) for (int j = r.from(); j <= r.to(); j++) x[j] = mean;
            }
            case INTERPOLATE -> {
                for (Run r : runs) {
                    boolean hasLeft = r.from() > 0, hasRight = r.to() < x.length - 1;
                    float left = hasLeft ? x[r.from() - 1] : 0f, right = hasRight ? x[r.to() + 1] : 0f;
                    if (!hasLeft) left = right;
                    if (!hasRight) right = left;
                    for (int j = r.from(); j <= r.to(); j++) {
                        double t = (j - r.from() + 1) / (double) (r.length() + 1);
                        x[j] = (float) (left + (right - left) * t);
                    }
                }
            }
        }
        return n;
    }

    /**
     * Applies this policy to every lead of {@code x} in place; returns the number of samples replaced per lead.
     * {@code causes} (one per lead, may be null or hold nulls) name what the NaN stands for.
     */
    public int[] apply(float[][] x, List<String> leads, String record, List<String> causes) {
        int[] fixed = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            fixed[i] = apply(x[i], record, leads.get(i), causes == null ? null : causes.get(i));
        }
        return fixed;
    }
}
