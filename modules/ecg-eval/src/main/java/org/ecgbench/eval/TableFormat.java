package org.ecgbench.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting for reports: fixed decimals with {@code Locale.ROOT}-style output (dot as the
 * decimal separator, half-up rounding of the decimal value), "n/a" for NaN, and confidence
 * intervals as {@code "0.912 (0.887–0.931)"} (en dash).
 */
public final class TableFormat {
    /** Text written for NaN values. */
    public static final String NA = "n/a";

    private TableFormat() {
    }

    /** {@code value} with exactly {@code decimals} decimals, "n/a" for NaN, "inf"/"-inf" for infinities. */
    public static String number(double value, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("TableFormat.number: decimals = " + decimals + " must be >= 0");
        }
        if (Double.isNaN(value)) {
            return NA;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String s = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        if (s.startsWith("-") && s.chars().skip(1).allMatch(ch -> ch == '0' || ch == '.')) {
            s = s.substring(1); // no "-0.000"
        }
        return s;
    }

    /** {@code "point (lower–upper)"}; "n/a" when the point is NaN; "point (n/a)" when a bound is NaN. */
    public static String ci(double point, double lower, double upper, int decimals) {
        if (Double.isNaN(point)) {
            return NA;
        }
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            return number(point, decimals) + " (" + NA + ")";
        }
        return number(point, decimals) + " (" + number(lower, decimals) + "\u2013" + number(upper, decimals) + ")";
    }

    /** {@link #ci} with 3 decimals. */
    public static String ci(double point, double lower, double upper) {
        return ci(point, lower, upper, 3);
    }

    /** Percentage with {@code decimals} decimals and a '%' sign (0.9123 → "91.2%"); "n/a" for NaN. */
    public static String percent(double fraction, int decimals) {
        if (Double.isNaN(fraction)) {
            return NA;
        }
        return number(fraction * 100.0, decimals) + "%";
    }
}
