package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgbench.signal.data.DataPaths;
import org.ecgbench.signal.data.Downloader;
import org.ecgbench.signal.data.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Downloads a PhysioNet database, resumable and checksum-verified (needs internet). MIT-BIH is checked against the
 * list committed in {@code data-prep/mitdb/SHA256SUMS}; PTB-XL and the CinC 2021 challenge data against the
 * {@code SHA256SUMS.txt} PhysioNet publishes with each project version (fetched first over HTTPS and kept beside the
 * data, or given with {@code --sums}). Every file is put in place only when its SHA-256 matches.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a PhysioNet database (resumable; every file SHA-256 verified): mitdb, ptbxl, cinc2021.")
public final class DownloadCommand implements Callable<Integer> {
    /** A PhysioNet project version: folder under the data root, base URL, committed checksum list (or null). */
    record Source(String folder, String url, String committedSums) {}

    static final Map<String, Source> SOURCES = Map.of(
            "mitdb", new Source("mitdb", "https://physionet.org/files/mitdb/1.0.0/", "data-prep/mitdb/SHA256SUMS"),
            "ptbxl", new Source("ptb-xl", "https://physionet.org/files/ptb-xl/1.0.3/", null),
            "cinc2021", new Source("cinc2021", "https://physionet.org/files/challenge-2021/1.0.3/", null));

    @Parameters(paramLabel = "DB", description = "Database: mitdb, ptbxl (PTB-XL 1.0.3), cinc2021 (PhysioNet/CinC Challenge 2021 1.0.3: CPSC 2018, Chapman, Georgia, PTB-XL, ... in WFDB)")
    String db;

    @Option(names = "--to", required = true, description = "Data root to download into (the database goes to <root>/<folder>).")
    Path to;

    @Option(names = "--base-url", description = "Override the source URL (default: PhysioNet's).")
    String baseUrl;

    @Option(names = "--only", description = "Only files whose path starts with this prefix (repeatable), e.g. records500/ or training/cpsc_2018/; the metadata tables are always included.")
    List<String> only = new ArrayList<>();

    @Option(names = "--sums", description = "Checksum list (sha256  path per line) to use instead of the published SHA256SUMS.txt.")
    Path sums;

    @Override
    public Integer call() throws Exception {
        Source src = SOURCES.get(db);
        if (src == null) {
            throw new IllegalArgumentException("unknown database '" + db + "'; supported: " + new java.util.TreeSet<>(SOURCES.keySet())
                    + " (CODE-15%, the original CPSC 2018 and Chapman releases are not on PhysioNet: see data-prep/README.md)");
        }
        String url = baseUrl != null ? baseUrl : src.url();
        Path dir = to.resolve(src.folder());
        Downloader d = new Downloader(System.out::println);
        Path list;
        if (sums != null) list = sums;
        else if (src.committedSums() != null) list = DataPaths.projectRoot().resolve(src.committedSums());
        else list = d.fetch(url, "SHA256SUMS.txt", dir.resolve("SHA256SUMS.txt"));
        List<Manifest.Entry> entries = new ArrayList<>();
        for (Manifest.Entry e : Manifest.parse(list)) {
            boolean table = !e.path().contains("/");
            if (only.isEmpty() || table || only.stream().anyMatch(p -> e.path().startsWith(p))) entries.add(e);
        }
        if (entries.isEmpty()) throw new IllegalArgumentException("no file of " + list + " matches --only " + only);
        System.out.printf("%s: %d files from %s into %s (checksums: %s)%n", db, entries.size(), url, dir, list);
        Downloader.Result r = d.download(url, entries, dir);
        System.out.printf("%d downloaded, %d already present, %d failed%n", r.downloaded().size(), r.skipped().size(), r.failed().size());
        return r.failed().isEmpty() ? 0 : 2;
    }
}
