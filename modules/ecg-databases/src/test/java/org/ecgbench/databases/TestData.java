package org.ecgbench.databases;

import org.ecgbench.signal.data.DataPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test data. {@link #cincSubset()}: the shared real-data subset under the data root; tests that need it are
 * SKIPPED with one line saying what to fetch when it is absent (fresh clone without {@code ../shared}).
 * {@link #real()}: the real PTB-XL record 9 and CinC record JS00001 committed as test resources, always present.
 */
public final class TestData {
    private TestData() {}

    public static Path cincSubset() {
        Path root = DataPaths.dataRootOrNull();
        assumeTrue(root != null && Files.isDirectory(root.resolve("cinc2021-12lead-subset")),
                "needs ../shared/data/cinc2021-12lead-subset (the project's 250-record CinC 2020/2021 subset, see data-prep/README.md;"
                        + " the full set: `ecgbench download cinc2021 --to ../shared/data/cinc2021`)");
        return root.resolve("cinc2021-12lead-subset");
    }

    public static Path cinc2021() { return cincSubset().resolve("cinc2021_format"); }

    public static Path cinc2020() { return cincSubset().resolve("cinc2020_format"); }

    /** The committed real records: {@code ptbxl/} (PTB-XL layout, ecg_id 9) and {@code cinc/chapman_shaoxing/JS00001}. */
    public static Path real() {
        try {
            return Path.of(TestData.class.getResource("/org/ecgbench/databases/real/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code real()/sub} recursively into {@code dir} and returns {@code dir}. */
    public static Path copyReal(String sub, Path dir) throws IOException {
        Path src = real().resolve(sub);
        try (Stream<Path> s = Files.walk(src)) {
            s.forEach(p -> {
                try {
                    Path t = dir.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(t);
                    else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return dir;
    }
}
