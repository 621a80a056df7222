package org.ecgbench.signal.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Where the data lives. Resolution order: an explicit value (spec or --data-dir flag),
 * system property {@code ecgbench.data}, environment variable {@code ECGBENCH_DATA},
 * then {@code <project root>/../shared/data} when it exists. The project root is the system
 * property {@code ecgbench.root} (set by Maven) or the working directory.
 */
public final class DataPaths {
    public static final String PROPERTY = "ecgbench.data";
    public static final String ENV = "ECGBENCH_DATA";

    private DataPaths() {}

    public static Path projectRoot() {
        String r = System.getProperty("ecgbench.root");
        Path p = r != null && !r.isBlank() ? Paths.get(r) : Paths.get("").toAbsolutePath();
        return p.toAbsolutePath().normalize();
    }

    /**
     * How committed artifacts (reports, provenance, split files) name a path: relative to the project root (e.g.
     * {@code ../shared/data/mitdb}), never as an absolute path of the machine that made them.
     */
    public static String display(Path p) {
        if (p == null) return "null";
        Path a = p.toAbsolutePath().normalize();
        try {
            return projectRoot().relativize(a).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return a.getFileName() == null ? a.toString() : a.getFileName().toString();
        }
    }

    /** The data root, or throws with a message naming every place that was tried. */
    public static Path dataRoot(String explicit) {
        if (explicit != null && !explicit.isBlank()) return requireDir(Paths.get(explicit), "the spec/flag");
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return requireDir(Paths.get(prop), "system property " + PROPERTY);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return requireDir(Paths.get(env), "environment variable " + ENV);
        Path dflt = projectRoot().resolve("../shared/data").normalize();
        if (Files.isDirectory(dflt)) return dflt;
        throw new IllegalStateException("no data directory: none given in the spec or with --data-dir, "
                + PROPERTY + " and " + ENV + " are unset, and the default " + dflt + " does not exist. "
                + "Point ecgbench at your PhysioNet copy (see data-prep/README.md), or fetch MIT-BIH (checksum-verified, ~100 MB):"
                + " mvn -q exec:java -Dexec.args=\"download mitdb --to ../shared/data/mitdb\"");
    }

    /** A dataset folder under the data root, e.g. {@code mitdb}. */
    public static Path dataset(String explicitRoot, String name) {
        Path root = dataRoot(explicitRoot);
        if (!Files.isDirectory(root.resolve(name)) && List.of("mitdb", "ptbxl", "cinc2021").contains(name)) {
            throw new IllegalStateException("no " + name + " folder in the data directory " + root + ". Fetch it, every file checked against"
                    + " PhysioNet's SHA-256 list: mvn -q exec:java -Dexec.args=\"download " + name + " --to " + root.resolve(name) + "\"");
        }
        return requireDir(root.resolve(name), "dataset '" + name + "' under " + root);
    }

    /** True when the data root holds the folder {@code dataset} (e.g. {@code mitdb}). */
    public static boolean hasDataset(String dataset) {
        Path root = dataRootOrNull();
        return root != null && Files.isDirectory(root.resolve(dataset));
    }

    /** One line saying how to get {@code dataset} (for tests that skip without it). */
    public static String fetchHint(String dataset) {
        return switch (dataset) {
            case "mitdb" -> "needs ../shared/data/mitdb (or ECGBENCH_DATA): run `ecgbench download mitdb --to ../shared/data/mitdb`";
            case "cinc2021-12lead-subset" -> "needs ../shared/data/cinc2021-12lead-subset (the project's CinC 2020/2021 subset, see data-prep/README.md;"
                    + " the full set: `ecgbench download cinc2021 --to ../shared/data/cinc2021`)";
            default -> "needs ../shared/data/" + dataset + " (see data-prep/README.md)";
        };
    }

    /** For tests: the data root if available, else null (tests then fail with a clear message). */
    public static Path dataRootOrNull() {
        try {
            return dataRoot(null);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static Path requireDir(Path p, String where) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalStateException("data directory " + abs + " (from " + where + ") does not exist or is not a directory");
        }
        return abs;
    }
}
