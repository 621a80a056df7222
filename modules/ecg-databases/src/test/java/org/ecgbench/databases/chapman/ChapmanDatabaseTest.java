package org.ecgbench.databases.chapman;

import org.ecgbench.databases.Ecg12Record;
import org.ecgbench.databases.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChapmanDatabaseTest {
    static final String DIAG_HEADER = "FileName,Rhythm,Beat,PatientAge,Gender,VentricularRate,AtrialRate,QRSDuration,QTInterval,"
            + "QTCorrected,RAxis,TAxis,QRSCount,QOnset,QOffset,TOffset\n";

    /** 5000 x 12 CSV in microvolts, lead k sample j = k*100 + (j % 7), optional header row. */
    static void writeEcg(Path dir, String id, boolean header) throws Exception {
        StringBuilder sb = new StringBuilder();
        if (header) sb.append("I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6\n");
        for (int j = 0; j < 5000; j++) {
            for (int k = 0; k < 12; k++) sb.append(k == 0 ? "" : ",").append(k * 100 + (j % 7));
            sb.append('\n');
        }
        Files.writeString(dir.resolve(id + ".csv"), sb);
    }

    @Test
    void readsDiagnosticsAndMicrovoltCsv(@TempDir Path tmp) throws Exception {
        Path ecg = Files.createDirectories(tmp.resolve("ECGData"));
        Files.writeString(tmp.resolve("Diagnostics.csv"), DIAG_HEADER
                + "MUSE_20180113_171327_27000,AFIB,RBBB TWC,85,MALE,117,234,114,356,496,81,-27,19,208,265,386\n"
                + "MUSE_20180112_073319_29000,SB,NONE,59,FEMALE,52,52,92,432,401,76,42,8,215,261,431\n");
        writeEcg(ecg, "MUSE_20180113_171327_27000", true);
        writeEcg(ecg, "MUSE_20180112_073319_29000", false);
        ChapmanDatabase db = new ChapmanDatabase(tmp);
        assertEquals(2, db.recordIds().size());
        Metadata m = db.metadata("MUSE_20180113_171327_27000");
        assertEquals(List.of("AFIB", "RBBB", "TWC"), m.labels());
        assertEquals(85, m.age());
        assertEquals("Male", m.sex());
        assertEquals("117", m.extra().get("VentricularRate"));
        assertEquals(List.of("SB"), db.metadata("MUSE_20180112_073319_29000").labels());
        for (String id : db.recordIds()) {
            Ecg12Record r = db.read(id);
            assertEquals(5000, r.length());
            assertEquals(500.0, r.fs());
            assertEquals(1.1f + 3 / 1000f, r.mv()[11][3], 1e-6f); // V6 = 1100 + 3 uV
            assertEquals(0.006f, r.mv()[0][6], 1e-7f);
        }
    }

    @Test
    void malformedInputsNameTheFile(@TempDir Path tmp) throws Exception {
        Path ecg = Files.createDirectories(tmp.resolve("ECGData"));
        Files.writeString(tmp.resolve("Diagnostics.csv"), DIAG_HEADER + "X1,SR,NONE,40,MALE,60,60,90,400,400,10,10,10,1,2,3\n");
        Files.writeString(ecg.resolve("X1.csv"), "I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6\n1,2,3,4,5,6,7,8,9,10,11,abc\n");
        ChapmanDatabase db = new ChapmanDatabase(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.read("X1"));
        assertTrue(e.getMessage().contains("X1.csv") && e.getMessage().contains("line 2") && e.getMessage().contains("abc"), e.getMessage());

        Files.writeString(tmp.resolve("Diagnostics.csv"), DIAG_HEADER + "X1,SR,NONE,40,MALE,60,60,90,400,400,10,10,10,1,2,3\n"
                + "X2,AFL,NONE,40,MALE,60,60,90,400,400,10,10,10,1,2,3\n");
        e = assertThrows(IllegalArgumentException.class, () -> new ChapmanDatabase(tmp));
        assertTrue(e.getMessage().contains("Diagnostics.csv") && e.getMessage().contains("line 3") && e.getMessage().contains("AFL"), e.getMessage());
    }
}
