package org.ecgbench.pipeline.source;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.RecordsSpec;

/**
 * The database registry: a spec's {@code data.dataset} name → the {@link DataSource} that reads it. MIT-BIH beats are
 * one database among the others; every record database of {@link RecordsSpec#DATASETS} is read by {@link RecordSource}
 * (its label protocols, leads, resampling and split files). Adding a database is one package plus one line here.
 */
public final class DataSources {
    /** Builds a source from the spec, the project root and the data root (null when the spec names its own root). */
    @FunctionalInterface
    public interface Factory {
        DataSource create(ExperimentSpec spec, Path projectRoot, Path dataRoot);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("mitdb_beats", (spec, root, data) -> MitBihBeatSource.create(spec, data));
        for (String kind : RecordsSpec.DATASETS) FACTORIES.put(kind, RecordSource::create);
    }

    private DataSources() {}

    /** Every registered dataset name, in registration order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** True for the fixed-length 12-lead record databases (one input and one label set per record). */
    public static boolean isRecordDataset(String dataset) {
        return RecordSource.isRecordDataset(dataset);
    }

    /** The source of {@code spec.data.dataset}; unknown names are refused by the spec parser before this is reached. */
    public static DataSource create(ExperimentSpec spec, Path projectRoot, Path dataRoot) {
        Factory f = FACTORIES.get(spec.data.dataset);
        if (f == null) throw new IllegalArgumentException("unknown dataset '" + spec.data.dataset + "'; registered: " + names());
        return f.create(spec, projectRoot, dataRoot);
    }
}
