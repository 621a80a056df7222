package org.ecgbench.databases;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded 12-lead (or n-lead) ECG record in millivolts.
 *
 * @param id         record identifier, unique within its {@link EcgDatabase}
 * @param database   source database name (e.g. {@code cpsc_2018}, {@code ptb-xl}, {@code code15})
 * @param fs         sampling frequency in Hz
 * @param leadNames  lead names in the order of {@code mv}
 * @param mv         samples in millivolts, {@code [lead][sample]}
 * @param age        age in years, or null when unknown
 * @param sex        {@code "Male"}, {@code "Female"} or null when unknown
 * @param labels     raw label codes as the source database writes them (SNOMED codes, SCP codes, acronyms...)
 * @param patientId  patient identifier, or null when the database has none (then record = patient)
 * @param invalidCause what a NaN in {@code mv} stands for, for messages (e.g. {@code WFDB -32768} or
 *                   {@code MAT int16 -32768}: the source's invalid-sample marker), or null when the source has none
 * @param warnings   problems found while reading that did not stop it (record-name mismatch, duplicate lead
 *                   names, invalid-sample counts per lead); each names the file
 */
public record Ecg12Record(String id, String database, double fs, String[] leadNames, float[][] mv,
                          Integer age, String sex, List<String> labels, String patientId,
                          String invalidCause, List<String> warnings) {
    public Ecg12Record {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(leadNames, "leadNames");
        Objects.requireNonNull(mv, "mv");
        if (leadNames.length != mv.length) {
            throw new IllegalArgumentException("record " + id + ": " + leadNames.length + " lead names but " + mv.length + " signal rows");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A record without invalid-sample marker or warnings. */
    public Ecg12Record(String id, String database, double fs, String[] leadNames, float[][] mv,
                       Integer age, String sex, List<String> labels, String patientId) {
        this(id, database, fs, leadNames, mv, age, sex, labels, patientId, null, List.of());
    }

    /** Number of samples per lead (0 for an empty record). */
    public int length() {
        return mv.length == 0 ? 0 : mv[0].length;
    }

    /** Index of a lead by name (case-insensitive), or -1 when absent. */
    public int leadIndex(String name) {
        for (int i = 0; i < leadNames.length; i++) if (leadNames[i].equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** The metadata part of this record (no signal). */
    public Metadata metadata() {
        return new Metadata(id, database, fs, length(), age, sex, labels, patientId, Map.of());
    }
}
