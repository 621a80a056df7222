package org.ecgbench.datavec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.ecgbench.signal.data.DataPaths;

/** Skips a test with one clear line ({@link DataPaths#fetchHint}) when the real data it reads is absent (e.g. a fresh clone). */
public final class RequiresData {
    private RequiresData() {}

    public static void mitdb() {
        assumeTrue(DataPaths.hasDataset("mitdb"), DataPaths.fetchHint("mitdb"));
    }

    public static void cincSubset() {
        assumeTrue(DataPaths.hasDataset("cinc2021-12lead-subset"), DataPaths.fetchHint("cinc2021-12lead-subset"));
    }
}
