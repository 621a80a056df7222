package org.ecgbench.databases.ptbxl;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PTB-XL {@code scp_statements.csv}: one row per SCP statement; the first (unnamed) column is the code,
 * then description, diagnostic, form, rhythm (1.0 or empty), diagnostic_class, diagnostic_subclass, ...
 */
public final class ScpStatements {
    /** One statement. {@code diagnosticClass}/{@code diagnosticSubclass} are null for non-diagnostic statements. */
    public record Statement(String code, String description, boolean diagnostic, boolean form, boolean rhythm,
                            String diagnosticClass, String diagnosticSubclass) {}

    private final Map<String, Statement> byCode;

    private ScpStatements(Map<String, Statement> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    /** Reads the file; errors name the file and line. */
    public static ScpStatements read(Path csv) {
        Map<String, Statement> m = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).build();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            List<String> h = p.getHeaderNames();
            for (String need : List.of("description", "diagnostic", "form", "rhythm", "diagnostic_class", "diagnostic_subclass")) {
                if (!h.contains(need)) throw new IllegalArgumentException("SCP statements file " + csv + ": missing column '" + need + "' (header " + h + ")");
            }
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                String code = rec.get(0).strip();
                if (code.isEmpty()) throw new IllegalArgumentException("SCP statements file " + csv + " line " + line + ": empty code in first column");
                m.put(code, new Statement(code, rec.get("description"), flag(csv, line, rec.get("diagnostic")), flag(csv, line, rec.get("form")),
                        flag(csv, line, rec.get("rhythm")), blankToNull(rec.get("diagnostic_class")), blankToNull(rec.get("diagnostic_subclass"))));
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed CSV file " + csv + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(csv.toString())) throw e;
            throw new IllegalArgumentException("SCP statements file " + csv + ": " + e.getMessage(), e);
        }
        return new ScpStatements(m);
    }

    private static boolean flag(Path csv, long line, String v) {
        String t = v.strip();
        if (t.isEmpty()) return false;
        try {
            return Double.parseDouble(t) != 0;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SCP statements file " + csv + " line " + line + ": flag '" + v + "' is not 1.0/empty");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** All statements by code, in file order. */
    public Map<String, Statement> all() { return byCode; }

    /** The statement for a code, or null when unknown. */
    public Statement get(String code) { return byCode.get(code); }
}
