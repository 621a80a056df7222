package org.ecgbench.signal.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Downloads every file of a checksum list from a base URL (e.g. {@code https://physionet.org/files/mitdb/1.0.0/}),
 * resuming partial downloads ({@code .part} files, HTTP Range), verifying each file's SHA-256 and
 * renaming it into place only when it matches. Files already present with the right checksum are
 * skipped, so the step can be re-run after any interruption.
 */
public final class Downloader {
    private final HttpClient http;
    private final Consumer<String> log;

    public Downloader(Consumer<String> log) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
        this.log = log;
    }

    public record Result(List<String> downloaded, List<String> skipped, List<String> failed) {}

    /**
     * Fetches one file (e.g. a project's published {@code SHA256SUMS.txt}) to {@code target}, atomically; no checksum
     * is known for it, so it is the trust anchor of the files it lists (fetched over HTTPS from the publisher).
     */
    public Path fetch(String baseUrl, String name, Path target) throws IOException, InterruptedException {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(base + name)).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new IOException("cannot fetch " + base + name + ": HTTP " + resp.statusCode());
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.accept("fetched " + base + name);
        return target;
    }

    public Result download(String baseUrl, List<Manifest.Entry> files, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        List<String> done = new ArrayList<>(), skipped = new ArrayList<>(), failed = new ArrayList<>();
        for (Manifest.Entry e : files) {
            Path target = dir.resolve(e.path());
            if (Files.isRegularFile(target) && Manifest.sha256(target).equals(e.sha256())) {
                skipped.add(e.path());
                continue;
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + e.path())).timeout(Duration.ofMinutes(10));
            if (have > 0) rb.header("Range", "bytes=" + have + "-");
            HttpResponse<InputStream> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            int code = resp.statusCode();
            boolean append = code == 206;
            if (code != 200 && code != 206) {
                resp.body().close();
                failed.add(e.path() + " (HTTP " + code + ")");
                log.accept("failed: " + e.path() + " HTTP " + code);
                continue;
            }
            try (InputStream in = resp.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            String got = Manifest.sha256(part);
            if (!got.equals(e.sha256())) {
                Files.delete(part);
                failed.add(e.path() + " (checksum mismatch)");
                log.accept("checksum mismatch, discarded: " + e.path());
                continue;
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done.add(e.path());
            log.accept((append ? "resumed " : "downloaded ") + e.path());
        }
        return new Result(done, skipped, failed);
    }
}
