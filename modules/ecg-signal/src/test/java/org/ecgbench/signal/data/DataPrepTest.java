package org.ecgbench.signal.data;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgbench.signal.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPrepTest {
    @TempDir Path tmp;

    @Test
    void realMitdbCopyVerifies() throws Exception {
        Manifest.VerifyResult r = Manifest.verify(TestData.mitdb());
        assertTrue(r.allOk(), "missing " + r.missing() + " mismatched " + r.mismatched());
        assertEquals(146, r.ok().size());
        assertEquals(64, Manifest.manifestDigest(TestData.mitdb()).length());
    }

    @Test
    void mismatchAndMissingFilesAreReported() throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "hello");
        Files.writeString(tmp.resolve("MANIFEST.sha256"), Manifest.sha256(tmp.resolve("a.txt")) + "  a.txt\n"
                + "0".repeat(64) + "  ./b.txt\n");
        Manifest.VerifyResult r = Manifest.verify(tmp);
        assertEquals(List.of("a.txt"), r.ok());
        assertEquals(List.of("b.txt"), r.missing());
        Files.writeString(tmp.resolve("b.txt"), "x");
        assertEquals(List.of("b.txt"), Manifest.verify(tmp).mismatched());
        Files.writeString(tmp.resolve("MANIFEST.sha256"), "not a checksum line\n");
        Exception e = assertThrows(java.io.IOException.class, () -> Manifest.verify(tmp));
        assertTrue(e.getMessage().contains("MANIFEST.sha256:1"), e.getMessage());
    }

    @Test
    void downloadResumesVerifiesAndRejectsBadChecksums() throws Exception {
        byte[] one = "first file content ".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] two = "second".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = Map.of("/db/one.dat", one, "/db/two.hea", two, "/db/bad.atr", "served".getBytes());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = range == null ? 0 : Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            ex.sendResponseHeaders(range == null ? 200 : 206, body.length - from);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body, from, body.length - from);
            }
        });
        server.start();
        try {
            Path dir = tmp.resolve("data");
            Files.createDirectories(dir);
            Path sums = tmp.resolve("sums");
            Files.writeString(tmp.resolve("one"), new String(one, StandardCharsets.UTF_8));
            Files.writeString(tmp.resolve("two"), new String(two, StandardCharsets.UTF_8));
            Files.writeString(sums, Manifest.sha256(tmp.resolve("one")) + "  one.dat\n" + Manifest.sha256(tmp.resolve("two")) + "  two.hea\n"
                    + "1".repeat(64) + "  bad.atr\n");
            // a partial earlier download of one.dat
            Files.write(dir.resolve("one.dat.part"), java.util.Arrays.copyOf(one, 700));
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/db/";
            Downloader.Result r = new Downloader(s -> {}).download(base, Manifest.parse(sums), dir);
            assertEquals(List.of("one.dat", "two.hea"), r.downloaded());
            assertEquals(1, r.failed().size());
            assertTrue(r.failed().get(0).contains("checksum mismatch"));
            assertFalse(Files.exists(dir.resolve("bad.atr")), "a file with a wrong checksum is never put in place");
            assertArrayEquals(one, Files.readAllBytes(dir.resolve("one.dat")));
            // re-running skips what is already there
            Downloader.Result again = new Downloader(s -> {}).download(base, Manifest.parse(sums), dir);
            assertEquals(List.of("one.dat", "two.hea"), again.skipped());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void explicitMissingDataDirIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataPaths.dataRoot(tmp.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
    }
}
