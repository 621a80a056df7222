package org.ecgbench.signal.wfdb;

import java.io.IOException;
import java.nio.file.Path;

/** A WFDB file that cannot be read as WFDB: the message names the file (and line, where there is one). */
public class WfdbFormatException extends IOException {
    public WfdbFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public WfdbFormatException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
