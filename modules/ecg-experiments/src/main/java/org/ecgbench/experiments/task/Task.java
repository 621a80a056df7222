package org.ecgbench.experiments.task;

import java.io.IOException;

/**
 * One kind of experiment ({@code task:} in a spec), run in three phases over one {@link RunContext}:
 * <ol>
 *   <li>{@link #validate}: checks that need no data (model name and parameters, task-specific spec rules), so
 *       resolvable mistakes are refused before anything is read;</li>
 *   <li>{@link #prepare}: reads the data (never the test split) and builds what {@link #perform} needs;</li>
 *   <li>{@link #perform}: the work itself (training, quantization, pretraining);</li>
 *   <li>{@link #report}: reads the test split once where the task has one, evaluates, and writes every output
 *       atomically into {@link RunContext#output()}.</li>
 * </ol>
 * The runner ({@link ExperimentRunner}) creates the output folder only after {@link #prepare} succeeded and writes
 * {@code provenance.json} after {@link #report}. Adding a task is one class and one line in {@link TaskRegistry}.
 *
 * @param <P> what {@link #prepare} hands to the later phases
 * @param <R> what {@link #perform} hands to {@link #report}
 */
public interface Task<P, R> {
    /** The spec's {@code task:} value. */
    String name();

    /** Checks the spec before any data is read (default: nothing beyond the parser's checks). */
    default void validate(RunContext ctx) throws java.io.IOException {}

    P prepare(RunContext ctx) throws IOException;

    R perform(RunContext ctx, P prepared) throws IOException;

    void report(RunContext ctx, P prepared, R performed) throws IOException;
}
