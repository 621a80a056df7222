package org.ecgbench.signal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.signal.data.DataPaths;

/** Locates the real MIT-BIH copy for tests; fails (never skips) when it is missing. */
public final class TestData {
    private TestData() {}

    public static Path mitdb() {
        Path root = DataPaths.dataRootOrNull();
        if (root == null || !Files.isDirectory(root.resolve("mitdb"))) {
            throw new IllegalStateException("tests need the MIT-BIH copy: set ECGBENCH_DATA or place it at ../shared/data/mitdb");
        }
        return root.resolve("mitdb");
    }
}
