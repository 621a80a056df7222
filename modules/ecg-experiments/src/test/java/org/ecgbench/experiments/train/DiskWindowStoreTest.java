package org.ecgbench.experiments.train;

import org.ecgbench.pipeline.windows.DiskWindowStore;
import org.ecgbench.pipeline.windows.LabeledWindows;
import org.ecgbench.pipeline.windows.WindowStore;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The disk cache that lets record inputs larger than the heap be trained on: same windows, same batches, safe files. */
class DiskWindowStoreTest {
    @TempDir Path dir;

    static float[][][] random(int n, int leads, int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[n][leads][len];
        for (float[][] w : x) for (float[] l : w) for (int j = 0; j < len; j++) l[j] = (float) r.nextGaussian();
        return x;
    }

    static DiskWindowStore write(Path file, byte[] key, float[][][] x) throws IOException {
        try (DiskWindowStore.Writer w = new DiskWindowStore.Writer(file, key, x.length, x[0].length, x[0][0].length)) {
            for (float[][] win : x) w.add(win);
            return w.commit();
        }
    }

    @Test
    void roundTripSubsetAndIdenticalBatches() throws Exception {
        float[][][] x = random(37, 3, 50, 1);
        byte[] key = DiskWindowStore.key("records a b c");
        try (DiskWindowStore d = write(dir.resolve("c.f32"), key, x)) {
            assertEquals(37, d.size());
            assertEquals(3, d.leads());
            assertEquals(50, d.samples());
            assertTrue(d.onDisk());
            for (int i = 0; i < x.length; i++) assertArrayEquals(x[i], d.get(i));
            int[] idx = {5, 0, 36, 5};
            WindowStore s = d.subset(idx).subset(new int[] {2, 1});
            assertArrayEquals(x[36], s.get(0));
            assertArrayEquals(x[0], s.get(1));
            assertEquals(Files.size(dir.resolve("c.f32")), DiskWindowStore.HEADER + 37L * 3 * 50 * 4);

            int[] y = new int[37];
            String[] rec = new String[37];
            for (int i = 0; i < 37; i++) { y[i] = i % 3; rec[i] = "r" + i; }
            LabeledWindows mem = new LabeledWindows(x, y, rec, new long[37], new String[] {"a", "b", "c"});
            LabeledWindows disk = new LabeledWindows(d, y, rec, new long[37], new String[] {"a", "b", "c"}, null);
            WindowDataSetIterator a = new WindowDataSetIterator(mem.subset(new int[] {1, 2, 3, 30, 31}), 2, true, 9);
            WindowDataSetIterator b = new WindowDataSetIterator(disk.subset(new int[] {1, 2, 3, 30, 31}), 2, true, 9);
            a.setEpoch(3);
            b.setEpoch(3);
            while (a.hasNext()) {
                DataSet p = a.next(), q = b.next();
                assertEquals(p.getFeatures(), q.getFeatures());
                assertEquals(p.getLabels(), q.getLabels());
            }
            assertFalse(b.hasNext());
        }
    }

    @Test
    void reuseOnlyWithTheSameKeyAndCount() throws Exception {
        float[][][] x = random(4, 2, 10, 2);
        byte[] key = DiskWindowStore.key("k1");
        write(dir.resolve("c.f32"), key, x).close();
        try (DiskWindowStore again = DiskWindowStore.openIfMatches(dir.resolve("c.f32"), key, 4)) {
            assertNotNull(again);
            assertArrayEquals(x[3], again.get(3));
        }
        assertNull(DiskWindowStore.openIfMatches(dir.resolve("c.f32"), DiskWindowStore.key("k2"), 4), "another key: rebuild");
        assertNull(DiskWindowStore.openIfMatches(dir.resolve("c.f32"), key, 5), "another count: rebuild");
        assertNull(DiskWindowStore.openIfMatches(dir.resolve("absent.f32"), key, 4));
    }

    @Test
    void truncatedOrForeignFilesAreErrorsNamingTheFile() throws Exception {
        float[][][] x = random(4, 2, 10, 3);
        byte[] key = DiskWindowStore.key("k");
        Path f = dir.resolve("c.f32");
        write(f, key, x).close();
        try (var ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(f) - 7);
        }
        IOException e = assertThrows(IOException.class, () -> DiskWindowStore.openIfMatches(f, key, 4));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path g = dir.resolve("g.f32");
        Files.writeString(g, "not a cache file at all, just some text here to pass the header length");
        IOException e2 = assertThrows(IOException.class, () -> DiskWindowStore.openIfMatches(g, key, 4));
        assertTrue(e2.getMessage().contains(g.toString()) && e2.getMessage().contains("magic"), e2.getMessage());
    }

    @Test
    void anUnfinishedWriteLeavesNoFile() throws Exception {
        Path f = dir.resolve("c.f32");
        try (DiskWindowStore.Writer w = new DiskWindowStore.Writer(f, DiskWindowStore.key("k"), 3, 1, 4)) {
            w.add(new float[][] {{1, 2, 3, 4}});
            assertThrows(IllegalArgumentException.class, () -> w.add(new float[][] {{1, 2, 3}}), "wrong length");
            assertThrows(IllegalStateException.class, w::commit, "only 1 of 3 written");
        }
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no cache and no temporary file left behind");
        }
    }
}
