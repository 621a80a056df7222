package org.ecgbench.signal.split;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgbench.signal.TestData;
import org.junit.jupiter.api.Test;

class SplitsTest {
    static List<String> l(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void deChazalListsAreExact() {
        assertEquals(l("101 106 108 109 112 114 115 116 118 119 122 124 201 203 205 207 208 209 215 220 223 230"), Splits.load("mitdb_ds1"));
        assertEquals(l("100 103 105 111 113 117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234"), Splits.load("mitdb_ds2"));
        Set<String> paced = Set.of("102", "104", "107", "217");
        for (String s : List.of("mitdb_ds1", "mitdb_ds2")) assertTrue(Collections.disjoint(paced, Splits.load(s)), s);
        assertTrue(Collections.disjoint(Splits.load("mitdb_ds1"), Splits.load("mitdb_ds2")));
    }

    @Test
    void validationHoldoutIsFromDs1OnlyAndReproducible() throws IOException {
        List<String> tr = Splits.load("mitdb_ds1_train"), va = Splits.load("mitdb_ds1_val"), ds2 = Splits.load("mitdb_ds2");
        assertEquals(l("114 201 205 207"), va);
        Set<String> union = new HashSet<>(tr);
        union.addAll(va);
        assertEquals(new HashSet<>(Splits.load("mitdb_ds1")), union);
        assertTrue(Collections.disjoint(tr, va));
        assertTrue(Collections.disjoint(tr, ds2), "no DS2 record may reach training");
        assertTrue(Collections.disjoint(va, ds2), "no DS2 record may reach validation");
        MitBihSplits.Holdout h = MitBihSplits.makeValidationHoldout(TestData.mitdb(), Splits.load("mitdb_ds1"), 0.2, 0.1, 0.5, 2024);
        assertEquals(va, h.validation());
        assertEquals(tr, h.train());
    }

    @Test
    void seed002SplitIsTheSklearnOneAndItsHoldoutIsReproducible() throws IOException {
        assertEquals(l("104 113 121 201 202 203 205 219 222 230"), Splits.load("mitdb_seed002_test"));
        List<String> train = Splits.load("mitdb_seed002_train");
        assertEquals(38, train.size());
        assertTrue(Collections.disjoint(train, Splits.load("mitdb_seed002_test")));
        MitBihSplits.Holdout h = MitBihSplits.makeValidationHoldout(TestData.mitdb(), train, 0.2, 0.1, 0.5, 2024);
        assertEquals(Splits.load("mitdb_seed002_train_val"), h.validation());
        assertEquals(Splits.load("mitdb_seed002_train_fit"), h.train());
        List<String> both = new ArrayList<>(h.train());
        both.addAll(h.validation());
        Collections.sort(both);
        assertEquals(train, both);
    }

    @Test
    void everyNamedSplitLoadsAndUnknownIsAnError() {
        for (String n : Splits.NAMES) assertFalse(Splits.load(n).isEmpty(), n);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.load("mitdb_ds3"));
        assertTrue(e.getMessage().contains("mitdb_ds3"));
    }
}
