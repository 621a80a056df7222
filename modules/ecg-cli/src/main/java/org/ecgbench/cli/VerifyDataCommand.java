package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Verifies a local dataset copy against its SHA-256 checksum list, offline. */
@Command(name = "verify-data", mixinStandardHelpOptions = true,
        description = "Verify a local dataset copy against its MANIFEST.sha256 / SHA256SUMS.txt (offline).")
public final class VerifyDataCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Data root (default: ECGBENCH_DATA or ../shared/data).")
    String dataDir;

    @Option(names = "--dataset", defaultValue = "mitdb", description = "Dataset folder under the data root (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--sums", description = "Checksum list to verify against (default: the folder's own, else data-prep/<dataset>/SHA256SUMS).")
    Path sums;

    @Override
    public Integer call() throws Exception {
        Path dir = DataPaths.dataset(dataDir, dataset);
        Path list = sums;
        if (list == null) {
            try {
                list = Manifest.manifestOf(dir);
            } catch (java.nio.file.NoSuchFileException e) {
                list = DataPaths.projectRoot().resolve("data-prep").resolve(dataset).resolve("SHA256SUMS");
            }
        }
        Manifest.VerifyResult r = Manifest.verify(dir, list);
        System.out.printf("%s against %s: %d ok, %d missing, %d mismatched%n", dir, list, r.ok().size(), r.missing().size(), r.mismatched().size());
        r.missing().forEach(m -> System.out.println("  missing: " + m));
        r.mismatched().forEach(m -> System.out.println("  MISMATCH: " + m));
        return r.allOk() ? 0 : 2;
    }
}
