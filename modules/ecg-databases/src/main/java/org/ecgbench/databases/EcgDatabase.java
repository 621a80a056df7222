package org.ecgbench.databases;

import java.util.ArrayList;
import java.util.List;

/**
 * A 12-lead ECG database: an ordered list of record ids, each readable as an {@link Ecg12Record}
 * (signal in millivolts) or as {@link Metadata} only (labels, age, sex, patient; cheap).
 * Implementations throw {@link java.io.UncheckedIOException} or {@link IllegalArgumentException}
 * with a message naming the offending file when a file is missing or malformed.
 */
public interface EcgDatabase {
    /** Record ids in a stable (sorted or source) order. */
    List<String> recordIds();

    /** Decodes the record's signal and metadata. */
    Ecg12Record read(String id);

    /** The record's metadata without decoding the signal. */
    Metadata metadata(String id);

    /** Metadata of all records, in {@link #recordIds()} order. */
    default List<Metadata> allMetadata() {
        List<Metadata> out = new ArrayList<>();
        for (String id : recordIds()) out.add(metadata(id));
        return out;
    }
}
