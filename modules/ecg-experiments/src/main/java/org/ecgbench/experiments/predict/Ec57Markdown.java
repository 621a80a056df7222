package org.ecgbench.experiments.predict;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgbench.eval.MarkdownTable;
import org.ecgbench.eval.ec57.Ec57Record;
import org.ecgbench.eval.ec57.Ec57Stat;
import org.ecgbench.eval.ec57.Ec57Summary;
import org.ecgbench.signal.data.DataPaths;

/** {@code report.md} of {@link Ec57Evaluation}: both evaluations side by side, gross and average, then per record. */
final class Ec57Markdown {
    private Ec57Markdown() {}

    static String pct(double v) {
        return Ec57Summary.pct(v);
    }

    static String report(TrainedModel m, Path mitdb, List<Ec57Evaluation.Row> rows, Ec57Summary a, Ec57Summary b, long agree, long compared,
                         Map<String, Object> prov) {
        StringBuilder md = new StringBuilder();
        md.append("# EC57 evaluation of `").append(m.name()).append("` on ").append(rows.size()).append(" MIT-BIH records\n\n");
        md.append("Model: `").append(DataPaths.display(m.folder)).append("` (").append(m.spec.model.name).append(", spec `")
                .append(m.provenance.get("spec_file")).append("`, classes ").append(String.join("/", m.classNames)).append(", lead ")
                .append(String.join("+", m.leads())).append(").\n\n");
        md.append("Two evaluations of the same model, ANSI/AAMI EC57 beat-by-beat statistics (`org.ecgbench.eval.ec57`: 150 ms match window, whole "
                + "records, reference ventricular flutter/fibrillation episodes excluded, reference Q beats only in the QRS statistics):\n\n");
        md.append("- **(a) at the reference beats**: every beat annotation of the `.atr` is classified (windows and RR features from the reference "
                + "positions, as in training). QRS Se/+P are 100 % by construction.\n");
        md.append("- **(b) end to end**: `ecgbench predict`'s pipeline: the QRS detector (`QrsDetector`, defaults) finds the beats, windows and RR "
                + "features come from the DETECTED beats, and the labelled detections are matched to the reference beats (150 ms). Missed beats "
                + "count as false negatives of their class, extra detections as false positives of the class given to them.\n\n");
        md.append("Model classes map to EC57 classes as N→N, S→S, V→V, F→F; beats whose window does not fit in the record are labelled Q.\n\n");
        MarkdownTable t = new MarkdownTable().header("statistic", "(a) gross", "(b) gross", "(a) average", "(b) average");
        addRows(t, "QRS", Ec57Record::qrs, a, b, false);
        addRows(t, "VEB", Ec57Record::veb, a, b, true);
        addRows(t, "SVEB", Ec57Record::sveb, a, b, true);
        md.append(t).append("\n");
        md.append(String.format(Locale.ROOT, "Gross counts: (a) VEB TP %d FN %d FP %d, SVEB TP %d FN %d FP %d; (b) QRS TP %d FN %d FP %d, VEB TP %d FN %d FP %d, "
                        + "SVEB TP %d FN %d FP %d; %d reference beats. Averages are over the records where the statistic is defined.%n%n",
                a.gross().veb().tp(), a.gross().veb().fn(), a.gross().veb().fp(), a.gross().sveb().tp(), a.gross().sveb().fn(), a.gross().sveb().fp(),
                b.gross().qrs().tp(), b.gross().qrs().fn(), b.gross().qrs().fp(), b.gross().veb().tp(), b.gross().veb().fn(), b.gross().veb().fp(),
                b.gross().sveb().tp(), b.gross().sveb().fn(), b.gross().sveb().fp(), a.gross().referenceBeats()));
        if (compared > 0) {
            md.append(String.format(Locale.ROOT, "Check of the windowing: at the reference beats, (a) gives the same class as the training run's "
                    + "`predictions.csv.gz` for %d of %d beats (%.3f %%).%n%n", agree, compared, 100.0 * agree / compared));
        }
        md.append("## Per record\n\n");
        MarkdownTable p = new MarkdownTable().header("record", "beats", "(a) VEB Se", "(a) VEB +P", "(a) SVEB Se", "(a) SVEB +P", "(b) QRS Se",
                "(b) QRS +P", "(b) VEB Se", "(b) VEB +P", "(b) SVEB Se", "(b) SVEB +P");
        for (Ec57Evaluation.Row r : rows) {
            Ec57Record x = r.atReference(), y = r.endToEnd();
            p.row(r.record(), String.valueOf(x.referenceBeats()), pct(x.veb().sensitivity()), pct(x.veb().positivePredictivity()),
                    pct(x.sveb().sensitivity()), pct(x.sveb().positivePredictivity()), pct(y.qrs().sensitivity()), pct(y.qrs().positivePredictivity()),
                    pct(y.veb().sensitivity()), pct(y.veb().positivePredictivity()), pct(y.sveb().sensitivity()), pct(y.sveb().positivePredictivity()));
        }
        md.append(p).append("\n");
        md.append("Per-record counts (TP/FN/FP, FPR) of both evaluations: `per_record.csv`; gross confusion matrices: `summary.json`.\n\n");
        md.append("Provenance: git commit ").append(prov.get("git_commit")).append(" (dirty: ").append(prov.get("git_dirty")).append("), data `")
                .append(prov.get("data_path")).append("` ").append(prov.get("data_checksum")).append(", command `").append(prov.get("command"))
                .append("`, ").append(prov.get("date_utc")).append(", wall ").append(prov.get("wall_seconds")).append(" s on ").append(prov.get("cpus"))
                .append(" CPUs (provenance.json).\n");
        return md.toString();
    }

    private static void addRows(MarkdownTable t, String name, java.util.function.Function<Ec57Record, Ec57Stat> fn, Ec57Summary a, Ec57Summary b,
                                boolean fpr) {
        t.row(name + " Se %", pct(fn.apply(a.gross()).sensitivity()), pct(fn.apply(b.gross()).sensitivity()), pct(a.averageSensitivity(fn)),
                pct(b.averageSensitivity(fn)));
        t.row(name + " +P %", pct(fn.apply(a.gross()).positivePredictivity()), pct(fn.apply(b.gross()).positivePredictivity()),
                pct(a.averagePositivePredictivity(fn)), pct(b.averagePositivePredictivity(fn)));
        if (fpr) {
            t.row(name + " FPR %", pct(fn.apply(a.gross()).falsePositiveRate()), pct(fn.apply(b.gross()).falsePositiveRate()),
                    pct(a.averageFalsePositiveRate(fn)), pct(b.averageFalsePositiveRate(fn)));
        }
    }
}
