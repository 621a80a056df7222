package org.ecgbench.databases;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a record without decoding its signal: labels, demographics, patient.
 *
 * @param id         record identifier
 * @param database   source database name
 * @param fs         sampling frequency in Hz (NaN when unknown before decoding)
 * @param nSamples   samples per lead (-1 when unknown before decoding)
 * @param age        age in years or null
 * @param sex        {@code "Male"}, {@code "Female"} or null
 * @param labels     raw label codes
 * @param patientId  patient identifier, or null when unknown (record = patient)
 * @param extra      database-specific fields (e.g. PTB-XL {@code strat_fold}, CODE-15% {@code trace_file}); never null
 */
public record Metadata(String id, String database, double fs, int nSamples, Integer age, String sex,
                       List<String> labels, String patientId, Map<String, String> extra) {
    public Metadata {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? List.of() : List.copyOf(labels);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The patient this record belongs to: {@link #patientId()} or, when unknown, the record id itself. */
    public String patientOrRecord() {
        return patientId != null ? patientId : id;
    }
}
