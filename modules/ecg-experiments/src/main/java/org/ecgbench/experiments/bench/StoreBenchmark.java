package org.ecgbench.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgbench.pipeline.windows.DiskWindowStore;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.experiments.train.WindowDataSetIterator;
import org.ecgbench.pipeline.windows.WindowStore;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Input-store throughput: writing a disk cache of {@code n} random 12-lead windows, and one shuffled training
 * epoch of batches (the trainer's iterator) from the disk cache with the page cache dropped first (cold; Linux and
 * root only), from memory, and from the disk cache again (warm).
 * Shows whether streaming from disk can keep up with training (compare with the models' training samples/s).
 */
public final class StoreBenchmark {
    private StoreBenchmark() {}

    public static Map<String, Object> run(int n, int leads, int samples, int batch) throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        float[][][] x = new float[n][leads][samples];
        for (float[][] w : x) for (float[] l : w) for (int j = 0; j < samples; j++) l[j] = (float) r.nextGaussian();
        int[] y = new int[n];
        String[] rec = new String[n];
        for (int i = 0; i < n; i++) { y[i] = i % 2; rec[i] = "r" + i; }
        Path dir = Files.createTempDirectory("ecgbench-store-bench");
        Map<String, Object> m = new LinkedHashMap<>();
        double mb = (double) n * leads * samples * 4 / 1e6;
        m.put("windows", n);
        m.put("shape", leads + " x " + samples);
        m.put("megabytes", mb);
        try {
            long t0 = System.nanoTime();
            DiskWindowStore disk;
            try (DiskWindowStore.Writer w = new DiskWindowStore.Writer(dir.resolve("b.f32"), DiskWindowStore.key("bench"), n, leads, samples)) {
                for (float[][] win : x) w.add(win);
                disk = w.commit();
            }
            double wsec = (System.nanoTime() - t0) / 1e9;
            m.put("disk_write_mb_per_s", mb / wsec);
            String[] classes = {"a", "b"};
            LabeledWindows mem = new LabeledWindows(x, y, rec, new long[n], classes);
            LabeledWindows dsk = new LabeledWindows(disk, y, rec, new long[n], classes, null);
            if (dropPageCache(dir.resolve("b.f32"))) {
                m.put("disk_cold_epoch_windows_per_s", n / epoch(dsk, batch)); // first read after the page cache was dropped
            } else {
                m.put("disk_cold_epoch_windows_per_s", "not measured (cannot write /proc/sys/vm/drop_caches)");
            }
            epoch(mem, batch); // warm-up
            m.put("memory_epoch_windows_per_s", n / epoch(mem, batch));
            epoch(dsk, batch);
            m.put("disk_epoch_windows_per_s", n / epoch(dsk, batch));
            disk.close();
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
        return m;
    }

    /** Flushes the cache file to disk and asks Linux to drop clean pages (root only); false when not possible. */
    static boolean dropPageCache(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (java.io.IOException e) {
            return false;
        }
        Path drop = Path.of("/proc/sys/vm/drop_caches");
        if (!Files.isWritable(drop)) return false;
        try {
            Files.writeString(drop, "3\n");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static double epoch(LabeledWindows d, int batch) {
        WindowDataSetIterator it = new WindowDataSetIterator(d, batch, true, 3);
        it.setEpoch(1);
        long t0 = System.nanoTime();
        long sum = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            sum += ds.numExamples();
        }
        if (sum != d.size()) throw new IllegalStateException("epoch saw " + sum + " of " + d.size() + " windows");
        return (System.nanoTime() - t0) / 1e9;
    }
}
