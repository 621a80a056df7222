package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code download ptbxl} against a local HTTP server in PhysioNet's layout: the published SHA256SUMS.txt is fetched
 * first, {@code --only} limits the files (tables always come), every file is checked, a corrupted one is refused.
 */
class DownloadCommandTest {
    @TempDir Path tmp;

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void ptbXlFromThePublishedChecksumListWithOnlyAndACorruptFile() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        files.put("ptbxl_database.csv", "ecg_id,patient_id\n1,15709\n".getBytes(StandardCharsets.UTF_8));
        files.put("records100/00000/00001_lr.hea", "00001_lr 12 100 1000\n".getBytes(StandardCharsets.UTF_8));
        files.put("records500/00000/00001_hr.hea", "00001_hr 12 500 5000\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder sums = new StringBuilder();
        for (var e : files.entrySet()) sums.append(sha(e.getValue())).append(' ').append(e.getKey()).append('\n');
        Map<String, byte[]> served = new HashMap<>();
        for (var e : files.entrySet()) served.put("/ptb-xl/1.0.3/" + e.getKey(), e.getValue());
        served.put("/ptb-xl/1.0.3/SHA256SUMS.txt", sums.toString().getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ptb-xl/1.0.3/";
            int rc = new CommandLine(new DownloadCommand()).execute("ptbxl", "--to", tmp.toString(), "--base-url", url, "--only", "records100/");
            assertEquals(0, rc);
            Path dir = tmp.resolve("ptb-xl");
            assertTrue(Files.isRegularFile(dir.resolve("SHA256SUMS.txt")), "the published list is kept beside the data");
            assertTrue(Files.isRegularFile(dir.resolve("ptbxl_database.csv")), "tables always come");
            assertTrue(Files.isRegularFile(dir.resolve("records100/00000/00001_lr.hea")));
            assertFalse(Files.exists(dir.resolve("records500")), "--only records100/");

            served.put("/ptb-xl/1.0.3/records500/00000/00001_hr.hea", "tampered".getBytes(StandardCharsets.UTF_8));
            rc = new CommandLine(new DownloadCommand()).execute("ptbxl", "--to", tmp.toString(), "--base-url", url);
            assertEquals(2, rc, "a checksum mismatch fails the step");
            assertFalse(Files.exists(dir.resolve("records500/00000/00001_hr.hea")), "a corrupt file is never put in place");

            CommandLine cl = new CommandLine(new DownloadCommand());
            java.io.StringWriter err = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(err));
            assertNotEquals(0, cl.execute("code15", "--to", tmp.toString()));
            assertTrue(err.toString().contains("not on PhysioNet") || err.toString().contains("unknown database"), err.toString());
        } finally {
            server.stop(0);
        }
    }
}
