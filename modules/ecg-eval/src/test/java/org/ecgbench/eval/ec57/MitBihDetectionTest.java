package org.ecgbench.eval.ec57;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.qrs.QrsDetector;
import org.ecgbench.signal.wfdb.Annotation;
import org.ecgbench.signal.wfdb.AnnotationReader;
import org.ecgbench.signal.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;

/** The QRS detector on real MIT-BIH record 100 (MLII), scored with the EC57 matcher. Skips without the data. */
class MitBihDetectionTest {
    @Test
    void record100SensitivityAndPositivePredictivityAbove99Percent() throws Exception {
        Path root = DataPaths.dataRootOrNull();
        Path mitdb = root == null ? null : root.resolve("mitdb");
        assumeTrue(mitdb != null && Files.isRegularFile(mitdb.resolve("100.hea")),
                "MIT-BIH copy not found (set ECGBENCH_DATA or place it at ../shared/data/mitdb): skipping the real-record test");
        WfdbRecord rec = WfdbRecord.read(mitdb.resolve("100.hea"));
        int lead = rec.signalIndex("MLII");
        double fs = rec.header().samplingFrequency();
        int[] det = new QrsDetector().detect(rec.millivolts(lead), fs);
        List<Beat> ref = new ArrayList<>();
        for (Annotation a : AnnotationReader.read(mitdb.resolve("100.atr"))) {
            BeatClass c = a.isBeat() ? BeatClass.fromMitSymbol(a.symbol()) : null;
            if (c != null) ref.add(new Beat(a.sample(), c));
        }
        long[] d = new long[det.length];
        for (int i = 0; i < det.length; i++) d[i] = det[i];
        Ec57Record r = Ec57.evaluateDetections("100", fs, ref, d, Ec57.Options.standard());
        assertEquals(2273, ref.size(), "record 100 has 2,273 reference beats");
        assertTrue(r.qrs().sensitivity() >= 0.99, "Se " + r.qrs());
        assertTrue(r.qrs().positivePredictivity() >= 0.99, "+P " + r.qrs());
    }
}
