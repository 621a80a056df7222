package org.ecgbench.experiments.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgbench.eval.ec57.Beat;
import org.ecgbench.eval.ec57.BeatClass;
import org.ecgbench.eval.ec57.Ec57;
import org.ecgbench.eval.ec57.Ec57Record;
import org.ecgbench.eval.ec57.Interval;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;

/**
 * Reference beat annotations for EVALUATION only (never for prediction): the beats of a WFDB annotation file with their
 * AAMI classes, the reference-marked ventricular flutter/fibrillation episodes ({@code [ ... ]}, excluded by EC57), and
 * the EC57 comparison of a prediction with them.
 */
public record ReferenceBeats(Path file, List<Beat> beats, List<Interval> excluded) {

    public static ReferenceBeats read(Path file, long recordLength) throws IOException {
        List<Beat> ref = new ArrayList<>();
        List<Interval> vf = new ArrayList<>();
        long vfOn = -1;
        for (Annotation a : AnnotationReader.read(file)) {
            if (a.isBeat()) {
                BeatClass c = BeatClass.fromMitSymbol(a.symbol());
                if (c == null) throw new IOException(file + ": beat annotation '" + a.symbol() + "' at sample " + a.sample() + " has no AAMI class");
                ref.add(new Beat(a.sample(), c));
            } else if (a.symbol().equals("[")) {
                vfOn = a.sample();
            } else if (a.symbol().equals("]") && vfOn >= 0) {
                vf.add(new Interval(vfOn, a.sample()));
                vfOn = -1;
            }
        }
        if (vfOn >= 0) vf.add(new Interval(vfOn, recordLength - 1));
        return new ReferenceBeats(file, ref, vf);
    }

    /** Reference R-peak samples (all beat annotations, file order). */
    public long[] samples() {
        return beats.stream().mapToLong(Beat::sample).toArray();
    }

    /** EC57 beat-by-beat comparison (150 ms window, whole record, VF/flutter episodes excluded) of predicted beats. */
    public Ec57Record compare(String record, double fs, long[] sample, String[] symbol) {
        List<Beat> test = new ArrayList<>();
        for (int i = 0; i < sample.length; i++) {
            BeatClass c = BeatClass.fromMitSymbol(symbol[i]);
            test.add(new Beat(sample[i], c == null ? BeatClass.Q : c));
        }
        return Ec57.evaluate(record, fs, beats, test, Ec57.Options.standard().withExcluded(excluded));
    }
}
