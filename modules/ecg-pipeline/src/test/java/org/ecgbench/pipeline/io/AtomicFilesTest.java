package org.ecgbench.pipeline.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void aCrashWhileWritingLeavesNoHalfWrittenFile() throws IOException {
        Path target = dir.resolve("metrics.csv");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half a line".getBytes());
            throw new IOException("simulated crash");
        }));
        assertFalse(Files.exists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary file is left behind");
        }
    }

    @Test
    void replacesAnExistingFileWholeOrNotAtAll() throws IOException {
        Path target = dir.resolve("report.md");
        AtomicFiles.writeString(target, "old");
        assertThrows(RuntimeException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new".getBytes());
            throw new IllegalStateException("boom");
        }));
        assertEquals("old", Files.readString(target));
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
    }

    @Test
    void jsonEscapes() {
        assertEquals("{\n  \"a\": \"x\\\"y\"\n}", Json.write(java.util.Map.of("a", "x\"y")));
        assertEquals("[1, 2]", Json.write(new int[] {1, 2}));
        assertEquals("null", Json.write(Double.NaN));
    }
}
