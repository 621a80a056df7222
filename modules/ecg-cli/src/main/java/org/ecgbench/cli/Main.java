package org.ecgbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ecgbench} command line: {@code run}, {@code models}, {@code verify-data}, {@code download}, {@code bench}. */
@Command(name = "ecgbench", mixinStandardHelpOptions = true, version = "ecgbench 0.1.0",
        description = "Train, evaluate, compress and compare ECG arrhythmia classifiers (DL4J).",
        subcommands = {RunCommand.class, ModelsCommand.class, CompareCommand.class, VerifyDataCommand.class, DownloadCommand.class, DetectQrsCommand.class, PredictCommand.class, Ec57Command.class,
                BenchCommand.class, ExportCommand.class, LearningCurveCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            if (System.getenv("ECGBENCH_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        int rc = execute(args);
        System.exit(rc);
    }
}
