package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.HashSet;
import java.util.Set;

/** Argument checks shared by the metric classes; every message names the argument and the problem. */
final class Inputs {
    private Inputs() {
    }

    static void checkClassNames(String what, String[] names) {
        if (names == null) {
            throw new IllegalArgumentException(what + ": classNames is null");
        }
        if (names.length == 0) {
            throw new IllegalArgumentException(what + ": classNames is empty");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String s = names[i];
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + ": classNames[" + i + "] is null or blank");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException(what + ": classNames[" + i + "] = '" + s + "' is a duplicate");
            }
        }
    }

    static void checkLabels(String what, String arg, int[] y, int k) {
        if (y == null) {
            throw new IllegalArgumentException(what + ": " + arg + " is null");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= k) {
                throw new IllegalArgumentException(what + ": " + arg + "[" + i + "] = " + y[i]
                        + " is outside [0, " + (k - 1) + "] (" + k + " classes)");
            }
        }
    }

    static void checkProbs(String what, double[][] probs, int n, int k) {
        if (probs.length != n) {
            throw new IllegalArgumentException(what + ": probs has " + probs.length + " rows but yTrue has " + n);
        }
        for (int i = 0; i < n; i++) {
            double[] row = probs[i];
            if (row == null || row.length != k) {
                throw new IllegalArgumentException(what + ": probs[" + i + "] has "
                        + (row == null ? "no" : String.valueOf(row.length)) + " entries, expected " + k);
            }
            for (int c = 0; c < k; c++) {
                if (!Double.isFinite(row[c])) {
                    throw new IllegalArgumentException(what + ": probs[" + i + "][" + c + "] = " + row[c]
                            + " is not finite");
                }
            }
        }
    }

    static void checkLevel(String what, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(what + ": level = " + level + " must be in (0, 1), e.g. 0.95");
        }
    }
}
