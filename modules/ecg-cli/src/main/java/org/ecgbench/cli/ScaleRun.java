package org.ecgbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.experiments.bench.ScaleBenchmark;
import org.ecgbench.experiments.report.ScalePlot;
import org.ecgbench.models.Backend;
import org.ecgbench.pipeline.io.AtomicFiles;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.signal.data.DataPaths;

/** {@code ecgbench bench --scale}: writes scale.csv, scale.json (settings, provenance) and scale.png. */
final class ScaleRun {
    private ScaleRun() {}

    static int run(BenchCommand o) throws Exception {
        Path root = DataPaths.projectRoot();
        Path out = o.output.isAbsolute() ? o.output : root.resolve(o.output);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScaleBenchmark.Config c : ScaleBenchmark.configs(o.scaleModel, o.scaleWindows, o.scaleLengthModel, o.scaleLengthWindows)) {
            String load = loadavg();
            Map<String, Object> r = ScaleBenchmark.run(c);
            r.put("loadavg_before", load);
            r.put("loadavg_after", loadavg());
            System.out.println(r);
            rows.add(r);
            ScaleBenchmark.table(rows).write(out.resolve("scale.csv")); // partial results survive an interrupted run
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("note", "one training epoch (shuffled batches through the trainer's iterator + fit, no validation) of random windows,"
                + " after two warm-up batches; peak RSS = VmHWM after a clear_refs reset before the configuration's network and windows were"
                + " made (growth = peak - RSS at that reset); the machine may have been shared (loadavg per row).");
        all.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
        all.put("javacpp_max_bytes_mb", org.bytedeco.javacpp.Pointer.maxBytes() / 1e6);
        all.put("javacpp_max_physical_bytes_mb", org.bytedeco.javacpp.Pointer.maxPhysicalBytes() / 1e6);
        all.put("rows", rows);
        Provenance p = Provenance.collect(root);
        p.put("backend", Backend.describe());
        all.put("provenance", p.fields());
        AtomicFiles.writeString(out.resolve("scale.json"), Json.write(all) + "\n");
        ScalePlot.write(out.resolve("scale.png"), rows, "ecgbench bench --scale, commit " + p.get("git_commit") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs (shared: see loadavg in scale.json)");
        System.out.println("wrote " + out.resolve("scale.csv") + ", scale.json, scale.png");
        return 0;
    }

    static String loadavg() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
