package org.ecgbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "download", mixinStandardHelpOptions = true, description = "TODO")
public final class DownloadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("download is not implemented yet");
    }
}
