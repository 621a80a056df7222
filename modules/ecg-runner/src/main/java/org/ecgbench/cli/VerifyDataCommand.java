package org.ecgbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "verify-data", mixinStandardHelpOptions = true, description = "TODO")
public final class VerifyDataCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("verify-data is not implemented yet");
    }
}
