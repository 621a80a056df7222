package org.ecgbench.cli;

import java.util.concurrent.Callable;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.ecgbench.models.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists every registered model with its default input shape, parameter count, float32 size and FLOPs. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the registered models: input shape, parameters, float32 weight KB, forward FLOPs per sample.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--leads", description = "Override the number of leads for every model.")
    Integer leads;

    @Option(names = "--samples", description = "Override the input length (samples) for every model.")
    Integer samples;

    @Option(names = "--classes", description = "Override the number of classes for every model.")
    Integer classes;

    @Override
    public Integer call() {
        Backend.init();
        System.out.printf("%-24s %-14s %12s %12s %14s  %s%n", "model", "input", "params", "KB(f32)", "MFLOPs", "description");
        for (String name : ModelRegistry.DEFAULT.names()) {
            ModelBuilder b = ModelRegistry.DEFAULT.get(name);
            int[] d = b.defaultShape();
            ModelConfig cfg = ModelConfig.of(leads != null ? leads : d[0], samples != null ? samples : d[1],
                    classes != null ? classes : d[2]);
            try {
                ModelSummary s = ModelSummary.of(b, cfg);
                System.out.printf("%-24s %-14s %,12d %12.2f %14.2f  %s%n", name, cfg.leads() + "x" + cfg.samples(), s.params(),
                        s.kbFloat32(), s.flops() / 1e6, b.description());
            } catch (RuntimeException e) {
                System.out.printf("%-24s %-14s  cannot build: %s%n", name, cfg.leads() + "x" + cfg.samples(), e.getMessage());
            }
        }
        return 0;
    }
}
