package org.ecgbench.pipeline.source;

import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.windows.LabeledWindows;

/** Loads labelled windows for a list of records; the runner's only view of a dataset. */
public interface DataSource {
    LabeledWindows load(List<String> records) throws java.io.IOException;

    /** Annotation-level class counts for these records, before any window-fit exclusion. */
    int[] annotationCounts(List<String> records) throws java.io.IOException;

    /** Beats dropped because their window did not fit, per class, for the last {@link #load} call. */
    int[] lastDroppedPerClass();

    String[] classNames();

    /** Human-readable description of the data pipeline (reader, leads, window, preprocessing, labels) for reports. */
    Map<String, Object> describe();

    /** Checksum identifying the dataset copy (e.g. SHA-256 of its manifest). */
    String dataChecksum();

    /** The data root the paths of {@link #files} are named relative to in fingerprints and provenance. */
    default java.nio.file.Path dataRoot() {
        return null;
    }

    /** Every file reading these records opens (signal, header, annotations, metadata tables), for the data fingerprint. */
    default List<java.nio.file.Path> files(List<String> records) {
        return List.of();
    }
}
