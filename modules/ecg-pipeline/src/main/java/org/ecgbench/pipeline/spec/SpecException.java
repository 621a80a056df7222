package org.ecgbench.pipeline.spec;

/** A problem in a YAML spec, reported as {@code file:line:column: message} with an optional hint. */
public class SpecException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;

    public SpecException(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
}
