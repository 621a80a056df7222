package org.ecgbench.experiments.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.pipeline.spec.SpecException;

/** The spec's {@code task:} name → a fresh {@link Task}. Adding a task is one line here (and its class). */
public final class TaskRegistry {
    private static final Map<String, Supplier<Task<?, ?>>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("train_eval", TrainEvalTask::new);
        TASKS.put("quantize", QuantizeTask::new);
        TASKS.put("pretrain", PretrainTask::new);
        TASKS.put("explain", ExplainTask::new);
        TASKS.put("search", SearchTask::new);
    }

    private TaskRegistry() {}

    public static List<String> names() {
        return List.copyOf(TASKS.keySet());
    }

    /** The spec's task, or a {@link SpecException} at the {@code task:} line listing the registered ones. */
    public static Task<?, ?> get(ExperimentSpec spec) {
        if (spec.task.equals("train_eval") && ClassicalTrainEval.handles(spec)) return new ClassicalTrainEval(); // ecg-baselines models
        Supplier<Task<?, ?>> s = TASKS.get(spec.task);
        if (s == null) throw new SpecException(spec.file, spec.taskLine, 1, "unknown task '" + spec.task + "'; registered tasks: " + names());
        return s.get();
    }
}
