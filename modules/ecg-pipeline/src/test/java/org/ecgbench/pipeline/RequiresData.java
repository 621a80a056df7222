package org.ecgbench.pipeline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.signal.data.DataPaths;

/**
 * Skips a test (JUnit assumption, one clear line) when the real data it reads is absent, e.g. on a fresh clone
 * without {@code ../shared/data}. Call it as the first line of the test.
 */
public final class RequiresData {
    private RequiresData() {}

    private static boolean has(String dataset) {
        Path root = DataPaths.dataRootOrNull();
        return root != null && Files.isDirectory(root.resolve(dataset));
    }

    /** Needs the MIT-BIH copy. */
    public static void mitdb() {
        assumeTrue(has("mitdb"), "needs ../shared/data/mitdb (or ECGBENCH_DATA): run `ecgbench download mitdb --to ../shared/data/mitdb`");
    }

    /** Needs the 250-record CinC 2020/2021 subset. */
    public static void cincSubset() {
        assumeTrue(has("cinc2021-12lead-subset"), "needs ../shared/data/cinc2021-12lead-subset (the project's CinC 2020/2021 subset,"
                + " see data-prep/README.md; the full set: `ecgbench download cinc2021 --to ../shared/data/cinc2021`)");
    }
}
