package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Downloader;
import org.ecgbench.signal.data.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Downloads a database from PhysioNet, resumable and checksum-verified (needs internet). */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a database from PhysioNet (resumable; every file SHA-256 verified against data-prep/<db>/SHA256SUMS).")
public final class DownloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DB", description = "Database: mitdb")
    String db;

    @Option(names = "--to", required = true, description = "Data root to download into (the database goes to <root>/<DB>).")
    Path to;

    @Option(names = "--base-url", description = "Override the source URL (default: PhysioNet's).")
    String baseUrl;

    @Override
    public Integer call() throws Exception {
        if (!db.equals("mitdb")) throw new IllegalArgumentException("unknown database '" + db + "'; supported: mitdb (see data-prep/README.md for the others)");
        String url = baseUrl != null ? baseUrl : "https://physionet.org/files/mitdb/1.0.0/";
        Path sums = DataPaths.projectRoot().resolve("data-prep/mitdb/SHA256SUMS");
        Downloader.Result r = new Downloader(System.out::println).download(url, Manifest.parse(sums), to.resolve(db));
        System.out.printf("%d downloaded, %d already present, %d failed%n", r.downloaded().size(), r.skipped().size(), r.failed().size());
        return r.failed().isEmpty() ? 0 : 2;
    }
}
