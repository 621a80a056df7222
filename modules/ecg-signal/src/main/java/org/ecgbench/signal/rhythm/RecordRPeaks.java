package org.ecgbench.signal.rhythm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.signal.mitbih.BeatSet;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.ecgbench.signal.wfdb.WfdbFormatException;
import org.ecgbench.signal.wfdb.WfdbHeader;

/**
 * The R-peak list of a MIT-BIH record as {@link RrFeatures} wants it: the sample of every beat
 * annotation ({@link Annotation#isBeat()}: every class, Q and unmapped symbols included) in file order,
 * plus the record's sampling frequency; and RR features aligned with the rows of a {@link BeatSet}.
 */
public final class RecordRPeaks {
    /** R peaks of all beats of one record and its sampling frequency. */
    public record Peaks(String record, long[] samples, double fs) {}

    private RecordRPeaks() {}

    public static Peaks read(Path mitdbDir, String record) throws IOException {
        Path atr = mitdbDir.resolve(record + ".atr");
        double fs = WfdbHeader.parse(mitdbDir.resolve(record + ".hea")).samplingFrequency();
        List<Long> s = new ArrayList<>();
        for (Annotation a : AnnotationReader.read(atr)) if (a.isBeat()) s.add(a.sample());
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i);
            if (i > 0 && out[i] <= out[i - 1]) {
                throw new WfdbFormatException(atr, "beat annotations not strictly increasing at beat " + i + " (sample " + out[i] + ")");
            }
        }
        return new Peaks(record, out, fs);
    }

    /** Index of {@code sample} in the sorted peak list, or throws naming the record. */
    public static int indexOf(Peaks p, long sample) {
        int k = Arrays.binarySearch(p.samples(), sample);
        if (k < 0) throw new IllegalArgumentException("record " + p.record() + ": no beat annotation at sample " + sample);
        return k;
    }

    /**
     * RR features ({@link RrFeatures#NAMES}) for every row of a beat set: each record's features are computed
     * on all its beat annotations and the rows picked by R-peak sample.
     */
    public static double[][] rrFeatures(BeatSet beats, Path mitdbDir) throws IOException {
        Map<String, Peaks> peaks = new LinkedHashMap<>();
        Map<String, double[][]> feats = new LinkedHashMap<>();
        double[][] out = new double[beats.size()][];
        for (int i = 0; i < beats.size(); i++) {
            String r = beats.record[i];
            if (!peaks.containsKey(r)) {
                Peaks p = read(mitdbDir, r);
                peaks.put(r, p);
                feats.put(r, RrFeatures.compute(p.samples(), p.fs()));
            }
            out[i] = feats.get(r)[indexOf(peaks.get(r), beats.sample[i])].clone();
        }
        return out;
    }
}
