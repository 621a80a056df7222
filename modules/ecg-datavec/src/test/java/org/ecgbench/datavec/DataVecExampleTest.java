package org.ecgbench.datavec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecgbench.datavec.example.BeatClassifierExample;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.EvaluationAveraging;

/** The DataVec example trains and evaluates a model from the readers only, on a few MIT-BIH records (CI). */
class DataVecExampleTest {
    @Test
    void trainsAndEvaluatesFromDataVecReadersOnly() throws Exception {
        RequiresData.mitdb();
        BeatClassifierExample.Result r = BeatClassifierExample.run(DataPaths.dataRoot(null), List.of("106", "119", "208", "209"),
                List.of("105", "200", "213"), 3, 300, "focal", System.out);
        assertEquals(r.testWindows(), r.evaluation().getNumRowCounter(), "every test window evaluated once");
        assertEquals(r.trainWindows(), r.trainEvaluation().getNumRowCounter(), "every training window evaluated once");
        // the model learned from the DataVec batches: far above the constant predictor's macro F1 (<= 0.25 for 4 balanced classes).
        // (Four training patients do not generalise to three others: the test figures are printed, not asserted.)
        double f1 = r.trainEvaluation().f1(EvaluationAveraging.Macro);
        assertTrue(f1 > 0.5, "training macro F1 " + f1 + " after 3 epochs through DataVec");
    }
}
