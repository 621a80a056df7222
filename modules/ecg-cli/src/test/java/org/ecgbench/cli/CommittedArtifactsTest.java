package org.ecgbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.Test;

/**
 * Committed results and specs name data by database and path relative to the data root or project root, never by an
 * absolute path of the machine that made them (which no other user has).
 */
class CommittedArtifactsTest {
    static final Pattern ABSOLUTE = Pattern.compile("(?<![A-Za-z0-9_.:/~-])/(?:work|home|tmp|root|usr|opt|mnt|var|srv|Users|data|scratch)/");

    @Test
    void noAbsolutePathsInResultsOrExperiments() throws IOException {
        List<String> hits = new ArrayList<>();
        for (String top : List.of("results", "experiments")) {
            Path dir = DataPaths.projectRoot().resolve(top);
            assertTrue(Files.isDirectory(dir), dir.toString());
            try (var files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(CommittedArtifactsTest::text).toList()) {
                    try {
                        List<String> lines = Files.readAllLines(f);
                        for (int i = 0; i < lines.size(); i++) {
                            if (ABSOLUTE.matcher(lines.get(i)).find()) hits.add(DataPaths.projectRoot().relativize(f) + ":" + (i + 1));
                        }
                    } catch (MalformedInputException e) {
                        // not UTF-8 text
                    }
                }
            }
        }
        assertTrue(hits.isEmpty(), hits.size() + " absolute paths, e.g. " + hits.subList(0, Math.min(10, hits.size())));
    }

    @Test
    void thePatternFindsWhatItShould() {
        assertTrue(ABSOLUTE.matcher("| data_dir | /work/shared/data |").find());
        assertTrue(ABSOLUTE.matcher("\"root\": \"/home/ann/physionet\"").find());
        assertFalse(ABSOLUTE.matcher("| data_dir | ../shared/data |").find());
        assertFalse(ABSOLUTE.matcher("see https://physionet.org/content/mitdb/1.0.0/").find());
        assertFalse(ABSOLUTE.matcher("S/V/F and N/S/V").find());
    }

    static boolean text(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".md") || n.endsWith(".json") || n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")
                || n.endsWith(".yaml") || n.endsWith(".yml");
    }
}
