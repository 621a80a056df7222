package org.ecgbench.pipeline.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFingerprintTest {
    @TempDir Path dir;

    @Test
    void aCorruptedByteOrOtherSplitsChangeTheFingerprintAndNothingElseDoes() throws Exception {
        System.setProperty("ecgbench.cache", dir.resolve("cache").toString());
        Path a = dir.resolve("db/100.dat"), b = dir.resolve("db/100.hea");
        Files.createDirectories(a.getParent());
        Files.write(a, new byte[] {1, 2, 3, 4, 5});
        Files.writeString(b, "100 2 360 650000\n");
        Map<String, List<String>> splits = Map.of("train", List.of("100"));
        DataFingerprint f1 = DataFingerprint.of(dir.resolve("db"), List.of(a, b), splits);
        assertEquals(2, f1.files());
        assertEquals(5 + 17, f1.bytes());
        assertEquals(f1, DataFingerprint.of(dir.resolve("db"), List.of(b, a), splits), "order of files does not matter");
        assertEquals(f1, DataFingerprint.of(dir.resolve("db"), List.of(a, b), splits), "cached hashes give the same answer");

        Files.write(a, new byte[] {1, 2, 3, 4, 6}); // one byte corrupted, same size
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));
        DataFingerprint f2 = DataFingerprint.of(dir.resolve("db"), List.of(a, b), splits);
        assertNotEquals(f1.sha256(), f2.sha256(), "a corrupted data file changes the fingerprint");

        DataFingerprint f3 = DataFingerprint.of(dir.resolve("db"), List.of(a, b), Map.of("train", List.of("100", "101")));
        assertNotEquals(f2.sha256(), f3.sha256(), "other split lists change it too");
    }
}
