package org.ecgbench.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        m.put("finished", finished);
        m.put("history", history);
        AtomicFiles.writeString(file, Json.write(m) + "\n");
    }

    /** Reads the fields this class writes (a deliberately small parser for our own format). */
    public static TrainingState read(Path file) throws IOException {
        String s = Files.readString(file);
        TrainingState t = new TrainingState();
        t.epochsDone = (int) num(s, "epochs_done", file);
        Double best = numOrNull(s, "best_score");
        t.bestScore = best == null ? Double.NEGATIVE_INFINITY : best;
        t.bestEpoch = (int) num(s, "best_epoch", file);
        t.badEpochs = (int) num(s, "bad_epochs", file);
        t.lrBadEpochs = (int) num(s, "lr_bad_epochs", file);
        t.learningRate = num(s, "learning_rate", file);
        Matcher m = Pattern.compile("\"spec_sha256\": \"([0-9a-f]*)\"").matcher(s);
        if (m.find()) t.specSha256 = m.group(1);
        t.finished = s.contains("\"finished\": true");
        Matcher h = Pattern.compile("\\{\\s*\"epoch\": (\\d+),\\s*\"train_loss\": ([^,]+),\\s*\"val_score\": ([^,]+),\\s*\"learning_rate\": ([^,]+),\\s*\"seconds\": ([^\\s}]+)\\s*}").matcher(s);
        while (h.find()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", Integer.parseInt(h.group(1)));
            e.put("train_loss", parse(h.group(2)));
            e.put("val_score", parse(h.group(3)));
            e.put("learning_rate", parse(h.group(4)));
            e.put("seconds", parse(h.group(5)));
            t.history.add(e);
        }
        return t;
    }

    private static Double parse(String v) {
        return v.equals("null") ? null : Double.valueOf(v);
    }

    private static Double numOrNull(String s, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+|null)").matcher(s);
        if (!m.find()) return null;
        return m.group(1).equals("null") ? null : Double.valueOf(m.group(1));
    }

    private static double num(String s, String key, Path file) throws IOException {
        Double d = numOrNull(s, key);
        if (d == null) throw new IOException("corrupt training state " + file + ": missing '" + key + "'");
        return d;
    }

    /** The per-epoch history as CSV: epoch, train_loss, val_score, learning_rate, seconds. */
    public String historyCsv() {
        StringBuilder sb = new StringBuilder("epoch,train_loss,val_score,learning_rate,seconds\n");
        for (java.util.Map<String, Object> h : history) {
            sb.append(h.get("epoch")).append(',').append(h.get("train_loss")).append(',').append(h.get("val_score")).append(',')
                    .append(h.get("learning_rate")).append(',').append(h.get("seconds")).append('\n');
        }
        return sb.toString();
    }
}
