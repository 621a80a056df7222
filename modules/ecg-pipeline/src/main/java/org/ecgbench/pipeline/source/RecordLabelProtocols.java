package org.ecgbench.pipeline.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.labels.LabelProtocol;
import org.ecgbench.databases.labels.LabelProtocols;
import org.ecgbench.databases.labels.LabelSet;
import org.ecgbench.databases.ptbxl.ScpStatements;

/**
 * The label protocols a record spec may name: every protocol of {@link LabelProtocols} plus two for the CinC
 * 2020/2021 copy, which stand in for PTB-XL and CODE-15% tasks when only the CinC-format subset is at hand:
 * <ul>
 *   <li>{@code cinc_af} (binary, classes negative/positive): positive when the record's {@code #Dx} has atrial
 *   fibrillation 164889003. CinC data has no patient ids, so every record is its own patient; under that
 *   equivalence this is CODE-15% {@code code15_af_related} (all exams of an AF patient are positive).</li>
 *   <li>{@code cinc_dx_multi} (multi-label): every {@code #Dx} SNOMED code, with the CinC scoring
 *   equivalences merged (CRBBB 713427006 = RBBB 59118001, CLBBB 733534002 = LBBB 164909002, SVPB 63593006 = PAC
 *   284470004, VPB 17338001 = PVC 427172004); codes with fewer than {@code min_positives} positive records are
 *   dropped, then records without labels. Class names are the challenge's abbreviations (from
 *   {@code label_mappings/dx_mapping_*.csv} beside or above the root) or the codes. Stands in for PTB-XL's
 *   multi-label 'all' task.</li>
 *   <li>{@code unlabeled}: every record, one class {@code record}: for {@code task: pretrain}, which ignores labels
 *   (split files are then record/patient-wise and unstratified).</li>
 * </ul>
 */
public final class RecordLabelProtocols {
    private RecordLabelProtocols() {}

    public static final String AF_SNOMED = "164889003";
    static final Map<String, String> CINC_EQUIVALENT = Map.of("713427006", "59118001", "733534002", "164909002",
            "63593006", "284470004", "17338001", "427172004");

    public static List<String> names() {
        List<String> n = new ArrayList<>(LabelProtocols.names());
        n.add("cinc_af");
        n.add("cinc_dx_multi");
        n.add("ptbxl_af_related");
        n.add("ptbxl_af_nsr");
        n.add("ptbxl_af_prediction");
        n.add("unlabeled");
        n.addAll(GENERIC);
        return n;
    }

    /** Protocols over the records' raw labels as they are (a user folder's labels CSV, or any database's raw codes). */
    public static final List<String> GENERIC = List.of("labels_single", "labels_multi", "labels_binary");

    /**
     * As {@link #byName(String, ScpStatements, int, Path)}, plus the generic protocols that read settings of the
     * {@code data.records} block: {@code labels_single} (the record's first label; classes = {@code classes} or every
     * first label, sorted), {@code labels_multi} (every label is a class; {@code classes}, or the labels with at least
     * {@code min_positives} positive records, sorted; records left without a class are left out) and
     * {@code labels_binary} (negative/positive: positive when the record has the label {@code positive}).
     */
    public static LabelProtocol byName(String name, ScpStatements scp, org.ecgbench.pipeline.spec.RecordsSpec r, Path root) {
        return switch (name) {
            case "labels_single" -> generic(name, false, r.classes, r.minPositives, null);
            case "labels_multi" -> generic(name, true, r.classes, r.minPositives, null);
            case "labels_binary" -> {
                if (r.positive == null) throw new IllegalArgumentException("labels_binary needs data.records.positive (the label that makes a record positive)");
                yield generic(name, false, List.of(), 1, r.positive);
            }
            default -> byName(name, scp, r.minPositives, root);
        };
    }

    static LabelProtocol generic(String name, boolean multi, List<String> fixedClasses, int minPositives, String positive) {
        return new LabelProtocol() {
            public String name() { return name; }
            public boolean multiLabel() { return multi; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, boolean[]> t = new LinkedHashMap<>();
                if (positive != null) {
                    for (Metadata m : records) {
                        boolean pos = m.labels().stream().anyMatch(l -> l.strip().equals(positive));
                        t.put(m.id(), new boolean[] {!pos, pos});
                    }
                    return new LabelSet(name, LabelProtocols.BINARY_CLASSES, false, t);
                }
                List<String> classes = fixedClasses.isEmpty() ? observed(records, multi, minPositives) : fixedClasses;
                for (Metadata m : records) {
                    boolean[] v = new boolean[classes.size()];
                    boolean any = false;
                    List<String> ls = multi ? m.labels() : m.labels().isEmpty() ? List.of() : m.labels().subList(0, 1);
                    for (String l : ls) {
                        int i = classes.indexOf(l.strip());
                        if (i >= 0) v[i] = any = true;
                    }
                    if (any) t.put(m.id(), v);
                }
                return new LabelSet(name, classes, multi, t);
            }
        };
    }

    private static List<String> observed(List<Metadata> records, boolean multi, int minPositives) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Metadata m : records) {
            List<String> ls = multi ? m.labels() : m.labels().isEmpty() ? List.of() : m.labels().subList(0, 1);
            for (String l : new LinkedHashSet<>(ls)) counts.merge(l.strip(), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) if (!multi || e.getValue() >= minPositives) out.add(e.getKey());
        return out;
    }

    /** The protocol by name; unknown names are errors listing the known ones. */
    public static LabelProtocol byName(String name, ScpStatements scp, int minPositives, Path root) {
        switch (name) {
            case "cinc_af":
                return cincAf();
            case "cinc_dx_multi":
                return cincDxMulti(minPositives, abbreviations(root));
            case "ptbxl_af_related", "ptbxl_af_nsr", "ptbxl_af_prediction":
                return ptbxlAf(name);
            case "unlabeled":
                return unlabeled();
            default:
        }
        try {
            return LabelProtocols.byName(name, scp, minPositives);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown label protocol")) {
                throw new IllegalArgumentException("unknown label protocol '" + name + "'; known: " + names());
            }
            throw e;
        }
    }

    /** {@code unlabeled}: every record in one class, for self-supervised pretraining. */
    static LabelProtocol unlabeled() {
        return new LabelProtocol() {
            @Override public String name() { return "unlabeled"; }
            @Override public boolean multiLabel() { return false; }
            @Override
            public LabelSet apply(List<Metadata> records) {
                Map<String, boolean[]> t = new LinkedHashMap<>();
                for (Metadata m : records) t.put(m.id(), new boolean[] {true});
                return new LabelSet("unlabeled", List.of("record"), false, t);
            }
        };
    }

    /**
     * {@code ptbxl_af_related | ptbxl_af_nsr | ptbxl_af_prediction}: the CODE-15% AFib tasks on PTB-XL (ECGencode
     * Table 1, PTB-XL rows): the SCP statement AFIB plays CODE-15%'s AF column, patients are PTB-XL's patient_id and
     * exams are ordered by age, exactly as {@code code15_af_*} (LabelProtocols).
     */
    static LabelProtocol ptbxlAf(String name) {
        LabelProtocol inner = LabelProtocols.byName(name.replace("ptbxl_", "code15_"));
        return new LabelProtocol() {
            public String name() { return name; }
            public boolean multiLabel() { return false; }
            public LabelSet apply(List<Metadata> records) {
                List<Metadata> mapped = new ArrayList<>();
                for (Metadata m : records) {
                    List<String> l = new ArrayList<>(m.labels());
                    if (l.contains("AFIB") && !l.contains("AF")) l.add("AF");
                    else if (!l.contains("AFIB")) l.remove("AF");
                    mapped.add(new Metadata(m.id(), m.database(), m.fs(), m.nSamples(), m.age(), m.sex(), l, m.patientId(), m.extra()));
                }
                LabelSet ls = inner.apply(mapped);
                Map<String, boolean[]> t = new LinkedHashMap<>();
                for (String id : ls.ids()) t.put(id, ls.target(id));
                return new LabelSet(name, ls.classes(), false, t);
            }
        };
    }

    static LabelProtocol cincAf() {
        return new LabelProtocol() {
            public String name() { return "cinc_af"; }
            public boolean multiLabel() { return false; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, boolean[]> t = new LinkedHashMap<>();
                for (Metadata m : records) {
                    boolean af = false;
                    for (String l : m.labels()) af |= l.strip().equals(AF_SNOMED);
                    t.put(m.id(), new boolean[] {!af, af});
                }
                return new LabelSet("cinc_af", LabelProtocols.BINARY_CLASSES, false, t);
            }
        };
    }

    static LabelProtocol cincDxMulti(int minPositives, Map<String, String> abbrev) {
        return new LabelProtocol() {
            public String name() { return "cinc_dx_multi"; }
            public boolean multiLabel() { return true; }
            public LabelSet apply(List<Metadata> records) {
                Map<String, Set<String>> per = new LinkedHashMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                for (Metadata m : records) {
                    Set<String> ls = new LinkedHashSet<>();
                    for (String l : m.labels()) {
                        String c = l.strip();
                        if (c.isEmpty()) continue;
                        ls.add(CINC_EQUIVALENT.getOrDefault(c, c));
                    }
                    per.put(m.id(), ls);
                    for (String c : ls) counts.merge(c, 1, Integer::sum);
                }
                List<String> codes = new ArrayList<>();
                for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() >= minPositives) codes.add(e.getKey());
                // class names: abbreviation (unique) or code
                List<String> names = new ArrayList<>();
                Map<String, String> nameOf = new HashMap<>();
                for (String c : codes) {
                    String a = abbrev.getOrDefault(c, c);
                    if (names.contains(a)) a = a + "_" + c;
                    names.add(a);
                    nameOf.put(c, a);
                }
                Map<String, boolean[]> t = new LinkedHashMap<>();
                for (Map.Entry<String, Set<String>> e : per.entrySet()) {
                    boolean[] v = new boolean[codes.size()];
                    boolean any = false;
                    for (int i = 0; i < codes.size(); i++) {
                        if (e.getValue().contains(codes.get(i))) {
                            v[i] = true;
                            any = true;
                        }
                    }
                    if (any) t.put(e.getKey(), v);
                }
                return new LabelSet("cinc_dx_multi", names, true, t);
            }
        };
    }

    /** SNOMED code → abbreviation from label_mappings/dx_mapping_scored.csv and _unscored.csv found at or above root. */
    static Map<String, String> abbreviations(Path root) {
        Map<String, String> out = new HashMap<>();
        for (Path p = root; p != null; p = p.getParent()) {
            Path dir = p.resolve("label_mappings");
            if (Files.isDirectory(dir)) {
                for (String f : List.of("dx_mapping_unscored.csv", "dx_mapping_scored.csv")) {
                    Path csv = dir.resolve(f);
                    if (!Files.isRegularFile(csv)) continue;
                    try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8,
                            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
                        for (CSVRecord r : parser) {
                            if (r.isMapped("SNOMEDCTCode") && r.isMapped("Abbreviation")) out.put(r.get("SNOMEDCTCode").strip(), r.get("Abbreviation").strip());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
                    }
                }
                break;
            }
        }
        return out;
    }
}
