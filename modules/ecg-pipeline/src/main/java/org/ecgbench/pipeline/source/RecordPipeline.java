package org.ecgbench.pipeline.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.Resampler;
import org.ecgbench.pipeline.spec.RecordsSpec;
import org.ecgbench.signal.preprocess.NanPolicy;
import org.ecgbench.signal.preprocess.SignalStep;

/**
 * Turns one decoded record (millivolts, any rate, any length) into the fixed model input
 * {@code [leads][length]}: lead selection by name → NaN policy → resampling to the target rate →
 * record preprocessing steps (per lead) → per-lead z-score (over the real signal, before padding) →
 * zero padding or cropping to the target length. Every failure names the record and its file.
 */
public final class RecordPipeline {
    private final List<String> leads;
    private final RecordsSpec r;
    private final List<SignalStep> steps;

    public RecordPipeline(List<String> leads, RecordsSpec r, List<SignalStep> steps) {
        this.leads = List.copyOf(leads);
        this.r = r;
        this.steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public List<String> leads() { return leads; }

    /** The fixed-size input of one record; {@code file} is used in error messages. */
    public float[][] apply(Ecg12Record rec, String file) {
        float[][] x = selectLeads(rec, leads, file);
        x = handleNaN(x, leads, r.nan.key(), rec.id(), file, rec.invalidCause() != null ? rec.invalidCause() : "NaN or infinite value");
        double fs = rec.fs();
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException("record " + rec.id() + " (" + file + "): sampling rate " + fs + " Hz is not a positive number");
        }
        if (fs != r.fs) {
            if (!r.resample) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "record %s (%s) is sampled at %s Hz but the spec wants %s Hz and data.records.resample is false",
                        rec.id(), file, trim(fs), trim(r.fs)));
            }
            x = Resampler.resample(x, fs, r.fs);
        }
        if (!steps.isEmpty()) {
            for (int i = 0; i < x.length; i++) {
                double[] d = new double[x[i].length];
                for (int j = 0; j < d.length; j++) d[j] = x[i][j];
                for (SignalStep s : steps) d = s.apply(d, r.fs);
                for (int j = 0; j < d.length; j++) x[i][j] = (float) d[j];
            }
        }
        if (r.normalize == RecordsSpec.Normalize.ZSCORE_PER_LEAD) zscorePerLead(x);
        return padOrCrop(x, r.length, r.pad.key(), r.crop.key());
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Rows of the named leads, in the given order (case-insensitive names); a missing lead is an error naming the file. */
    public static float[][] selectLeads(Ecg12Record rec, List<String> names, String file) {
        float[][] out = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            int k = rec.leadIndex(names.get(i));
            if (k < 0) {
                throw new IllegalArgumentException("record " + rec.id() + " (" + file + ") has no lead '" + names.get(i) + "'; its leads are "
                        + String.join(", ", rec.leadNames()));
            }
            out[i] = rec.mv()[k].clone();
        }
        return out;
    }

    /** "error": the first non-finite sample stops the run; "lead_mean": non-finite samples get the lead's finite mean (0 if none). */
    public static float[][] handleNaN(float[][] x, List<String> leadNames, String policy, String id, String file) {
        return handleNaN(x, leadNames, policy, id, file, null);
    }

    /**
     * The spec's {@code data.records.nan} policy ({@link NanPolicy}) on every lead, in place: {@code error} stops the run
     * naming the record, its file, the lead, the count, the cause (e.g. WFDB's invalid value -32768) and the sample
     * ranges; {@code lead_mean}, {@code interpolate} and {@code zero} repair the lead, and the repaired counts are added
     * to {@link #repairedSamples()}.
     */
    public static float[][] handleNaN(float[][] x, List<String> leadNames, String policy, String id, String file, String cause) {
        NanPolicy p = NanPolicy.of(policy);
        for (int i = 0; i < x.length; i++) {
            int n = p.apply(x[i], id + " (" + file + ")", leadNames.get(i), cause);
            if (n > 0) REPAIRED.addAndGet(n);
        }
        return x;
    }

    private static final java.util.concurrent.atomic.AtomicLong REPAIRED = new java.util.concurrent.atomic.AtomicLong();

    /** Invalid samples repaired by a non-error NaN policy in this JVM so far (reported beside the run). */
    public static long repairedSamples() {
        return REPAIRED.get();
    }

    /** In place: each row to zero mean and unit (population) variance; a constant row only loses its mean. */
    public static void zscorePerLead(float[][] x) {
        for (float[] row : x) {
            if (row.length == 0) continue;
            double m = 0;
            for (float v : row) m += v;
            m /= row.length;
            double ss = 0;
            for (float v : row) ss += (v - m) * (v - m);
            double sd = Math.sqrt(ss / row.length);
            double inv = sd > 1e-8 ? 1.0 / sd : 1.0;
            for (int j = 0; j < row.length; j++) row[j] = (float) ((row[j] - m) * inv);
        }
    }

    /**
     * Every row to {@code n} samples: longer rows are cropped ({@code crop} "start" keeps the first n, "centre"
     * the middle n), shorter rows are zero-padded ({@code pad} "end" after the signal, "centre" on both sides,
     * the extra sample at the end).
     */
    public static float[][] padOrCrop(float[][] x, int n, String pad, String crop) {
        float[][] y = new float[x.length][n];
        for (int i = 0; i < x.length; i++) {
            int len = x[i].length;
            if (len >= n) {
                int from = crop.equals("centre") ? (len - n) / 2 : 0;
                System.arraycopy(x[i], from, y[i], 0, n);
            } else {
                int to = pad.equals("centre") ? (n - len) / 2 : 0;
                System.arraycopy(x[i], 0, y[i], to, len);
            }
        }
        return y;
    }

    /** One line per step, for reports. */
    public List<String> describe() {
        List<String> d = new ArrayList<>();
        d.add("leads " + leads);
        d.add("NaN policy " + r.nan);
        d.add("resample to " + trim(r.fs) + " Hz" + (r.resample ? " (Hann-windowed sinc, ecg-databases Resampler)" : " (records at other rates are errors)"));
        for (SignalStep s : steps) d.add(s.describe());
        d.add("normalise " + r.normalize + (r.normalize == RecordsSpec.Normalize.NONE ? "" : " (per record and lead, over the real signal, before padding)"));
        d.add("pad/crop to " + r.length + " samples (" + String.format(Locale.ROOT, "%.2f", r.length / r.fs) + " s): zero-pad at "
                + r.pad + ", crop keeps the " + r.crop);
        return d;
    }
}
