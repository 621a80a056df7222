package org.ecgbench.signal.wfdb;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecgbench.signal.TestData;
import org.ecgbench.signal.split.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WfdbReaderTest {
    @TempDir Path tmp;

    static final List<String> ALL48 = List.of("100", "101", "102", "103", "104", "105", "106", "107", "108", "109", "111", "112",
            "113", "114", "115", "116", "117", "118", "119", "121", "122", "123", "124", "200", "201", "202", "203", "205", "207",
            "208", "209", "210", "212", "213", "214", "215", "217", "219", "220", "221", "222", "223", "228", "230", "231", "232",
            "233", "234");

    @Test
    void beatTotalsOverAll48RecordsEqualThePublishedOnes() throws IOException {
        Map<String, Integer> c = new TreeMap<>();
        for (String r : ALL48) {
            for (Annotation a : AnnotationReader.read(TestData.mitdb().resolve(r + ".atr"))) {
                if (a.isBeat()) c.merge(a.symbol(), 1, Integer::sum);
            }
        }
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(Map.entry("N", 75052), Map.entry("L", 8075), Map.entry("R", 7259),
                Map.entry("V", 7130), Map.entry("/", 7028), Map.entry("A", 2546), Map.entry("f", 982), Map.entry("F", 803),
                Map.entry("j", 229), Map.entry("a", 150), Map.entry("E", 106), Map.entry("J", 83), Map.entry("Q", 33),
                Map.entry("e", 16), Map.entry("S", 2)));
        assertEquals(expected, c);
    }

    @Test
    void record100() throws IOException {
        Path d = TestData.record100Dir(); // the committed copy: runs without ../shared/data
        WfdbHeader h = WfdbHeader.parse(d.resolve("100.hea"));
        assertEquals("100", h.recordName());
        assertEquals(2, h.numSignals());
        assertEquals(360.0, h.samplingFrequency());
        assertEquals(650000, h.numSamples());
        assertEquals(List.of("MLII", "V5"), h.leadNames());
        assertEquals(212, h.signal(0).format());
        assertEquals(200.0, h.signal(0).gain());
        assertEquals(1024, h.signal(0).adcZero());
        assertEquals(11, h.signal(0).adcResolution());
        Map<String, Integer> c = new TreeMap<>();
        int beats = 0;
        for (Annotation a : AnnotationReader.read(d.resolve("100.atr"))) {
            if (a.isBeat()) {
                beats++;
                c.merge(a.symbol(), 1, Integer::sum);
            }
        }
        assertEquals(2273, beats);
        assertEquals(Map.of("N", 2239, "A", 33, "V", 1), c);
    }

    @Test
    void signalChecksumsMatchTheHeaders() throws IOException {
        for (String r : List.of("100", "114", "208")) {
            WfdbRecord rec = WfdbRecord.read(TestData.mitdb().resolve(r + ".hea"));
            assertEquals(650000, rec.length());
            for (int s = 0; s < 2; s++) {
                assertEquals(rec.header().signal(s).checksum(), rec.checksum(s), "record " + r + " signal " + s);
                assertEquals(rec.header().signal(s).initialValue(), rec.adc(s)[0], "initial value of " + r + "/" + s);
            }
        }
    }

    @Test
    void leadsAreSelectedByName() throws IOException {
        WfdbRecord rec = WfdbRecord.read(TestData.mitdb().resolve("114.hea"));
        assertEquals(1, rec.signalIndex("MLII"));
        assertEquals(0, rec.signalIndex("first"));
        WfdbRecord r102 = WfdbRecord.read(TestData.mitdb().resolve("102.hea"));
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> r102.signalIndex("MLII"));
        assertTrue(e.getMessage().contains("102") && e.getMessage().contains("[V5, V2]"), e.getMessage());
    }

    @Test
    void millivoltsUseGainAndBaseline() throws IOException {
        WfdbRecord rec = WfdbRecord.read(TestData.record100Dir().resolve("100.hea"));
        assertEquals(rec.header().signal(0).checksum(), rec.checksum(0));
        assertEquals(rec.header().signal(1).checksum(), rec.checksum(1));
        assertEquals(List.of(), rec.warnings());
        assertEquals(0, rec.invalidCount(0));
        assertEquals(-2048, rec.invalidValue(0));
        double[] mv = rec.millivolts(0);
        assertEquals((rec.adc(0)[5] - 1024) / 200.0, mv[5], 1e-12);
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void lfAndCrlfHeadersAndComments() throws IOException {
        Path a = write("r1.hea", "r1 1 250 3\r\n# a comment\r\nr1.dat 16 100(5)/uV 16 0 0 0 0 I\r\n");
        WfdbHeader h = WfdbHeader.parse(a);
        assertEquals(250.0, h.samplingFrequency());
        assertEquals(List.of("a comment"), h.comments());
        assertEquals(5, h.signal(0).baseline());
        assertEquals("uV", h.signal(0).units());
        assertEquals("I", h.signal(0).description());
        Path b = write("r2.hea", "r2 1 250 3\n#x\n\nr2.dat 16 100 16 0 0 0 0 II\n");
        assertEquals("II", WfdbHeader.parse(b).signal(0).description());
    }

    @Test
    void format16RoundTrip() throws IOException {
        short[][] v = {{1, -2, 300, -32768}, {5, 6, 7, 32767}};
        byte[] buf = new byte[16];
        int o = 0;
        for (int i = 0; i < 4; i++) {
            for (int s = 0; s < 2; s++) {
                buf[o++] = (byte) v[s][i];
                buf[o++] = (byte) (v[s][i] >> 8);
            }
        }
        Files.write(tmp.resolve("f16.dat"), buf);
        write("f16.hea", "f16 2 500 4\nf16.dat 16 1000/uV 16 0 1 0 0 I\nf16.dat 16 1000 16 0 5 0 0 II\n");
        WfdbRecord r = WfdbRecord.read(tmp.resolve("f16.hea"));
        for (int s = 0; s < 2; s++) for (int i = 0; i < 4; i++) assertEquals(v[s][i], r.adc(s)[i]);
        assertEquals(300 / 1000.0 * 1e-3, r.millivolts(0)[2], 1e-15);
    }

    @Test
    void unsupportedFormatIsAClearError() throws IOException {
        Files.write(tmp.resolve("x.dat"), new byte[10]);
        write("x.hea", "x 1 360 5\nx.dat 310 200 12 0 0 0 0 MLII\n");
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbRecord.read(tmp.resolve("x.hea")));
        assertTrue(e.getMessage().contains("unsupported format 310 in x.dat"), e.getMessage());
    }

    @Test
    void corruptHeaderLineNamesFileAndLine() throws IOException {
        Path p = write("c.hea", "c 2 360 650000\nc.dat 212 abc 11 1024 0 0 0 MLII\nc.dat 212 200 11 1024 0 0 0 V5\n");
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(p));
        assertTrue(e.getMessage().contains("c.hea:2") && e.getMessage().contains("'abc'"), e.getMessage());
        Path q = write("d.hea", "d two 360\n");
        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(q));
        assertTrue(e.getMessage().contains("d.hea:1") && e.getMessage().contains("number of signals"), e.getMessage());
        Path r = write("e.hea", "e 2 360 10\ne.dat 212 200 11 1024 0 0 0 MLII\n");
        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(r));
        assertTrue(e.getMessage().contains("announces 2 signals"), e.getMessage());
    }

    @Test
    void truncatedSignalFileIsAClearError() throws IOException {
        Files.write(tmp.resolve("t.dat"), new byte[100]);
        write("t.hea", "t 2 360 650000\nt.dat 212 200 11 1024 0 0 0 MLII\nt.dat 212 200 11 1024 0 0 0 V5\n");
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbRecord.read(tmp.resolve("t.hea")));
        assertTrue(e.getMessage().contains("truncated signal file") && e.getMessage().contains("1950000") && e.getMessage().contains("100"),
                e.getMessage());
    }

    @Test
    void missingAnnotationFileIsAClearError() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AnnotationReader.read(tmp.resolve("nope.atr")));
        assertTrue(e.getMessage().contains("nope.atr"), e.getMessage());
    }

    @Test
    void truncatedAnnotationFileIsAClearError() throws IOException {
        byte[] full = Files.readAllBytes(TestData.record100Dir().resolve("100.atr"));
        Path p = tmp.resolve("cut.atr");
        Files.write(p, java.util.Arrays.copyOf(full, full.length / 2));
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.read(p));
        assertTrue(e.getMessage().contains("cut.atr") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void splitsUsedHereAreKnown() {
        assertEquals(22, Splits.load("mitdb_ds1").size());
    }
}
