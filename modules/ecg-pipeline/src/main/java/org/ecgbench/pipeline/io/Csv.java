package org.ecgbench.pipeline.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every CSV ecgbench writes goes through commons-csv with one format: RFC 4180 quoting where needed, {@code \n}
 * line ends, a header row; files are written atomically ({@link AtomicFiles}), {@code .csv.gz} gzip-compressed.
 */
public final class Csv {
    public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private Csv() {}

    /** Rows for one file: a header, then one list of cells per row (null cells are written empty). */
    public static final class Table {
        private final List<String> header;
        private final List<List<?>> rows = new ArrayList<>();

        public Table(String... header) {
            this(Arrays.asList(header));
        }

        public Table(List<String> header) {
            this.header = List.copyOf(header);
        }

        public Table row(Object... cells) {
            return row(Arrays.asList(cells));
        }

        public Table row(List<?> cells) {
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("CSV row has " + cells.size() + " cells for " + header.size() + " columns " + header);
            }
            rows.add(cells);
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            try (CSVPrinter p = new CSVPrinter(sb, FORMAT)) {
                p.printRecord(header);
                for (List<?> r : rows) p.printRecord(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sb.toString();
        }

        /** Writes the table atomically to {@code file}. */
        public void write(Path file) throws IOException {
            AtomicFiles.writeString(file, toString());
        }
    }

    /** Streams rows to a gzip-compressed CSV written atomically (for per-window prediction files). */
    @FunctionalInterface
    public interface RowWriter {
        void write(CSVPrinter printer) throws IOException;
    }

    public static void writeGzip(Path file, List<String> header, RowWriter rows) throws IOException {
        AtomicFiles.write(file, raw -> {
            GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16);
            CSVPrinter p = new CSVPrinter(w, FORMAT);
            p.printRecord(header);
            rows.write(p);
            p.flush();
            gz.finish();
        });
    }
}
