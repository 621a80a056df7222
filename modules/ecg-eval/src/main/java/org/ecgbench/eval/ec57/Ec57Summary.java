package org.ecgbench.eval.ec57;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.ecgbench.eval.MarkdownTable;

/**
 * EC57 statistics over several records: <b>gross</b> (counts pooled over all records, then the ratio — what
 * EC57 calls gross statistics) and <b>average</b> (the mean of the per-record statistics over the records where
 * the statistic is defined, i.e. its denominator is not 0).
 */
public final class Ec57Summary {
    private final List<Ec57Record> records;
    private final Ec57Record gross;

    public Ec57Summary(List<Ec57Record> records) {
        this.records = List.copyOf(records);
        this.gross = Ec57Record.pool("gross", this.records);
    }

    public List<Ec57Record> records() { return records; }

    /** Pooled confusion matrix and statistics. */
    public Ec57Record gross() { return gross; }

    /** Mean over records of {@code stat} where it is defined (not NaN); NaN when it is defined nowhere. */
    public double average(ToDoubleFunction<Ec57Record> stat) {
        double s = 0;
        int k = 0;
        for (Ec57Record r : records) {
            double v = stat.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                s += v;
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    public double averageSensitivity(Function<Ec57Record, Ec57Stat> which) {
        return average(r -> which.apply(r).sensitivity());
    }

    public double averagePositivePredictivity(Function<Ec57Record, Ec57Stat> which) {
        return average(r -> which.apply(r).positivePredictivity());
    }

    public double averageFalsePositiveRate(Function<Ec57Record, Ec57Stat> which) {
        return average(r -> which.apply(r).falsePositiveRate());
    }

    /**
     * Markdown table in the layout of EC57's summary: one row per record (reference beats, QRS Se/+P, VEB
     * Se/+P/FPR, SVEB Se/+P/FPR, in %), then the gross and average rows. Undefined values are "-".
     */
    public String markdownTable() {
        MarkdownTable t = new MarkdownTable().header("record", "beats", "QRS Se", "QRS +P", "VEB Se", "VEB +P", "VEB FPR",
                "SVEB Se", "SVEB +P", "SVEB FPR");
        for (Ec57Record r : records) t.row(row(r.record(), r));
        t.row(row("**gross**", gross));
        t.row("**average**", "", pct(averageSensitivity(Ec57Record::qrs)), pct(averagePositivePredictivity(Ec57Record::qrs)),
                pct(averageSensitivity(Ec57Record::veb)), pct(averagePositivePredictivity(Ec57Record::veb)),
                pct(averageFalsePositiveRate(Ec57Record::veb)), pct(averageSensitivity(Ec57Record::sveb)),
                pct(averagePositivePredictivity(Ec57Record::sveb)), pct(averageFalsePositiveRate(Ec57Record::sveb)));
        return t.toString();
    }

    private static Object[] row(String name, Ec57Record r) {
        return new Object[] {name, String.valueOf(r.referenceBeats()), pct(r.qrs().sensitivity()), pct(r.qrs().positivePredictivity()),
                pct(r.veb().sensitivity()), pct(r.veb().positivePredictivity()), pct(r.veb().falsePositiveRate()),
                pct(r.sveb().sensitivity()), pct(r.sveb().positivePredictivity()), pct(r.sveb().falsePositiveRate())};
    }

    /** A fraction as a percentage with two decimals, "-" for NaN. */
    public static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }
}
