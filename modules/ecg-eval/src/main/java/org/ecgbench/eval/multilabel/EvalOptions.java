package org.ecgbench.eval.multilabel;

import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.TableFormat;

import java.util.Objects;

/**
 * Conventions used by {@link MulticlassMetrics} (and therefore by {@link Bootstrap}).
 *
 * <p><b>Class set for averages</b> ({@link ClassSet}): which classes enter the macro and weighted
 * averages. The default {@link ClassSet#PRESENT_IN_TRUE} averages over the classes that occur in
 * {@code yTrue}, so a class absent from the test data (for example AAMI class Q under the
 * inter-patient protocol) does not pull the macro average down. sklearn's
 * {@code classification_report} with {@code labels=None} uses {@link ClassSet#PRESENT_IN_TRUE_OR_PRED}
 * (the union of the labels in {@code y_true} and {@code y_pred}); {@link ClassSet#ALL} uses every
 * class in {@code classNames} (sklearn with {@code labels=range(k)}).
 *
 * <p><b>Zero division</b> ({@link ZeroDivision}): what a ratio whose denominator is 0 evaluates to.
 * {@link ZeroDivision#ZERO} is sklearn's {@code zero_division=0} (the default here); {@link
 * ZeroDivision#NAN} is sklearn's {@code zero_division=np.nan}: the ratio is NaN and the macro and
 * weighted averages skip NaN entries (as sklearn ≥ 1.3 does).
 *
 * @param classSet     classes that enter macro/weighted averages
 * @param zeroDivision value of a ratio with a zero denominator
 */
public record EvalOptions(ClassSet classSet, ZeroDivision zeroDivision) {

    /** Which classes enter the macro and weighted averages. */
    public enum ClassSet {
        /** Classes with support &gt; 0 in {@code yTrue} (default). */
        PRESENT_IN_TRUE,
        /** Classes occurring in {@code yTrue} or {@code yPred} (sklearn's default label set). */
        PRESENT_IN_TRUE_OR_PRED,
        /** Every class named in {@code classNames}. */
        ALL
    }

    /** Value of a ratio whose denominator is zero. */
    public enum ZeroDivision {
        /** 0, as sklearn's {@code zero_division=0} (default). */
        ZERO,
        /** NaN, as sklearn's {@code zero_division=np.nan}; averages skip NaN entries. */
        NAN
    }

    /** Defaults: {@link ClassSet#PRESENT_IN_TRUE}, {@link ZeroDivision#ZERO}. */
    public static final EvalOptions DEFAULT = new EvalOptions(ClassSet.PRESENT_IN_TRUE, ZeroDivision.ZERO);

    public EvalOptions {
        Objects.requireNonNull(classSet, "EvalOptions: classSet is null");
        Objects.requireNonNull(zeroDivision, "EvalOptions: zeroDivision is null");
    }

    /** Returns a copy with another class set. */
    public EvalOptions withClassSet(ClassSet set) {
        return new EvalOptions(set, zeroDivision);
    }

    /** Returns a copy with another zero-division convention. */
    public EvalOptions withZeroDivision(ZeroDivision zd) {
        return new EvalOptions(classSet, zd);
    }

    /** num/den, or the zero-division value when den == 0. */
    double ratio(double num, double den) {
        if (den == 0) {
            return zeroDivision == ZeroDivision.ZERO ? 0.0 : Double.NaN;
        }
        return num / den;
    }
}
