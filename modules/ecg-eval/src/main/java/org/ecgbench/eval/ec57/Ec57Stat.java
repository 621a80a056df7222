package org.ecgbench.eval.ec57;

/**
 * Counts behind one EC57 detection statistic and the statistic itself: sensitivity
 * {@code Se = TP / (TP + FN)}, positive predictivity {@code +P = TP / (TP + FP)} and false positive rate
 * {@code FPR = FP / (TN + FP)}; each is {@code NaN} when its denominator is 0.
 */
public record Ec57Stat(long tp, long fn, long fp, long tn) {
    public double sensitivity() { return ratio(tp, tp + fn); }

    public double positivePredictivity() { return ratio(tp, tp + fp); }

    public double falsePositiveRate() { return ratio(fp, tn + fp); }

    public Ec57Stat plus(Ec57Stat o) {
        return new Ec57Stat(tp + o.tp, fn + o.fn, fp + o.fp, tn + o.tn);
    }

    static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
