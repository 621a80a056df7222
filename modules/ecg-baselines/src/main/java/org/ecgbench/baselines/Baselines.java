package org.ecgbench.baselines;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Factory and file format of the classical baselines. A saved model is one binary file:
 * the magic {@code ECGBASE1}, the kind name, then the kind's own payload (a Tribuo protobuf model
 * for tree ensembles). Written atomically (temporary file + move).
 */
public final class Baselines {
    public static final List<String> KINDS = List.of(MajorityClass.NAME, WeightedLda.NAME, TreeEnsemble.NAME, "extra_trees");
    private static final String MAGIC = "ECGBASE1";

    private Baselines() {}

    /**
     * A classifier by kind with spec-style parameters: {@code weighted_lda} (ridge 1e-6, priors weighted);
     * {@code random_forest} / {@code extra_trees} (trees 100, max_depth unlimited (0), min_child_weight 5,
     * feature_fraction 0.3, seed 42); {@code majority}. Unknown kinds or keys fail naming the valid ones.
     */
    public static BaselineClassifier create(String kind, int numClasses, Map<String, Object> p) {
        return switch (kind) {
            case MajorityClass.NAME -> {
                keys(kind, p, List.of());
                yield new MajorityClass(numClasses);
            }
            case WeightedLda.NAME -> {
                keys(kind, p, List.of("ridge", "priors"));
                yield new WeightedLda(numClasses, num(p, "ridge", 1e-6), (String) p.getOrDefault("priors", "weighted"));
            }
            case TreeEnsemble.NAME, "extra_trees" -> {
                keys(kind, p, List.of("trees", "max_depth", "min_child_weight", "feature_fraction", "seed"));
                int depth = (int) num(p, "max_depth", 0);
                yield new TreeEnsemble(numClasses, new TreeEnsemble.Params((int) num(p, "trees", 100),
                        depth <= 0 ? Integer.MAX_VALUE : depth, (float) num(p, "min_child_weight", 5), (float) num(p, "feature_fraction", 0.3),
                        kind.equals("extra_trees"), (long) num(p, "seed", 42)));
            }
            default -> throw new IllegalArgumentException("unknown baseline '" + kind + "'; known: " + KINDS);
        };
    }

    private static void keys(String kind, Map<String, Object> p, List<String> known) {
        for (String k : p.keySet()) {
            if (!known.contains(k)) throw new IllegalArgumentException("baseline '" + kind + "': unknown parameter '" + k + "'; known: " + known);
        }
    }

    private static double num(Map<String, Object> p, String k, double dflt) {
        Object v = p.get(k);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("baseline parameter '" + k + "' must be a number, got '" + v + "'");
    }

    /** Reads a file written by {@link BaselineClassifier#save(Path)}. */
    public static BaselineClassifier load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                throw new IOException(file + ": not an ecgbench baseline model file", e);
            }
            if (!MAGIC.equals(magic)) throw new IOException(file + ": not an ecgbench baseline model file (magic '" + magic + "')");
            String kind = in.readUTF();
            return switch (kind) {
                case MajorityClass.NAME -> MajorityClass.read(in);
                case WeightedLda.NAME -> WeightedLda.read(in);
                case TreeEnsemble.NAME -> TreeEnsemble.read(in, file);
                default -> throw new IOException(file + ": unknown baseline kind '" + kind + "'");
            };
        }
    }

    interface Payload {
        void write(DataOutputStream out) throws IOException;
    }

    static void write(Path file, String kind, Payload payload) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            out.writeUTF(MAGIC);
            out.writeUTF(kind);
            payload.write(out);
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
