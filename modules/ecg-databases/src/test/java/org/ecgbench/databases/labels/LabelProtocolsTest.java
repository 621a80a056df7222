package org.ecgbench.databases.labels;

import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.TestData;
import org.ecgbench.databases.chapman.ChapmanDatabase;
import org.ecgbench.databases.cinc.CincDatabase;
import org.ecgbench.databases.cpsc.Cpsc2018Database;
import org.ecgbench.databases.ptbxl.PtbXlDatabase;
import org.ecgbench.databases.ptbxl.PtbXlFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LabelProtocolsTest {

    static List<Metadata> cincOf(String... dbs) {
        CincDatabase db = new CincDatabase(TestData.cinc2021());
        List<Metadata> out = new ArrayList<>();
        for (String id : db.recordIds()) if (List.of(dbs).contains(db.database(id))) out.add(db.metadata(id));
        return out;
    }

    static Map<String, Integer> nonZero(LabelSet s) {
        Map<String, Integer> m = new LinkedHashMap<>();
        s.counts().forEach((k, v) -> { if (v > 0) m.put(k, v); });
        return m;
    }

    /*
     * Expected counts computed once from the headers (in cinc2021_format/), with
     * C='426783006|164889003|270492004|164909002|733534002|59118001|713427006|284470004|63593006|164884008|427172004|17338001|429622005|164931005'
     * first: for f in cpsc_2018/*.hea cpsc_2018_extra/*.hea; do grep '^#Dx' $f | cut -d' ' -f2 | tr ',' '\n' | grep -m1 -xE "$C"; done | sort | uniq -c
     *   -> 7 164889003 (AF), 4 59118001 (RBBB), 1 164884008 + 1 427172004 (PVC), 1 426783006 (Normal), 1 429622005 (STD)
     * multi: same loop with `grep -xE "$C" | sort -u` -> additionally 1 164909002 (LBBB), 1 284470004 (PAC)
     */
    @Test
    void cpsc9OnRealCpscAndCpscExtraHeaders() {
        List<Metadata> recs = cincOf("cpsc_2018", "cpsc_2018_extra");
        assertEquals(24, recs.size());
        LabelSet first = LabelProtocols.byName("cpsc9_first").apply(recs);
        assertEquals(Map.of("AF", 7, "RBBB", 4, "PVC", 2, "Normal", 1, "STD", 1), nonZero(first));
        assertEquals(15, first.size(), "9 CPSC-Extra records carry none of the nine classes");
        assertEquals(first.classes().indexOf("PVC"), first.classIndex("Q0010"), "PVC 427172004 merged with 164884008");
        LabelSet multi = LabelProtocols.byName("cpsc9_multi").apply(recs);
        assertEquals(Map.of("AF", 7, "RBBB", 4, "PVC", 2, "Normal", 1, "STD", 1, "LBBB", 1, "PAC", 1), nonZero(multi));
        assertArrayEquals(new boolean[]{false, true, false, true, false, false, false, false, false}, multi.target("A1041"));
    }

    /*
     * for f in chapman_shaoxing/*.hea; do grep '^#Dx' $f | cut -d' ' -f2 | tr ',' '\n' \
     *   | grep -xE '426177001|164889003|164890007|426761007|713422000|233896004|233897008|17366009|427084000|426783006|427393009' \
     *   | sed -E 's/^426177001$/SB/;s/^(164889003|164890007)$/AFIB/;s/^(426761007|713422000|233896004|233897008|17366009|427084000)$/GSVT/;s/^(426783006|427393009)$/SR/' \
     *   | sort -u | paste -sd+; done | sort | uniq -c
     *   -> 10 SB, 4 AFIB, 2 GSVT, 3 SR (no record in two groups)
     */
    @Test
    void chapman4OnRealChapmanHeaders() {
        LabelSet s = LabelProtocols.byName("chapman4").apply(cincOf("chapman_shaoxing"));
        assertEquals(Map.of("SB", 10, "AFIB", 4, "GSVT", 2, "SR", 3), nonZero(s));
        assertEquals(19, s.size());
        assertEquals("AFIB", s.classes().get(s.classIndex("JS00005")), "atrial flutter 164890007 is AFIB");
    }

    @Test
    void originalCpscAndChapmanRawLabels() {
        List<Metadata> cpsc = List.of(
                new Metadata("A1", Cpsc2018Database.DATABASE, 500, 5000, 50, "Male", List.of("5", "1"), null, Map.of()),
                new Metadata("A2", Cpsc2018Database.DATABASE, 500, 5000, 50, "Male", List.of("7"), null, Map.of()));
        LabelSet f = LabelProtocols.cpsc9First().apply(cpsc);
        assertEquals("RBBB", f.classes().get(f.classIndex("A1")));
        assertEquals("PVC", f.classes().get(f.classIndex("A2")));
        assertArrayEquals(new boolean[]{true, false, false, false, true, false, false, false, false}, LabelProtocols.cpsc9Multi().apply(cpsc).target("A1"));
        List<Metadata> ch = new ArrayList<>();
        String[] rhythms = {"SB", "AFIB", "AF", "SVT", "AT", "AVNRT", "AVRT", "SAAWR", "ST", "SR", "SA"};
        for (String r : rhythms) ch.add(new Metadata(r, ChapmanDatabase.DATABASE, 500, 5000, 50, "Male", List.of(r, "RBBB"), null, Map.of()));
        LabelSet c = LabelProtocols.chapman4().apply(ch);
        assertEquals(Map.of("SB", 1, "AFIB", 2, "GSVT", 6, "SR", 2), nonZero(c));
    }

    @Test
    void ptbXlTasksOnFixture(@TempDir Path tmp) throws Exception {
        PtbXlDatabase db = new PtbXlDatabase(PtbXlFixture.write(tmp), 100);
        List<Metadata> recs = db.allMetadata();
        LabelSet all = LabelProtocols.byName("ptbxl_all", db.statements(), 1).apply(recs);
        assertEquals(List.of("AFIB", "ASMI", "IMI", "LVH", "LVOLT", "NDT", "NORM", "PVC", "SR"), all.classes());
        assertEquals(List.of("1", "2", "3", "4", "5"), all.ids(), "record 6 has no statement");
        assertEquals(List.of("ASMI", "IMI", "LVH", "NDT", "NORM"), LabelProtocols.byName("diagnostic", db.statements(), 1).apply(recs).classes());
        assertEquals(List.of("AMI", "IMI", "LVH", "NORM", "STTC"), LabelProtocols.byName("ptbxl_subdiagnostic", db.statements(), 1).apply(recs).classes());
        LabelSet sup = LabelProtocols.byName("ptbxl_superdiagnostic", db.statements(), 1).apply(recs);
        assertEquals(List.of("HYP", "MI", "NORM", "STTC"), sup.classes());
        assertArrayEquals(new boolean[]{true, true, false, false}, sup.target("3"));
        LabelSet form = LabelProtocols.byName("ptbxl_form", db.statements(), 1).apply(recs);
        assertEquals(List.of("LVOLT", "NDT", "PVC"), form.classes());
        assertEquals(List.of("4", "5"), form.ids());
        assertEquals(List.of("AFIB", "SR"), LabelProtocols.byName("ptbxl_rhythm", db.statements(), 1).apply(recs).classes());
        // minimum positives: only labels with >= 2 positive records survive, records left without labels drop out
        LabelSet all2 = LabelProtocols.byName("ptbxl_all", db.statements(), 2).apply(recs);
        assertEquals(List.of("NORM", "SR"), all2.classes());
        assertEquals(List.of("1", "2", "3", "4"), all2.ids());
        LabelSet sup2 = LabelProtocols.byName("ptbxl_superdiagnostic", db.statements(), 2).apply(recs);
        assertEquals(List.of("MI", "NORM"), sup2.classes());
        assertEquals(Map.of("MI", 2, "NORM", 2), sup2.counts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelProtocols.byName("ptbxl_all"));
        assertTrue(e.getMessage().contains("scp_statements"));
        assertThrows(IllegalArgumentException.class, () -> LabelProtocols.byName("ptbxl_all", db.statements(), 1)
                .apply(List.of(new Metadata("x", "ptb-xl", 100, 1000, 1, "Male", List.of("FOO"), "p", Map.of()))));
    }

    static Metadata exam(String id, String patient, Integer age, String... labels) {
        return new Metadata(id, "code15", 400, 4096, age, "Male", List.of(labels), patient, Map.of());
    }

    @Test
    void code15AfTasksArePatientLevelAndOrderedByAge() {
        List<Metadata> recs = List.of(
                exam("a", "P1", 50), exam("b", "P1", 52, "AF"), exam("c", "P1", 52), exam("d", "P1", 55), exam("e", "P1", 49, "RBBB"),
                exam("f", "P2", 60), exam("g", "P2", 61, "normal_ecg"),
                exam("h", "P3", null, "AF"), exam("i", "P3", 70));
        LabelSet rel = LabelProtocols.byName("code15_af_related").apply(recs);
        assertEquals(9, rel.size());
        for (String id : List.of("a", "b", "c", "d", "e", "h", "i")) assertEquals(1, rel.classIndex(id), id);
        for (String id : List.of("f", "g")) assertEquals(0, rel.classIndex(id), id);
        LabelSet nsr = LabelProtocols.byName("code15_af_nsr").apply(recs);
        assertEquals(List.of("c", "d", "f", "g"), nsr.ids(), "same-age non-AF exam counts as NSR; AF, earlier and unordered exams excluded");
        assertEquals(1, nsr.classIndex("c"));
        assertEquals(0, nsr.classIndex("g"));
        LabelSet pred = LabelProtocols.byName("code15_af_prediction").apply(recs);
        assertEquals(List.of("a", "e", "f", "g"), pred.ids());
        assertEquals(Map.of("negative", 2, "positive", 2), pred.counts());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelProtocols.byName("cpsc10"));
        assertTrue(e.getMessage().contains("cpsc9_first") && e.getMessage().contains("code15_af_nsr"));
    }

    @Test
    void ptbXlAfibAfltIsBinaryPerRecordOverAfibAndAflt() {
        List<Metadata> recs = new ArrayList<>();
        String[][] rows = {{"1", "NORM,SR"}, {"2", "AFIB,LVH"}, {"3", "AFLT"}, {"4", "IMI,SARRH"}, {"5", "STACH"}};
        for (String[] r : rows) {
            recs.add(new Metadata(r[0], "ptb-xl", 500, 5000, 60, "0", List.of(r[1].split(",")), "9" + r[0], Map.of()));
        }
        LabelSet s = LabelProtocols.byName("ptbxl_afib_aflt").apply(recs);
        assertEquals(LabelProtocols.BINARY_CLASSES, s.classes());
        assertFalse(s.multiLabel());
        assertEquals(Map.of("negative", 3, "positive", 2), s.counts());
        assertArrayEquals(new boolean[] {false, true}, s.target("2"));
        assertArrayEquals(new boolean[] {false, true}, s.target("3"));
        assertArrayEquals(new boolean[] {true, false}, s.target("4"));
        assertTrue(LabelProtocols.names().contains("ptbxl_afib_aflt"));
    }
}
