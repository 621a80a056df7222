package org.ecgbench.databases.labels;

import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.chapman.ChapmanDatabase;
import org.ecgbench.databases.cpsc.Cpsc2018Database;
import org.ecgbench.databases.ptbxl.ScpStatements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The label protocols of the benchmark, by name. Each rule is documented on its factory method and in
 * {@code docs/databases.md}.
 *
 * <ul>
 *   <li>{@code cpsc9_first}, {@code cpsc9_multi}: CPSC 2018 nine classes ({@link #cpsc9First()}).</li>
 *   <li>{@code chapman4}: Chapman-Shaoxing four rhythm groups ({@link #chapman4()}).</li>
 *   <li>{@code ptbxl_all}, {@code ptbxl_diagnostic}, {@code ptbxl_subdiagnostic}, {@code ptbxl_superdiagnostic},
 *       {@code ptbxl_form}, {@code ptbxl_rhythm} (also without the {@code ptbxl_} prefix): PTB-XL tasks
 *       ({@link #ptbXl}).</li>
 *   <li>{@code code15_af_related}, {@code code15_af_nsr}, {@code code15_af_prediction}: ECGencode's
 *       patient-level CODE-15% AFib tasks ({@link #code15AfRelated()}).</li>
 *   <li>{@code ptbxl_afib_aflt}: binary, per record, SCP statement AFIB or AFLT vs every other record
 *       ({@link #ptbXlAfibAflt()}).</li>
 * </ul>
 */
public final class LabelProtocols {
    private LabelProtocols() {}

    /** Default minimum number of positive records for a PTB-XL label to be kept. */
    public static final int DEFAULT_MIN_POSITIVES = 50;

    /** CPSC 2018 class names, index = original label - 1. */
    public static final List<String> CPSC9_CLASSES = Cpsc2018Database.CLASS_NAMES;
    /** Chapman-Shaoxing rhythm groups. */
    public static final List<String> CHAPMAN4_CLASSES = List.of("SB", "AFIB", "GSVT", "SR");
    /** Class names of the binary CODE-15% tasks: index 1 = positive. */
    public static final List<String> BINARY_CLASSES = List.of("negative", "positive");

    /**
     * SNOMED-CT codes of the CinC 2020/2021 copy mapped to the nine CPSC classes, with the equivalences of the
     * official CinC scoring ({@code label_mappings/dx_mapping_scored.csv}): CLBBB 733534002 = LBBB 164909002,
     * CRBBB 713427006 = RBBB 59118001, SVPB 63593006 = PAC 284470004, VPB 17338001 = PVC 427172004. The CinC
     * copy of CPSC 2018 writes its PVC class as 164884008 (ventricular ectopics), so that code is PVC as well.
     */
    public static final Map<String, String> CPSC9_SNOMED = Map.ofEntries(
            Map.entry("426783006", "Normal"), Map.entry("164889003", "AF"), Map.entry("270492004", "I-AVB"),
            Map.entry("164909002", "LBBB"), Map.entry("733534002", "LBBB"),
            Map.entry("59118001", "RBBB"), Map.entry("713427006", "RBBB"),
            Map.entry("284470004", "PAC"), Map.entry("63593006", "PAC"),
            Map.entry("164884008", "PVC"), Map.entry("427172004", "PVC"), Map.entry("17338001", "PVC"),
            Map.entry("429622005", "STD"), Map.entry("164931005", "STE"));

    /** Chapman-Shaoxing rhythm acronyms (original diagnostics table) to the four groups. */
    public static final Map<String, String> CHAPMAN4_ACRONYMS = Map.ofEntries(
            Map.entry("SB", "SB"), Map.entry("AFIB", "AFIB"), Map.entry("AF", "AFIB"),
            Map.entry("SVT", "GSVT"), Map.entry("AT", "GSVT"), Map.entry("AVNRT", "GSVT"), Map.entry("AVRT", "GSVT"),
            Map.entry("SAAWR", "GSVT"), Map.entry("ST", "GSVT"), Map.entry("SR", "SR"), Map.entry("SA", "SR"));

    /**
     * SNOMED-CT codes of the same rhythms in the CinC copy: SB 426177001; AF 164889003, AFL 164890007; SVT
     * 426761007, AT 713422000, AVNRT 233896004, AVRT 233897008, SAAWR 17366009, STach 427084000; NSR 426783006,
     * sinus arrhythmia 427393009.
     */
    public static final Map<String, String> CHAPMAN4_SNOMED = Map.ofEntries(
            Map.entry("426177001", "SB"), Map.entry("164889003", "AFIB"), Map.entry("164890007", "AFIB"),
            Map.entry("426761007", "GSVT"), Map.entry("713422000", "GSVT"), Map.entry("233896004", "GSVT"),
            Map.entry("233897008", "GSVT"), Map.entry("17366009", "GSVT"), Map.entry("427084000", "GSVT"),
            Map.entry("426783006", "SR"), Map.entry("427393009", "SR"));

    /** Names accepted by {@link #byName(String)}. */
    public static List<String> names() {
        return List.of("cpsc9_first", "cpsc9_multi", "chapman4", "ptbxl_all", "ptbxl_diagnostic", "ptbxl_subdiagnostic",
                "ptbxl_superdiagnostic", "ptbxl_form", "ptbxl_rhythm", "code15_af_related", "code15_af_nsr", "code15_af_prediction", "ptbxl_afib_aflt");
    }

    /** A protocol that needs no side table (all but PTB-XL). */
    public static LabelProtocol byName(String name) {
        return byName(name, null, DEFAULT_MIN_POSITIVES);
    }

    /**
     * Any protocol by name. PTB-XL protocols need the SCP statement table and use {@code minPositives};
     * the other protocols ignore both arguments.
     */
    public static LabelProtocol byName(String name, ScpStatements scp, int minPositives) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "cpsc9_first": return cpsc9First();
            case "cpsc9_multi": return cpsc9Multi();
            case "chapman4": return chapman4();
            case "code15_af_related": return code15AfRelated();
            case "code15_af_nsr": return code15AfNsr();
            case "code15_af_prediction": return code15AfPrediction();
            case "ptbxl_afib_aflt": return ptbXlAfibAflt();
            default:
        }
        String task = n.startsWith("ptbxl_") ? n.substring(6) : n;
        if (List.of("all", "diagnostic", "subdiagnostic", "superdiagnostic", "form", "rhythm").contains(task)) {
            if (scp == null) throw new IllegalArgumentException("label protocol '" + name + "' needs the PTB-XL scp_statements table");
            return ptbXl(task, scp, minPositives);
        }
        throw new IllegalArgumentException("unknown label protocol '" + name + "'; known: " + names());
    }

    // ---------------------------------------------------------------- CPSC

    private static String cpscClass(Metadata m, String raw) {
        if (Cpsc2018Database.DATABASE.equals(m.database())) {
            try {
                int k = Integer.parseInt(raw.strip());
                return k >= 1 && k <= 9 ? CPSC9_CLASSES.get(k - 1) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return CPSC9_SNOMED.get(raw.strip());
    }

    /**
     * {@code cpsc9_first}: single-label, classes Normal, AF, I-AVB, LBBB, RBBB, PAC, PVC, STD, STE. The target is
     * the first raw label that maps to one of the nine classes: for the original CPSC 2018 data that is
     * {@code First_label} of REFERENCE.csv; for the CinC copy it is the first {@code #Dx} code in
     * {@link #CPSC9_SNOMED} (equivalent codes merged). Records with no mappable label are excluded.
     */
    public static LabelProtocol cpsc9First() {
        return simple("cpsc9_first", CPSC9_CLASSES, false, m -> {
            for (String l : m.labels()) {
                String c = cpscClass(m, l);
                if (c != null) return List.of(c);
            }
            return List.of();
        });
    }

    /**
     * {@code cpsc9_multi}: multi-label over the same nine classes; every raw label that maps (original labels
     * 1..9, or CinC SNOMED codes with equivalences merged) is set. Records with none are excluded.
     */
    public static LabelProtocol cpsc9Multi() {
        return simple("cpsc9_multi", CPSC9_CLASSES, true, m -> {
            List<String> out = new ArrayList<>();
            for (String l : m.labels()) {
                String c = cpscClass(m, l);
                if (c != null && !out.contains(c)) out.add(c);
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- Chapman

    /**
     * {@code chapman4}: single-label, classes SB, AFIB (AFIB + atrial flutter AF), GSVT (SVT, AT, AVNRT, AVRT,
     * SAAWR, ST) and SR (SR + sinus irregularity SA). For the original database the rhythm acronym (first raw
     * label) decides ({@link #CHAPMAN4_ACRONYMS}); for the CinC copy every {@code #Dx} code is looked up in
     * {@link #CHAPMAN4_SNOMED} and the record is kept only when its codes point to exactly one group (records
     * with none, or with codes of two groups, are excluded as ambiguous).
     */
    public static LabelProtocol chapman4() {
        return simple("chapman4", CHAPMAN4_CLASSES, false, m -> {
            if (ChapmanDatabase.DATABASE.equals(m.database())) {
                String g = m.labels().isEmpty() ? null : CHAPMAN4_ACRONYMS.get(m.labels().get(0));
                return g == null ? List.of() : List.of(g);
            }
            Set<String> groups = new LinkedHashSet<>();
            for (String l : m.labels()) {
                String g = CHAPMAN4_SNOMED.get(l.strip());
                if (g != null) groups.add(g);
            }
            return groups.size() == 1 ? List.copyOf(groups) : List.of();
        });
    }

    // ---------------------------------------------------------------- PTB-XL

    /**
     * PTB-XL tasks following Strodthoff et al. (2021): the raw labels are the {@code scp_codes} keys (likelihood
     * ignored) and are mapped with {@code scp_statements.csv}:
     * <ul>
     *   <li>{@code all}: every statement;</li>
     *   <li>{@code diagnostic}: statements with diagnostic = 1;</li>
     *   <li>{@code subdiagnostic}: the diagnostic_subclass of each diagnostic statement;</li>
     *   <li>{@code superdiagnostic}: the diagnostic_class of each diagnostic statement (NORM, MI, STTC, CD, HYP);</li>
     *   <li>{@code form}: statements with form = 1; {@code rhythm}: statements with rhythm = 1.</li>
     * </ul>
     * Codes missing from the statement table are an error. Then labels with fewer than {@code minPositives}
     * positive records among the given records are dropped, and records left without any label are excluded.
     * Classes are sorted alphabetically. Note: the benchmark code keeps every label with at least one positive
     * (its 71 'all' labels); the brief's rule of 50 is {@link #DEFAULT_MIN_POSITIVES}; pass 1 to keep all.
     */
    public static LabelProtocol ptbXl(String task, ScpStatements scp, int minPositives) {
        if (minPositives < 1) throw new IllegalArgumentException("minPositives must be >= 1, got " + minPositives);
        Function<String, List<String>> map = switch (task) {
            case "all" -> c -> List.of(c);
            case "diagnostic" -> c -> scp.get(c).diagnostic() ? List.of(c) : List.of();
            case "subdiagnostic" -> c -> scp.get(c).diagnostic() && scp.get(c).diagnosticSubclass() != null ? List.of(scp.get(c).diagnosticSubclass()) : List.of();
            case "superdiagnostic" -> c -> scp.get(c).diagnostic() && scp.get(c).diagnosticClass() != null ? List.of(scp.get(c).diagnosticClass()) : List.of();
            case "form" -> c -> scp.get(c).form() ? List.of(c) : List.of();
            case "rhythm" -> c -> scp.get(c).rhythm() ? List.of(c) : List.of();
            default -> throw new IllegalArgumentException("unknown PTB-XL task '" + task + "'");
        };
        String name = "ptbxl_" + task;
        return new LabelProtocol() {
            public String name() { return name; }
            public boolean multiLabel() { return true; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, Set<String>> per = new LinkedHashMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                for (Metadata m : records) {
                    Set<String> ls = new TreeSet<>();
                    for (String c : m.labels()) {
                        if (scp.get(c) == null) throw new IllegalArgumentException("record " + m.id() + ": SCP code '" + c + "' is not in scp_statements.csv");
                        ls.addAll(map.apply(c));
                    }
                    per.put(m.id(), ls);
                    for (String l : ls) counts.merge(l, 1, Integer::sum);
                }
                List<String> classes = new ArrayList<>();
                for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() >= minPositives) classes.add(e.getKey());
                return build(name, classes, true, per);
            }
        };
    }

    /** SCP statements that make a record positive in {@link #ptbXlAfibAflt()}. */
    public static final Set<String> AFIB_AFLT_SCP = Set.of("AFIB", "AFLT");

    /**
     * {@code ptbxl_afib_aflt} (binary, classes negative/positive): a PTB-XL record is positive when its
     * {@code scp_codes} keys contain AFIB (atrial fibrillation) or AFLT (atrial flutter), whatever the likelihood
     * (as the benchmark ignores it), and negative otherwise; every record is labelled. Record-level, unlike the
     * patient-level CODE-15% tasks: a within-PTB-XL stand-in for ECGencode model 1's AFib detection.
     */
    public static LabelProtocol ptbXlAfibAflt() {
        return simple("ptbxl_afib_aflt", BINARY_CLASSES, false, m -> {
            for (String l : m.labels()) if (AFIB_AFLT_SCP.contains(l.strip())) return List.of("positive");
            return List.of("negative");
        });
    }

    // ---------------------------------------------------------------- CODE-15%

    /**
     * {@code code15_af_related} (ECGencode training labels): a patient is AFib-positive when any of its exams has
     * the {@code AF} label; every exam of an AFib-positive patient is positive (prediction, AFib and NSR exams
     * alike), every exam of other patients negative. Patients are {@code patient_id}.
     */
    public static LabelProtocol code15AfRelated() {
        return code15("code15_af_related", (m, first) -> first == null ? Boolean.FALSE : Boolean.TRUE);
    }

    /**
     * {@code code15_af_nsr} (AFib detection during sinus rhythm): positives are the exams without {@code AF} of
     * AFib-positive patients whose age is equal to or above the age at the patient's first AF exam (the only
     * ordering CODE-15% allows: exams are ordered by age); negatives are all exams of patients without any AF
     * exam; AF exams, earlier (prediction) exams and exams without age of AFib-positive patients are excluded.
     */
    public static LabelProtocol code15AfNsr() {
        return code15("code15_af_nsr", (m, first) -> {
            if (first == null) return Boolean.FALSE;
            if (m.labels().contains("AF") || m.age() == null || first == UNKNOWN_AGE) return null;
            return m.age() >= first ? Boolean.TRUE : null;
        });
    }

    /**
     * {@code code15_af_prediction} (new-onset AFib prediction): positives are the exams without {@code AF} of
     * AFib-positive patients recorded at a strictly lower age than the patient's first AF exam (no upper limit
     * on the gap); negatives are all exams of patients without any AF exam; AF exams, NSR exams (age >= first
     * AF age) and exams without age of AFib-positive patients are excluded.
     */
    public static LabelProtocol code15AfPrediction() {
        return code15("code15_af_prediction", (m, first) -> {
            if (first == null) return Boolean.FALSE;
            if (m.labels().contains("AF") || m.age() == null || first == UNKNOWN_AGE) return null;
            return m.age() < first ? Boolean.TRUE : null;
        });
    }

    /** Marker for an AFib-positive patient none of whose AF exams has an age: its other exams cannot be ordered. */
    private static final int UNKNOWN_AGE = Integer.MAX_VALUE;

    /** first = age at the patient's first AF exam (null: patient never has AF; UNKNOWN_AGE: no AF exam has an age). */
    private interface AfRule {
        Boolean label(Metadata m, Integer firstAfAge);
    }

    private static LabelProtocol code15(String name, AfRule rule) {
        return new LabelProtocol() {
            public String name() { return name; }
            public boolean multiLabel() { return false; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, Integer> firstAf = new HashMap<>();
                for (Metadata m : records) {
                    if (!m.labels().contains("AF")) continue;
                    int age = m.age() == null ? UNKNOWN_AGE : m.age();
                    firstAf.merge(m.patientOrRecord(), age, Math::min);
                }
                Map<String, Set<String>> per = new LinkedHashMap<>();
                for (Metadata m : records) {
                    Integer first = firstAf.get(m.patientOrRecord());
                    Boolean y = rule.label(m, first);
                    if (y != null) per.put(m.id(), Set.of(y ? "positive" : "negative"));
                }
                return build(name, BINARY_CLASSES, false, per);
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private static LabelProtocol simple(String name, List<String> classes, boolean multi, Function<Metadata, List<String>> f) {
        return new LabelProtocol() {
            public String name() { return name; }
            public boolean multiLabel() { return multi; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, Set<String>> per = new LinkedHashMap<>();
                for (Metadata m : records) per.put(m.id(), new LinkedHashSet<>(f.apply(m)));
                return build(name, classes, multi, per);
            }
        };
    }

    private static LabelSet build(String name, List<String> classes, boolean multi, Map<String, Set<String>> per) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) idx.put(classes.get(i), i);
        Map<String, boolean[]> t = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : per.entrySet()) {
            boolean[] v = new boolean[classes.size()];
            boolean any = false;
            for (String c : e.getValue()) {
                Integer i = idx.get(c);
                if (i != null) {
                    v[i] = true;
                    any = true;
                }
            }
            if (any) {
                if (t.put(e.getKey(), v) != null) throw new IllegalArgumentException("duplicate record id " + e.getKey() + " given to protocol " + name);
            }
        }
        return new LabelSet(name, classes, multi, t);
    }
}
