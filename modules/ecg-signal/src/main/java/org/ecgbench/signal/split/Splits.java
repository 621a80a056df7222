package org.ecgbench.signal.split;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Record lists are data: one file per split under
 * {@code src/main/resources/org/ecgbench/signal/splits/} ({@code #} comments, one record per line),
 * loaded by name (the file stem, e.g. {@code mitdb_ds2}). Tests assert every list.
 */
public final class Splits {
    private Splits() {}

    public static final List<String> NAMES = List.of("mitdb_ds1", "mitdb_ds2", "mitdb_ds1_train", "mitdb_ds1_val",
            "mitdb_seed002_train", "mitdb_seed002_test", "mitdb_seed002_train_fit", "mitdb_seed002_train_val", "mitdb_all_mlii");

    public static List<String> load(String name) {
        String res = "/org/ecgbench/signal/splits/" + name + ".txt";
        try (InputStream in = Splits.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalArgumentException("unknown split '" + name + "'; known splits: " + NAMES);
            List<String> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (!seen.add(line)) throw new IllegalStateException("split file " + res + ":" + ln + ": record " + line + " listed twice");
                out.add(line);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split file " + res, e);
        }
    }
}
