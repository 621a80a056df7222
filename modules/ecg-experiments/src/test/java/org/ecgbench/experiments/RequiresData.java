package org.ecgbench.experiments;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.ecgbench.signal.data.DataPaths;

/**
 * Skips a test (JUnit assumption, one clear line from {@link DataPaths#fetchHint}) when the real data it reads is absent,
 * e.g. on a fresh clone without {@code ../shared/data}. Call it as the first line of the test.
 */
public final class RequiresData {
    private RequiresData() {}

    /** Needs the MIT-BIH copy. */
    public static void mitdb() {
        assumeTrue(DataPaths.hasDataset("mitdb"), DataPaths.fetchHint("mitdb"));
    }

    /** Needs the 250-record CinC 2020/2021 subset. */
    public static void cincSubset() {
        assumeTrue(DataPaths.hasDataset("cinc2021-12lead-subset"), DataPaths.fetchHint("cinc2021-12lead-subset"));
    }

    /** Needs the real PTB-XL 1.0.3 subset (ptbxl_database.csv, records500/). */
    public static void ptbxlSubset() {
        assumeTrue(DataPaths.hasDataset("ptbxl"), DataPaths.fetchHint("ptbxl"));
    }
}
