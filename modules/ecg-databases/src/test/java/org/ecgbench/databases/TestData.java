package org.ecgbench.databases;

import org.ecgbench.signal.data.DataPaths;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Locates the shared real-data subset for tests; fails (does not skip) when it is missing. */
public final class TestData {
    private TestData() {}

    public static Path cincSubset() {
        Path root = DataPaths.dataRootOrNull();
        if (root == null) fail("data root not found: set ECGBENCH_DATA or -Decgbench.data (see DataPaths)");
        Path p = root.resolve("cinc2021-12lead-subset");
        if (!Files.isDirectory(p)) fail("missing " + p);
        return p;
    }

    public static Path cinc2021() { return cincSubset().resolve("cinc2021_format"); }

    public static Path cinc2020() { return cincSubset().resolve("cinc2020_format"); }
}
