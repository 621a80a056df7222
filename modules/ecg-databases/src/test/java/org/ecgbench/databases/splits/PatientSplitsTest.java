package org.ecgbench.databases.splits;

import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.labels.LabelProtocols;
import org.ecgbench.databases.labels.LabelSet;
import org.ecgbench.databases.ptbxl.PtbXlDatabase;
import org.ecgbench.databases.ptbxl.PtbXlFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PatientSplitsTest {

    /** 3000 synthetic CODE-15%-like exams: patients with 1-4 exams, ~8% of patients with AF in one exam. */
    static List<Metadata> syntheticCode15() {
        Random r = new Random(7);
        List<Metadata> out = new ArrayList<>();
        int exam = 0, patient = 0;
        while (exam < 3000) {
            String p = "P" + patient++;
            int n = 1 + r.nextInt(4);
            boolean af = r.nextDouble() < 0.08;
            int afAt = r.nextInt(n);
            for (int i = 0; i < n && exam < 3000; i++) {
                List<String> labels = af && i == afAt ? List.of("AF") : List.of();
                out.add(new Metadata("E" + exam++, "code15", 400, 4096, 40 + i, "Male", labels, p, Map.of()));
            }
        }
        return out;
    }

    static void assertNoPatientInTwoParts(List<Metadata> recs, Map<String, Integer> split) {
        Map<String, Integer> partOf = new HashMap<>();
        for (Metadata m : recs) {
            Integer prev = partOf.put(m.patientOrRecord(), split.get(m.id()));
            if (prev != null) assertEquals(prev, split.get(m.id()), "patient " + m.patientOrRecord() + " in two parts");
        }
    }

    @Test
    void code15SplitIsPatientWiseStratifiedAndSeeded() {
        List<Metadata> recs = syntheticCode15();
        LabelSet y = LabelProtocols.code15AfRelated().apply(recs);
        Map<String, Integer> s = PatientSplits.code15(recs, y, 42);
        assertEquals(recs.size(), s.size());
        assertNoPatientInTwoParts(recs, s);
        int[] n = new int[3], pos = new int[3];
        for (Metadata m : recs) {
            int part = s.get(m.id());
            n[part]++;
            if (y.classIndex(m.id()) == 1) pos[part]++;
        }
        assertEquals(0.8, n[0] / 3000.0, 0.01);
        assertEquals(0.1, n[1] / 3000.0, 0.01);
        assertEquals(0.1, n[2] / 3000.0, 0.01);
        double overall = (pos[0] + pos[1] + pos[2]) / 3000.0;
        for (int k = 0; k < 3; k++) assertEquals(overall, pos[k] / (double) n[k], 0.02, "positive rate of part " + k);
        assertEquals(s, PatientSplits.code15(recs, y, 42), "same seed, same split");
        assertNotEquals(s, PatientSplits.code15(recs, y, 43), "another seed, another split");
    }

    @Test
    void kFoldOnRecordsThatArePatients() {
        List<Metadata> recs = new ArrayList<>();
        String[] cls = {"1", "2", "2", "3", "5", "5", "5", "7"};
        for (int i = 0; i < 400; i++) recs.add(new Metadata("A" + i, "cpsc_2018_original", 500, 5000, 50, "Male", List.of(cls[i % cls.length]), null, Map.of()));
        LabelSet y = LabelProtocols.cpsc9First().apply(recs);
        Map<String, Integer> s = PatientSplits.patientKFold(recs, y, 5, 1);
        int[][] perFold = new int[5][9];
        for (Metadata m : recs) perFold[s.get(m.id())][y.classIndex(m.id())]++;
        for (int f = 0; f < 5; f++) {
            int total = 0;
            for (int c : perFold[f]) total += c;
            assertEquals(80, total, "fold " + f);
            assertEquals(30, perFold[f][4], "RBBB (150 records) spread evenly");
        }
    }

    @Test
    void ptbXlStratFoldsAndSplitFileRoundTrip(@TempDir Path tmp) throws Exception {
        PtbXlDatabase db = new PtbXlDatabase(PtbXlFixture.write(tmp), 100);
        Map<String, Integer> s = PatientSplits.ptbXl(db.allMetadata());
        // strat_fold 1, 9, 10, 3, 5, 10
        assertEquals(Map.of("1", PatientSplits.TRAIN, "2", PatientSplits.VAL, "3", PatientSplits.TEST, "4", PatientSplits.TRAIN, "5", PatientSplits.TRAIN, "6", PatientSplits.TEST), s);
        Path f = tmp.resolve("splits/ptbxl.tsv");
        SplitFile.write(f, s, List.of("PTB-XL strat_fold: 0 = train (1-8), 1 = val (9), 2 = test (10)"));
        assertEquals(s, SplitFile.read(f));
        assertEquals(List.copyOf(s.keySet()), List.copyOf(SplitFile.read(f).keySet()), "order kept");
        assertEquals(List.of("PTB-XL strat_fold: 0 = train (1-8), 1 = val (9), 2 = test (10)"), SplitFile.comments(f));
        Files.writeString(f, "# c\n1\t0\n2 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(f, "1\t0\n1\t2\n");
        e = assertThrows(IllegalArgumentException.class, () -> SplitFile.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("twice"), e.getMessage());
        Files.writeString(f, "1\tx\n");
        assertThrows(IllegalArgumentException.class, () -> SplitFile.read(f));
    }

    @Test
    void nestedFractionIsSeededNestedAndKeepsTheListOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 735; i++) ids.add(String.valueOf(1000 - i));
        List<String> q = PatientSplits.nestedFraction(ids, 0.25, 1);
        List<String> h = PatientSplits.nestedFraction(ids, 0.5, 1);
        List<String> all = PatientSplits.nestedFraction(ids, 1.0, 1);
        assertEquals(184, q.size(), "round(0.25 * 735)");
        assertEquals(368, h.size());
        assertEquals(ids, all);
        assertTrue(h.containsAll(q) && ids.containsAll(h), "25 % within 50 % within all");
        assertEquals(q, PatientSplits.nestedFraction(ids, 0.25, 1), "deterministic");
        List<String> shuffled = new ArrayList<>(ids);
        java.util.Collections.shuffle(shuffled, new Random(3));
        assertEquals(new java.util.HashSet<>(q), new java.util.HashSet<>(PatientSplits.nestedFraction(shuffled, 0.25, 1)),
                "the draw depends on the ids, not on their order in the list");
        assertNotEquals(q, PatientSplits.nestedFraction(ids, 0.25, 2));
        for (int i = 1; i < q.size(); i++) assertTrue(ids.indexOf(q.get(i - 1)) < ids.indexOf(q.get(i)), "original order");
        assertEquals(1, PatientSplits.nestedFraction(ids, 1e-6, 1).size());
        assertThrows(IllegalArgumentException.class, () -> PatientSplits.nestedFraction(ids, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PatientSplits.nestedFraction(List.of("a", "a"), 0.5, 1));
    }
}
