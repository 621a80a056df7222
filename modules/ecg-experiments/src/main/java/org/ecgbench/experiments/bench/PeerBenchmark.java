package org.ecgbench.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecgbench.pipeline.io.Csv;

/**
 * The PyTorch side of {@code ecgbench bench --peer pytorch}: finds a Python with PyTorch, runs
 * {@code bench/torch_peer.py} for one model and shape (same batch, threads and seconds as the ecgbench side) and
 * parses its JSON line; writes {@code peer_pytorch.csv} ({@link #COLUMNS}).
 * Without PyTorch the peer columns are left empty ({@link #unavailable}).
 */
public final class PeerBenchmark {
    /** The CSV's columns, exactly. */
    public static final List<String> COLUMNS = List.of("model", "phase", "ecgbench_per_s", "pytorch_per_s", "ratio");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String python;
    private final Path script;
    private final String version;
    private final String unavailable;

    private PeerBenchmark(String python, Path script, String version, String unavailable) {
        this.python = python;
        this.script = script;
        this.version = version;
        this.unavailable = unavailable;
    }

    /** One model and shape to compare. */
    public record Case(String model, int leads, int samples, int classes, int batch, long params) {}

    /** One CSV row: samples/s on both sides (pytorch null when not measured). */
    public record Row(String model, String phase, double ecgbench, Double pytorch) {
        public Double ratio() {
            return pytorch == null || !(pytorch > 0) ? null : ecgbench / pytorch;
        }
    }

    /**
     * Probes the interpreters in order ({@code explicit} alone when given, else {@code python3} on PATH, then
     * {@code /usr/bin/python3}) for {@code import torch} and the script; the first that works is used.
     */
    public static PeerBenchmark find(String explicit, Path script) {
        List<String> candidates = explicit != null ? List.of(explicit) : List.of("python3", "/usr/bin/python3");
        if (!Files.isRegularFile(script)) return new PeerBenchmark(null, script, null, "peer script " + script + " not found");
        List<String> why = new ArrayList<>();
        for (String py : candidates) {
            try {
                Result r = exec(List.of(py, "-c", "import torch; print(torch.__version__)"), 60);
                if (r.exit == 0 && !r.stdout.isBlank()) return new PeerBenchmark(py, script, r.stdout.strip(), null);
                why.add(py + ": " + lastLine(r.stderr.isBlank() ? r.stdout : r.stderr));
            } catch (IOException e) {
                why.add(py + ": " + e.getMessage());
            }
        }
        return new PeerBenchmark(null, script, null, String.join("; ", why));
    }

    /** Null when PyTorch was found, else why not (one line). */
    public String unavailable() {
        return unavailable;
    }

    public String python() {
        return python;
    }

    public String torchVersion() {
        return version;
    }

    /**
     * Runs the script for one case and returns its JSON object (with {@code train_per_s} and {@code infer_per_s});
     * fails with the script's own message when it exits non-zero (e.g. a parameter-count mismatch).
     */
    public JsonNode run(Case c, int threads, double seconds) throws IOException {
        if (unavailable != null) throw new IllegalStateException("PyTorch unavailable: " + unavailable);
        List<String> cmd = List.of(python, script.toString(), "--model", c.model(), "--leads", "" + c.leads(), "--samples", "" + c.samples(),
                "--classes", "" + c.classes(), "--batch", "" + c.batch(), "--threads", "" + threads,
                "--seconds", String.format(Locale.ROOT, "%.3f", seconds), "--expect-params", "" + c.params());
        Result r = exec(cmd, (long) (seconds * 20 + 300));
        JsonNode n = parseLastJson(r.stdout);
        if (r.exit != 0 || n == null || n.has("error")) {
            String msg = n != null && n.has("error") ? n.get("error").asText() : lastLine(r.stderr);
            throw new IOException("torch_peer.py " + c.model() + " exited " + r.exit + ": " + msg);
        }
        System.out.println("  pytorch: " + lastLine(r.stderr));
        return n;
    }

    /** The last line of {@code stdout} that is a JSON object, or null. */
    static JsonNode parseLastJson(String stdout) throws IOException {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (l.startsWith("{")) return MAPPER.readTree(l);
        }
        return null;
    }

    /** The CSV (header {@link #COLUMNS}); empty pytorch_per_s and ratio cells where PyTorch was not measured. */
    public static Csv.Table table(List<Row> rows) {
        Csv.Table t = new Csv.Table(COLUMNS);
        for (Row r : rows) {
            Double ratio = r.ratio();
            t.row(r.model(), r.phase(), fmt(r.ecgbench()), r.pytorch() == null ? null : fmt(r.pytorch()),
                    ratio == null ? null : String.format(Locale.ROOT, "%.3f", ratio));
        }
        return t;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Settings and per-model details for the JSON written beside the CSV. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        // the interpreter's file name only: committed results carry no absolute paths of the machine that made them
        m.put("python", python == null ? null : Path.of(python).getFileName().toString());
        m.put("python_from_path", python != null && !python.contains("/"));
        m.put("torch", version);
        m.put("script", script.getFileName().toString());
        if (unavailable != null) m.put("unavailable", unavailable.replaceAll("/[^\\s:;]*/", ""));
        return m;
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result exec(List<String> cmd, long timeoutS) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path err = Files.createTempFile("ecgbench-peer", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out after " + timeoutS + " s");
            }
            return new Result(p.exitValue(), out, Files.readString(err));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String s) {
        String[] l = s.strip().split("\n");
        return l.length == 0 ? "" : l[l.length - 1];
    }
}
