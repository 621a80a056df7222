package org.ecgbench.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.*;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgbench.experiments.task.TaskRegistry;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.signal.data.DataPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction the module graph promises, checked on the compiled classes (ArchUnit): no package cycle
 * anywhere in ecgbench, readers / databases / evaluation / the pipeline know nothing of DL4J, models know nothing of
 * datasets; the spec parser and the task registry agree on the task names; no method of the task code is longer than
 * 80 lines.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.ecgbench");
        assertTrue(classes.size() > 150, "imported " + classes.size() + " classes");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.ecgbench.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("org.ecgbench.(*).(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void signalDatabasesEvalAndPipelineKnowNothingOfDl4j() {
        noClasses().that().resideInAnyPackage("org.ecgbench.signal..", "org.ecgbench.databases..", "org.ecgbench.eval..", "org.ecgbench.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..").check(classes);
    }

    @Test
    void modelsKnowNothingOfDatasetsOrTheRunner() {
        noClasses().that().resideInAPackage("org.ecgbench.models..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ecgbench.databases..", "org.ecgbench.pipeline..",
                        "org.ecgbench.experiments..", "org.ecgbench.signal..", "org.ecgbench.cli..").check(classes);
    }

    @Test
    void onlyTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.ecgbench.cli..").should().dependOnClassesThat().resideInAPackage("org.ecgbench.cli..")
                .check(classes);
    }

    @Test
    void theSpecParserKnowsEveryRegisteredTask() {
        assertEquals(TaskRegistry.names(), ExperimentSpec.TASKS);
    }

    @Test
    void noTaskMethodOver80Lines() throws IOException {
        Path dir = DataPaths.projectRoot().resolve("modules/ecg-experiments/src/main/java/org/ecgbench/experiments/task");
        assertTrue(Files.isDirectory(dir), dir.toString());
        List<String> longOnes = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) longOnes.addAll(longMethods(f, 80));
        }
        assertTrue(longOnes.isEmpty(), "methods over 80 lines: " + longOnes);
    }

    private static final Pattern METHOD = Pattern.compile(
            "^\\s*(?:(?:public|protected|private|static|final|synchronized|abstract|default)\\s+)*(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*\\([^;{]*\\)\\s*(?:throws [\\w., ]+)?\\s*\\{\\s*$");

    /** Methods (declaration line to closing brace) longer than {@code max} lines; braces in strings and comments are skipped. */
    static List<String> longMethods(Path file, int max) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = METHOD.matcher(lines.get(i));
            if (!m.matches() || lines.get(i).contains(" class ") || lines.get(i).contains(" record ")) continue;
            int depth = 0, end = i;
            for (int j = i; j < lines.size(); j++) {
                depth += braces(lines.get(j));
                if (depth == 0) {
                    end = j;
                    break;
                }
            }
            if (end - i + 1 > max) out.add(file.getFileName() + ":" + (i + 1) + " " + m.group(1) + " (" + (end - i + 1) + " lines)");
        }
        return out;
    }

    private static int braces(String line) {
        String s = line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(\\\\.|[^'\\\\])'", "''").replaceAll("//.*", "");
        int d = 0;
        for (char c : s.toCharArray()) {
            if (c == '{') d++;
            else if (c == '}') d--;
        }
        return d;
    }
}
