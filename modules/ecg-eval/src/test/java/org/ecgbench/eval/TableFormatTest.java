package org.ecgbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableFormatTest {
    @Test
    void numbersAndIntervals() {
        assertEquals("0.912 (0.887\u20130.931)", TableFormat.ci(0.91234, 0.8866, 0.93149));
        assertEquals("0.91 (0.89\u20130.93)", TableFormat.ci(0.91234, 0.8866, 0.93149, 2));
        assertEquals("n/a", TableFormat.ci(Double.NaN, 0.1, 0.2));
        assertEquals("0.500 (n/a)", TableFormat.ci(0.5, Double.NaN, Double.NaN));
        assertEquals("0.125", TableFormat.number(0.1245, 3)); // shortest decimal repr 0.1245, half-up
        assertEquals("0.13", TableFormat.number(0.125, 2)); // half-up on the decimal value
        assertEquals("0.000", TableFormat.number(-0.0001, 3)); // no negative zero
        assertEquals("-0.500", TableFormat.number(-0.5, 3));
        assertEquals("3", TableFormat.number(2.5, 0));
        assertEquals("91.2%", TableFormat.percent(0.9123, 1));
        assertEquals("n/a", TableFormat.number(Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> TableFormat.number(1, -1));
    }

    @Test
    void markdownTableWithAlignmentAndEscaping() {
        String md = new MarkdownTable().header("model", "F1", "n")
                .align(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.CENTER)
                .row("cnn|small", 0.91234, 12)
                .row("lstm", Double.NaN, null)
                .toString();
        String expected = ""
                + "| model      |    F1 |  n  |\n"
                + "| :--------- | ----: | :-: |\n"
                + "| cnn\\|small | 0.912 | 12  |\n"
                + "| lstm       |   n/a |     |\n";
        assertEquals(expected, md);
    }

    @Test
    void markdownTableDefaultsAndErrors() {
        MarkdownTable t = new MarkdownTable().header("a", "b").decimals(1).row(1.26, "x\ny");
        assertEquals("| a   | b   |\n| --- | --- |\n| 1.3 | x y |\n", t.toString());
        assertEquals(1, t.rowCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
        assertEquals("MarkdownTable.row: row 2 has 1 cells but the header has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.align(MarkdownTable.Align.LEFT));
        assertThrows(IllegalStateException.class, () -> new MarkdownTable().row("x"));
    }
}
