package org.ecgbench.experiments.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;

/**
 * What a resumed run needs besides the weights: epochs completed, the best validation score and
 * its epoch, epochs without improvement, the current learning rate, the spec hash it belongs to, and
 * the per-epoch history. Stored as {@code checkpoints/state.json} beside {@code last.zip}.
 */
public final class TrainingState {
    public int epochsDone;
    public double bestScore = Double.NEGATIVE_INFINITY;
    public int bestEpoch = -1;
    public int badEpochs;
    public int lrBadEpochs;
    public double learningRate;
    public String specSha256 = "";
    /** Fingerprint of the data files and split lists of the run (empty in checkpoints written before it existed). */
    public String dataFingerprint = "";
    public boolean finished;
    public List<Map<String, Object>> history = new ArrayList<>();

    public void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs_done", epochsDone);
        m.put("best_score", Double.isInfinite(bestScore) ? null : bestScore);
        m.put("best_epoch", bestEpoch);
        m.put("bad_epochs", badEpochs);
        m.put("lr_bad_epochs", lrBadEpochs);
        m.put("learning_rate", learningRate);
        m.put("spec_sha256", specSha256);
        m.put("data_fingerprint", dataFingerprint);
        m.put("finished", finished);
        m.put("history", history);
        AtomicFiles.writeString(file, Json.write(m) + "\n");
    }

    /** Reads a state file written by {@link #write}; a missing or mistyped field is an error naming the file and the field. */
    public static TrainingState read(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = Json.readObject(file);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt training state " + e.getMessage(), e);
        }
        TrainingState t = new TrainingState();
        t.epochsDone = (int) num(n, "epochs_done", file);
        t.bestScore = n.path("best_score").isNumber() ? n.get("best_score").asDouble() : Double.NEGATIVE_INFINITY;
        t.bestEpoch = (int) num(n, "best_epoch", file);
        t.badEpochs = (int) num(n, "bad_epochs", file);
        t.lrBadEpochs = (int) num(n, "lr_bad_epochs", file);
        t.learningRate = num(n, "learning_rate", file);
        t.specSha256 = n.path("spec_sha256").asText("");
        t.dataFingerprint = n.path("data_fingerprint").asText("");
        t.finished = n.path("finished").asBoolean(false);
        if (!n.path("history").isArray()) throw new IOException("corrupt training state " + file + ": 'history' is not a list");
        for (com.fasterxml.jackson.databind.JsonNode h : n.get("history")) {
            Map<String, Object> e = new LinkedHashMap<>();
            var it = h.fields();
            while (it.hasNext()) {
                var f = it.next();
                e.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().isIntegralNumber() ? (Object) f.getValue().asInt()
                        : f.getValue().isNumber() ? (Object) f.getValue().asDouble() : f.getValue().asText());
            }
            t.history.add(e);
        }
        return t;
    }

    private static double num(com.fasterxml.jackson.databind.JsonNode n, String key, Path file) throws IOException {
        if (!n.path(key).isNumber()) throw new IOException("corrupt training state " + file + ": missing or non-numeric '" + key + "'");
        return n.get(key).asDouble();
    }

    /**
     * The per-epoch history as CSV: epoch, train_loss, val_score, learning_rate, then any extra figures of the epochs —
     * everything but wall time, so an interrupted and resumed run writes the same bytes as an uninterrupted one
     * ({@link #timingCsv()} has the seconds).
     */
    public String historyCsv() {
        java.util.LinkedHashSet<String> cols = new java.util.LinkedHashSet<>(List.of("epoch", "train_loss", "val_score", "learning_rate"));
        for (Map<String, Object> h : history) cols.addAll(h.keySet());
        cols.remove("seconds");
        org.ecgbench.pipeline.io.Csv.Table t = new org.ecgbench.pipeline.io.Csv.Table(List.copyOf(cols));
        for (Map<String, Object> h : history) {
            List<Object> row = new ArrayList<>();
            for (String c : cols) row.add(h.get(c));
            t.row(row);
        }
        return t.toString();
    }

    /** Wall time per epoch (seconds) as CSV. */
    public String timingCsv() {
        org.ecgbench.pipeline.io.Csv.Table t = new org.ecgbench.pipeline.io.Csv.Table("epoch", "seconds");
        for (Map<String, Object> h : history) t.row(h.get("epoch"), h.get("seconds"));
        return t.toString();
    }

    /** Writes {@code history<suffix>.csv} and {@code timing<suffix>.csv} into {@code dir}, atomically. */
    public void writeCsvs(Path dir, String suffix) throws IOException {
        AtomicFiles.writeString(dir.resolve("history" + suffix + ".csv"), historyCsv());
        AtomicFiles.writeString(dir.resolve("timing" + suffix + ".csv"), timingCsv());
    }
}
