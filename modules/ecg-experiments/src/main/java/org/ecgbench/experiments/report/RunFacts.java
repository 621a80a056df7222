package org.ecgbench.experiments.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a {@code train_eval} run's reports print besides the metrics: split sizes and class counts, model size, training
 * time and speed, and the record-dataset or classical-model details. Written under {@code "facts"} in
 * {@code summary.json} (snake_case keys; absent values left out). Filled by the task in stages (training, then the
 * record evaluation), read by {@link ReportWriter}, {@link MultilabelReport} and {@link ClassicalReport}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public final class RunFacts {

    /** One part of the split: train, validation or test. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static final class Part {
        /** Beat datasets: the records. */
        public List<String> records;
        /** Record datasets: how many records (the ids are in the split file). */
        public Integer recordCount;
        /** {@code split.train_fraction}: which seeded share of the training records was used (train part only). */
        public String subset;
        /** Windows per class (record datasets: positive records per label). */
        public int[] counts;
        /** The same after the training caps ({@code max_beats_per_class}, {@code max_train_beats}); train and validation only. */
        public int[] usedCounts;
        /** Reference beat annotations per class in these records (beat datasets). */
        public int[] annotationCounts;
        /** Beats whose window would cross the record's ends, per class. */
        public int[] droppedWindowFit;
        /** AAMI Q beats (paced fusion, unclassifiable) that the N/S/V/F protocol leaves out. */
        public Integer qBeatsExcluded;

        /** The records as the reports name them. */
        public String describe() {
            return records != null ? String.join(" ", records) : recordCount + " records" + (subset != null ? " (" + subset + ")" : "");
        }

        /** Sets the records: named for beat datasets, counted for record datasets. */
        public Part records(List<String> ids, boolean countOnly) {
            if (countOnly) recordCount = ids.size();
            else records = List.copyOf(ids);
            return this;
        }
    }

    /** The 12-lead record datasets: what was read and how. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static final class Records {
        public String inputStorage;
        public Integer recordsInDatabase;
        public Integer recordsAfterSourceFilter;
        public Integer recordsLabelled;
        public Integer labelledNotInSplitFile;
        public String splitFile;
        public Boolean splitFileCreated;
        public String droppedUnlabelledRecords;
        public String readerWarnings;
        public String invalidSamplesRepaired;
        public String externalDataset;
        public Integer externalRecordsInDatabase;
        public Integer externalRecordsScored;
    }

    /** Classical baselines: features and the two fits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static final class Classical {
        public String featureSet;
        public int features;
        /** {@code train} or {@code train+validation}: the rows of the tested model. */
        public String fitOn;
        public int validationFitRows;
        public int finalFitRows;
        public int[] finalFitCounts;
        public double modelFileKb;
        /** The classifier and its settings, as the baseline describes itself. */
        public java.util.Map<String, Object> classifier;
        public double validationModelFitSeconds;
        public double featureSeconds;
    }

    public final Part train = new Part();
    public final Part validation = new Part();
    public final Part test = new Part();
    public double[] classWeights;
    /** Trainable parameters, their float32 size, and forward FLOPs per input window (deep models). */
    public Long params;
    public Double weightKbF32;
    public Long flopsPerWindow;
    /** The model sees RR-interval / rhythm features. */
    public boolean rhythmContext;
    public org.ecgbench.experiments.model.PretrainedEncoder.Copied pretrained;
    public Integer epochsRun;
    public Integer bestEpoch;
    public double trainSeconds;
    public Double trainWindowsPerS;
    public double testInferenceWindowsPerS;
    public double dataLoadSeconds;
    /** Record datasets with {@code training.refit}: what the tested model was trained on. */
    public String refit;
    public Records records;
    public Classical classical;

    /** The part named {@code train}, {@code validation} or {@code test}. */
    public Part part(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("no split part '" + name + "'");
        };
    }
}
