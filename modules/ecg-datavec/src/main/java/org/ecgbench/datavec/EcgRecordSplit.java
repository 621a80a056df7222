package org.ecgbench.datavec;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.InputSplit;
import org.ecgbench.databases.splits.SplitFile;
import org.ecgbench.signal.split.Splits;

/**
 * A DataVec {@link InputSplit} over record ids ({@code ecgrecord:<id>} URIs): an MIT-BIH record list of ecgbench (e.g.
 * {@code mitdb_ds1_train}), a fold of a record database's split file ({@code record<TAB>fold}: 0 train, 1 validation,
 * 2 test), or any list. {@link EcgRecordReader} reads the records it names; {@link #records(InputSplit)} also accepts
 * file URIs (e.g. a {@code FileSplit} over {@code mitdb/*.hea}): the record id is then the file name without extension.
 */
public final class EcgRecordSplit extends CollectionInputSplit {
    public static final String SCHEME = "ecgrecord";
    private final List<String> records;

    private EcgRecordSplit(List<String> records) {
        super(uris(records));
        this.records = List.copyOf(records);
    }

    /** The records of this list, in order. */
    public static EcgRecordSplit of(Collection<String> records) {
        return new EcgRecordSplit(new ArrayList<>(records));
    }

    /** An ecgbench MIT-BIH record list by name ({@code mitdb_ds1_train}, {@code mitdb_ds1_val}, {@code mitdb_ds2}, {@code mitdb_ds1} ...). */
    public static EcgRecordSplit mitbih(String listName) {
        return new EcgRecordSplit(Splits.load(listName));
    }

    /** The records of one fold (0 train, 1 validation, 2 test) of a split file, in file order. */
    public static EcgRecordSplit fromSplitFile(Path splitFile, int fold) {
        List<String> r = new ArrayList<>();
        for (Map.Entry<String, Integer> e : SplitFile.read(splitFile).entrySet()) if (e.getValue() == fold) r.add(e.getKey());
        if (r.isEmpty()) throw new IllegalArgumentException(splitFile + " has no record in fold " + fold);
        return new EcgRecordSplit(r);
    }

    public List<String> records() {
        return records;
    }

    /** The record ids an input split names (ecgrecord: URIs, or file URIs → file name without extension). */
    public static List<String> records(InputSplit split) {
        if (split instanceof EcgRecordSplit e) return e.records;
        List<String> out = new ArrayList<>();
        for (URI u : split.locations()) {
            if (SCHEME.equals(u.getScheme())) {
                out.add(URLDecoder.decode(u.getSchemeSpecificPart(), StandardCharsets.UTF_8));
            } else {
                String name = Path.of(u).getFileName().toString();
                int dot = name.lastIndexOf('.');
                out.add(dot > 0 ? name.substring(0, dot) : name);
            }
        }
        return out.stream().distinct().toList();
    }

    private static List<URI> uris(List<String> records) {
        List<URI> out = new ArrayList<>();
        for (String r : records) out.add(URI.create(SCHEME + ":" + URLEncoder.encode(r, StandardCharsets.UTF_8)));
        return out;
    }
}
