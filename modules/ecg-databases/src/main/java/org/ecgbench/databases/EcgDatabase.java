package org.ecgbench.databases;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The files reading record {@code id} opens (header, signal), for data fingerprints; empty when a reader does not say. */
    default List<java.nio.file.Path> files(String id) {
        return List.of();
    }

    /** Database-wide files every read depends on (metadata tables, label maps); empty by default. */
    default List<java.nio.file.Path> metadataFiles() {
        return List.of();
    }

    /** Metadata of all records, in {@link #recordIds()} order. */
    default List<Metadata> allMetadata() {
        List<Metadata> out = new ArrayList<>();
        for (String id : recordIds()) out.add(metadata(id));
        return out;
    }

    /**
     * Why record {@code id} cannot be labelled, or null when it has at least one raw label. The reason names the
     * record and, where there is one, the file (unknown id, unreadable/malformed header, no {@code #Dx} line,
     * empty {@code scp_codes}, ...). Callers that take records from a split file use this to refuse a record
     * instead of dropping it silently. The default reads {@link #metadata}; readers override it with more precise reasons.
     */
    default String labelProblem(String id) {
        try {
            Metadata m = metadata(id);
            return m.labels().isEmpty() ? "record " + id + " has no labels" : null;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return "record " + id + ": " + e.getMessage();
        }
    }

    /** The records of {@code ids} that cannot be labelled, each with its reason ({@link #labelProblem}), in the given order. */
    default Map<String, String> unlabelable(Collection<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            String p = labelProblem(id);
            if (p != null) out.put(id, p);
        }
        return out;
    }
}
