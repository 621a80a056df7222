package org.ecgbench.signal.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgbench.signal.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationWriterTest {

    @Test
    void roundTripOfEveryFieldAndLongGaps(@TempDir Path dir) throws Exception {
        List<Annotation> in = List.of(
                new Annotation(0, 1, "N", 0, 0, 0, null),
                new Annotation(1023, 5, "V", 0, 0, 0, null),
                new Annotation(1024 + 1023, 8, "A", 2, 0, 0, null),          // increment exactly 1024 -> SKIP
                new Annotation(5_000_000, 28, "+", 0, 1, 3, "(AFIB"),         // long gap, chan, num, odd-length aux
                new Annotation(5_000_000, 13, "Q", 0, 1, 3, null),            // same sample, running chan/num kept
                new Annotation(5_000_360, 6, "F", -1, 0, -2, "ab"));          // negative sub/num, even aux
        Path f = dir.resolve("x.ecgb");
        AnnotationWriter.write(f, in);
        assertEquals(in, AnnotationReader.read(f));
    }

    @Test
    void wordsFollowTheMitFormat() {
        byte[] b = AnnotationWriter.encode(List.of(new Annotation(370, 1, "N", 0, 0, 0, null), new Annotation(2000, 5, "V", 0, 0, 0, null)));
        // N at +370: (1 << 10) | 370 = 0x0572; V after +1630 > 1023: SKIP (59 << 10 = 0xEC00), 0x0000, 0x065E, then (5 << 10) | 0 = 0x1400; EOF 0
        assertArrayEquals(new byte[] {0x72, 0x05, 0x00, (byte) 0xEC, 0x00, 0x00, 0x5E, 0x06, 0x00, 0x14, 0x00, 0x00}, b);
    }

    @Test
    void realAtrSurvivesReadWriteRead(@TempDir Path dir) throws Exception {
        List<Annotation> ref = AnnotationReader.read(TestData.record100Dir().resolve("100.atr"));
        Path f = dir.resolve("100.copy");
        AnnotationWriter.write(f, ref);
        assertEquals(ref, AnnotationReader.read(f));
        assertArrayEquals(Files.readAllBytes(TestData.record100Dir().resolve("100.atr")), Files.readAllBytes(f), "byte for byte PhysioNet's file");
    }

    @Test
    void refusesNonAnnotationCodes() {
        assertThrows(IllegalArgumentException.class, () -> AnnotationWriter.encode(List.of(new Annotation(1, 0, " ", 0, 0, 0, null))));
        assertEquals(8, AnnotationWriter.code("A"));
        assertEquals(-1, AnnotationWriter.code("S?"));
    }
}
