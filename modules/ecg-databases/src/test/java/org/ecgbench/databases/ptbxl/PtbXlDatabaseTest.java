package org.ecgbench.databases.ptbxl;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PtbXlDatabaseTest {

    @Test
    void dictLiteralParsing() {
        assertEquals(Map.of("NORM", 100.0, "SR", 0.0), PyDictParser.parse("{'NORM': 100.0, 'SR': 0.0}"));
        assertEquals(List.of("B", "A"), List.copyOf(PyDictParser.parse(" { \"B\" :1e2 ,'A':-0.5, } ").keySet()));
        assertTrue(PyDictParser.parse("{}").isEmpty());
        assertTrue(PyDictParser.parse("{'X': nan}").get("X").isNaN());
        assertEquals("it's", PyDictParser.parse("{'it\\'s': 1}").keySet().iterator().next());
        for (String bad : List.of("", "NORM", "{'NORM' 100}", "{'NORM': }", "{'NORM': abc}", "{NORM: 1}", "{'A': 1", "{'A': 1} x", "{'A': 1, 'A': 2}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyDictParser.parse(bad), bad);
            assertTrue(e.getMessage().contains("character") || e.getMessage().contains("end of text"), e.getMessage());
        }
    }

    @Test
    void readsTableStatementsAndFormat16Records(@TempDir Path tmp) throws Exception {
        PtbXlFixture.write(tmp);
        PtbXlDatabase db = new PtbXlDatabase(tmp, 500);
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), db.recordIds());
        Metadata m = db.metadata("4");
        assertEquals("20372", m.patientId());
        assertEquals(List.of("ASMI", "PVC", "SR"), m.labels());
        assertEquals("3", m.extra().get("strat_fold"));
        assertEquals(300, m.age());
        assertEquals("Female", m.sex());
        assertNull(db.metadata("5").age());
        assertEquals("Male", db.metadata("5").sex());
        assertTrue(db.metadata("6").labels().isEmpty());
        assertEquals(100.0, db.scpLikelihoods("4").get("PVC"));
        ScpStatements.Statement ndt = db.statements().get("NDT");
        assertTrue(ndt.diagnostic() && ndt.form() && !ndt.rhythm());
        assertEquals("STTC", ndt.diagnosticClass());
        assertEquals("AMI", db.statements().get("ASMI").diagnosticSubclass());
        assertNull(db.statements().get("SR").diagnosticClass());

        for (int fs : new int[]{100, 500}) {
            Ecg12Record r = new PtbXlDatabase(tmp, fs).read("1");
            assertEquals(fs, r.fs());
            assertEquals(fs * 10, r.length());
            assertEquals("15709", r.patientId());
            for (int k = 0; k < 12; k++) for (int j = 0; j < r.length(); j += 37) {
                assertEquals(PtbXlFixture.value(k, j) / 1000.0, r.mv()[k][j], 1e-6);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.read("2"));
        assertTrue(e.getMessage().contains("00002_hr.hea"), e.getMessage());
    }

    @Test
    void garbageDictGivesRowNumber(@TempDir Path tmp) throws Exception {
        PtbXlFixture.write(tmp);
        Path csv = tmp.resolve("ptbxl_database.csv");
        List<String> lines = Files.readAllLines(csv);
        lines.set(3, lines.get(3).replace("{'IMI': 35.0,", "{'IMI' 35.0,"));
        Files.write(csv, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PtbXlDatabase(tmp, 100));
        assertTrue(e.getMessage().contains("ptbxl_database.csv") && e.getMessage().contains("data row 3")
                && e.getMessage().contains("ecg_id 3") && e.getMessage().contains("expected ':'"), e.getMessage());
    }

    @Test
    void truncatedDatNamesTheFile(@TempDir Path tmp) throws Exception {
        PtbXlFixture.write(tmp);
        Path dat = tmp.resolve("records100/00000/00001_lr.dat");
        byte[] b = Files.readAllBytes(dat);
        Files.write(dat, java.util.Arrays.copyOf(b, b.length - 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PtbXlDatabase(tmp, 100).read("1"));
        assertTrue(e.getMessage().contains("00001_lr.dat") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
