package org.ecgbench.signal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgbench.signal.data.DataPaths;

/**
 * Test data. {@link #mitdb()}: the full MIT-BIH copy under the data root ({@code ../shared/data/mitdb},
 * {@code ECGBENCH_DATA} or {@code -Decgbench.data}); tests that need it are SKIPPED with one line saying what to
 * fetch when it is absent (fresh clone). {@link #record100()}: the real record 100 committed as a test resource,
 * always present.
 */
public final class TestData {
    private TestData() {}

    /** The full MIT-BIH folder, or skips the calling test. */
    public static Path mitdb() {
        Path root = DataPaths.dataRootOrNull();
        assumeTrue(root != null && Files.isDirectory(root.resolve("mitdb")),
                "needs ../shared/data/mitdb (or ECGBENCH_DATA): run `ecgbench download mitdb --to ../shared/data/mitdb`");
        return root.resolve("mitdb");
    }

    /** The folder of the committed MIT-BIH record 100 ({@code 100.hea}, {@code 100.dat}, {@code 100.atr}). */
    public static Path record100Dir() {
        try {
            return Path.of(TestData.class.getResource("/org/ecgbench/signal/wfdb/mitdb/100.hea").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies record 100 into {@code dir} (to corrupt it there) and returns {@code dir}. */
    public static Path copyRecord100(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String ext : new String[]{".hea", ".dat", ".atr"}) {
            Files.copy(record100Dir().resolve("100" + ext), dir.resolve("100" + ext));
        }
        return dir;
    }
}
