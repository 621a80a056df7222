package org.ecgbench.experiments.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.experiments.train.WindowDataSetIterator;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.pipeline.io.Csv;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code ecgbench bench --scale}: training time of one epoch (the trainer's shuffled {@link WindowDataSetIterator} + {@code fit}
 * per batch, no validation) against the number of windows and against the input length, with the peak memory of each
 * configuration: process peak RSS (Linux {@code VmHWM}, reset through {@code /proc/self/clear_refs} before each
 * configuration, before its network and windows are made, where the kernel allows it; the growth over the RSS at that
 * point is the configuration's own share, since a JVM does not hand freed heap back), peak Java heap (heap pools' peak usage, reset likewise) and the peak
 * size of the thread's ND4J workspaces (off-heap; sampled after every batch). Random
 * N(0,1) windows with balanced labels; the timings are what the model and the input pipeline cost, not the data.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    /** One configuration: {@code model} trained for one epoch of {@code windows} windows of {@code leads x samples}. */
    public record Config(String axis, String model, int leads, int samples, int windows, int batch) {}

    public static final List<String> COLUMNS = List.of("axis", "model", "leads", "samples", "windows", "batch", "epoch_seconds",
            "windows_per_s", "input_mb", "rss_start_mb", "peak_rss_mb", "peak_rss_growth_mb", "peak_heap_mb", "peak_workspaces_mb", "rss_peak_reset");

    /** Windows axis: {@code model} at 1 x 360 for each count; length axis: {@code lengthModel} at 1x360, 12x5000, 12x15000. */
    public static List<Config> configs(String model, int[] windows, String lengthModel, int lengthWindows) {
        List<Config> c = new ArrayList<>();
        for (int n : windows) c.add(new Config("windows", model, 1, 360, n, 64));
        c.add(new Config("length", lengthModel, 1, 360, lengthWindows, 64));
        c.add(new Config("length", lengthModel, 12, 5000, lengthWindows, 16));
        c.add(new Config("length", lengthModel, 12, 15000, lengthWindows, 8));
        return c;
    }

    public static Map<String, Object> run(Config c) {
        Backend.init();
        System.gc();
        boolean reset = resetPeaks(); // peaks from here: the network, the windows, warm-up and the epoch
        long rssStart = status("VmRSS");
        ModelBuilder b = ModelRegistry.DEFAULT.get(c.model());
        int classes = b.defaultShape()[2];
        ComputationGraph net = b.build(ModelConfig.of(c.leads(), c.samples(), classes));
        LabeledWindows data = randomWindows(c.windows(), c.leads(), c.samples(), classes);
        WindowDataSetIterator it = new WindowDataSetIterator(data, c.batch(), true, 3);
        // warm-up: two batches (JIT, oneDNN primitive creation, workspaces sized)
        it.setEpoch(0);
        for (int i = 0; i < 2 && it.hasNext(); i++) net.fit(it.next());
        long wsPeak = workspaceBytes();
        it.setEpoch(1);
        long t0 = System.nanoTime();
        int seen = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            net.fit(ds);
            seen += ds.numExamples();
            wsPeak = Math.max(wsPeak, workspaceBytes());
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        if (seen != c.windows()) throw new IllegalStateException("epoch saw " + seen + " of " + c.windows() + " windows");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", c.axis());
        m.put("model", c.model());
        m.put("leads", c.leads());
        m.put("samples", c.samples());
        m.put("windows", c.windows());
        m.put("batch", c.batch());
        m.put("epoch_seconds", sec);
        m.put("windows_per_s", c.windows() / sec);
        m.put("input_mb", (double) c.windows() * c.leads() * c.samples() * 4 / 1e6);
        m.put("rss_start_mb", rssStart / 1024.0);
        long hwm = status("VmHWM");
        m.put("peak_rss_mb", hwm / 1024.0);
        m.put("peak_rss_growth_mb", (hwm - rssStart) / 1024.0);
        m.put("peak_heap_mb", heapPeak() / 1e6);
        m.put("peak_workspaces_mb", wsPeak / 1e6);
        m.put("rss_peak_reset", reset);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        return m;
    }

    /** Off-heap bytes held by this thread's ND4J workspaces (DL4J's activations, gradients and working memory). */
    static long workspaceBytes() {
        long s = 0;
        for (org.nd4j.linalg.api.memory.MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) s += w.getCurrentSize();
        return s;
    }

    static LabeledWindows randomWindows(int n, int leads, int samples, int classes) {
        SplittableRandom r = new SplittableRandom(7);
        float[][][] x = new float[n][leads][samples];
        for (float[][] w : x) for (float[] l : w) for (int j = 0; j < samples; j++) l[j] = (float) r.nextGaussian();
        int[] y = new int[n];
        String[] rec = new String[n];
        String[] names = new String[classes];
        for (int i = 0; i < classes; i++) names[i] = "c" + i;
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            rec[i] = "r" + (i % 50);
        }
        return new LabeledWindows(x, y, rec, new long[n], names);
    }

    /** Resets the kernel's peak-RSS mark (clear_refs 5, Linux 4.0+) and the heap pools' peaks; false when the former is refused. */
    static boolean resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5\n");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static long heapPeak() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getPeakUsage().getUsed();
        return s;
    }

    /** A kB field of /proc/self/status (VmRSS, VmHWM), or -1. */
    static long status(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The CSV of the measured rows ({@link #COLUMNS}). */
    public static Csv.Table table(List<Map<String, Object>> rows) {
        Csv.Table t = new Csv.Table(COLUMNS);
        for (Map<String, Object> r : rows) {
            List<Object> cells = new ArrayList<>();
            for (String k : COLUMNS) {
                Object v = r.get(k);
                cells.add(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v);
            }
            t.row(cells);
        }
        return t;
    }
}
