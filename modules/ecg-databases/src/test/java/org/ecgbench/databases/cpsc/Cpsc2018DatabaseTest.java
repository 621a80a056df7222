package org.ecgbench.databases.cpsc;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.TestData;
import org.ecgbench.databases.cinc.CincDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class Cpsc2018DatabaseTest {

    /** Writes a CPSC 2018 record exactly as the challenge ships it: MATLAB v5, struct ECG{sex, age, data 12xN}. */
    static void writeRecord(Path dir, String id, String sex, double age, float[][] mv, boolean withData) throws Exception {
        Struct ecg = Mat5.newStruct();
        ecg.set("sex", Mat5.newString(sex));
        ecg.set("age", Mat5.newScalar(age));
        if (withData) {
            Matrix data = Mat5.newMatrix(mv.length, mv[0].length);
            for (int i = 0; i < mv.length; i++) for (int j = 0; j < mv[i].length; j++) data.setDouble(i, j, mv[i][j]);
            ecg.set("data", data);
        }
        MatFile f = Mat5.newMatFile().addArray("ECG", ecg);
        Mat5.writeToFile(f, dir.resolve(id + ".mat").toFile());
    }

    @Test
    void readsStructAndReference(@TempDir Path tmp) throws Exception {
        // signal content: the CinC copy of A0001 (same recording), in mV
        Ecg12Record cinc = new CincDatabase(TestData.cinc2021().resolve("cpsc_2018")).read("A0001");
        writeRecord(tmp, "A0001", "Male", 74, cinc.mv(), true);
        writeRecord(tmp, "A0002", "Female", 49, new float[][]{{0.1f, 0.2f}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0},
                {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, -0.3f}}, true);
        Files.writeString(tmp.resolve("REFERENCE.csv"), "Recording,First_label,Second_label,Third_label\nA0001,5,,\nA0002,1,6,\n");
        Cpsc2018Database db = new Cpsc2018Database(tmp);
        assertEquals(List.of("A0001", "A0002"), db.recordIds());
        Ecg12Record r = db.read("A0001");
        assertEquals(500.0, r.fs());
        assertEquals(7500, r.length());
        assertEquals(74, r.age());
        assertEquals("Male", r.sex());
        assertEquals(List.of("5"), r.labels());
        assertEquals("V6", r.leadNames()[11]);
        for (int i = 0; i < 12; i++) assertArrayEquals(cinc.mv()[i], r.mv()[i], 1e-6f);
        Ecg12Record r2 = db.read("A0002");
        assertEquals(List.of("1", "6"), r2.labels());
        assertEquals("Female", r2.sex());
        assertEquals(-0.3f, r2.mv()[11][1], 1e-7f);
        assertEquals(2, db.metadata("A0002").nSamples());
        assertEquals("RBBB", Cpsc2018Database.CLASS_NAMES.get(Integer.parseInt(r.labels().get(0)) - 1));
    }

    @Test
    void malformedFilesGiveErrorsNamingTheFile(@TempDir Path tmp) throws Exception {
        writeRecord(tmp, "A0003", "Male", 60, null, false);
        Files.write(tmp.resolve("A0004.mat"), new byte[]{1, 2, 3, 4, 5});
        Files.writeString(tmp.resolve("REFERENCE.csv"), "Recording,First_label,Second_label,Third_label\nA0003,2,,\nA0004,3,,\nA0005,1,,\n");
        Cpsc2018Database db = new Cpsc2018Database(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.read("A0003"));
        assertTrue(e.getMessage().contains("A0003.mat") && e.getMessage().contains("'data'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> db.read("A0004"));
        assertTrue(e.getMessage().contains("A0004.mat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> db.read("A0005"));
        assertTrue(e.getMessage().contains("A0005.mat") && e.getMessage().contains("does not exist"), e.getMessage());

        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("REFERENCE.csv"), "Recording,First_label,Second_label,Third_label\nA0001,1,,\nA0002,10,,\n");
        e = assertThrows(IllegalArgumentException.class, () -> new Cpsc2018Database(bad));
        assertTrue(e.getMessage().contains("REFERENCE.csv") && e.getMessage().contains("line 3") && e.getMessage().contains("'10'"), e.getMessage());
    }
}
