package org.ecgbench.pipeline.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: git commit (and whether the tree was dirty), spec path and
 * SHA-256, data manifest checksum, seeds, backend, JVM, machine, dates and wall time. Written
 * beside every result as {@code provenance.json} (and summarised in the Markdown report).
 */
public final class Provenance {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /**
     * Paths of {@code git status --porcelain} output outside {@code results/}: the code and specs that run (regenerated
     * results are not code, so they do not make a run "dirty").
     */
    public static java.util.List<String> codeChanges(String porcelain) {
        java.util.List<String> code = new java.util.ArrayList<>();
        for (String line : porcelain.split("\n")) {
            String path = line.strip().replaceFirst("^\\S+\\s+", "");
            if (path.contains(" -> ")) path = path.substring(path.indexOf(" -> ") + 4);
            if (!path.isEmpty() && !path.startsWith("results/")) code.add(path);
        }
        return code;
    }

    public Provenance put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** Git, JVM, host and date fields, gathered from the project root (call it when the run starts). */
    public static Provenance collect(Path projectRoot) {
        Provenance p = new Provenance();
        p.put("date_utc", DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)));
        p.put("git_commit", git(projectRoot, "rev-parse", "HEAD"));
        String status = git(projectRoot, "status", "--porcelain", "--untracked-files=no");
        if (status == null) {
            p.put("git_dirty", "unknown");
        } else {
            java.util.List<String> code = codeChanges(status);
            p.put("git_dirty", String.valueOf(!code.isEmpty()));
            if (!code.isEmpty()) p.put("git_dirty_paths", code.size() > 20 ? code.subList(0, 20) + " ..." : code.toString());
        }
        p.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        p.put("jvm_args", jvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return p;
    }

    /** The JVM options that shape a run (heap, ND4J/DL4J properties); options naming a path of this machine are left out. */
    static String jvmArgs(java.util.List<String> args) {
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String a : args) if (!a.contains("/") && !a.contains("\\")) kept.add(a);
        return String.join(" ", kept);
    }

    static String git(Path root, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = root.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes()).trim();
            if (!pr.waitFor(10, TimeUnit.SECONDS) || pr.exitValue() != 0) return null;
            return out;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    public String toJson() {
        return Json.write(fields);
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| field | value |\n|---|---|\n");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(String.valueOf(e.getValue()).replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson() + "\n");
    }

}
