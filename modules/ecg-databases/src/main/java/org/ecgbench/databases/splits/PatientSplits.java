package org.ecgbench.databases.splits;

import org.ecgbench.databases.Metadata;
import org.ecgbench.databases.labels.LabelSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Patient-wise splits. Every function keeps all records of a patient ({@link Metadata#patientOrRecord()}) in
 * the same part; results map record id to part index and can be saved with {@link SplitFile}.
 */
public final class PatientSplits {
    private PatientSplits() {}

    public static final int TRAIN = 0;
    public static final int VAL = 1;
    public static final int TEST = 2;

    /**
     * PTB-XL's recommended split from {@code strat_fold} (itself patient-wise): folds 1-8 -> {@link #TRAIN},
     * 9 -> {@link #VAL}, 10 -> {@link #TEST}. Records without a valid strat_fold are an error.
     */
    public static LinkedHashMap<String, Integer> ptbXl(List<Metadata> records) {
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        for (Metadata m : records) {
            String f = m.extra().get("strat_fold");
            int fold;
            try {
                fold = Integer.parseInt(f);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("PTB-XL record " + m.id() + " has no integer strat_fold (got '" + f + "')");
            }
            if (fold < 1 || fold > 10) throw new IllegalArgumentException("PTB-XL record " + m.id() + ": strat_fold " + fold + " not in 1..10");
            out.put(m.id(), fold <= 8 ? TRAIN : fold == 9 ? VAL : TEST);
        }
        return out;
    }

    /**
     * A share of a record list for learning curves: the ids are sorted, shuffled with {@code seed} and the first
     * {@code max(1, round(fraction * n))} kept, returned in their original order. The same seed gives nested subsets
     * (a smaller fraction's records are all in a larger fraction's), so the points of a curve differ only by added
     * records. Record-wise (the list comes from one fold of a patient-wise split file, so no patient can cross folds).
     */
    public static List<String> nestedFraction(List<String> ids, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(ids));
        if (sorted.size() != ids.size()) throw new IllegalArgumentException("duplicate record ids in the list to subsample");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = sorted.size() - 1; i > 0; i--) java.util.Collections.swap(sorted, i, rnd.nextInt(i + 1));
        int k = Math.max(1, (int) Math.round(fraction * sorted.size()));
        java.util.Set<String> keep = new java.util.HashSet<>(sorted.subList(0, k));
        List<String> out = new ArrayList<>(k);
        for (String id : ids) if (keep.contains(id)) out.add(id);
        return out;
    }

    /** CODE-15% train/val/test = 80/10/10, patient-wise, stratified by {@code labels} ({@link #patientStratified}). */
    public static LinkedHashMap<String, Integer> code15(List<Metadata> records, LabelSet labels, long seed) {
        return patientStratified(records, labels, new double[]{0.8, 0.1, 0.1}, seed);
    }

    /** Patient-wise stratified k folds (parts 0..k-1, equal shares); for CPSC and Chapman records = patients. */
    public static LinkedHashMap<String, Integer> patientKFold(List<Metadata> records, LabelSet labels, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
        double[] f = new double[k];
        java.util.Arrays.fill(f, 1.0 / k);
        return patientStratified(records, labels, f, seed);
    }

    /**
     * Assigns whole patients to parts with the given fractions (normalised to sum 1), stratified by label.
     * Each patient gets a stratum: the rarest class (over all records given) among the classes of its labelled
     * records, or "unlabelled" when none of its records is in {@code labels} (or {@code labels} is null). Within
     * each stratum the patients (sorted by id, then shuffled with {@code seed}) are assigned one by one to the
     * part whose record count is furthest below its target share of that stratum's records. Deterministic for a
     * given seed and input.
     */
    public static LinkedHashMap<String, Integer> patientStratified(List<Metadata> records, LabelSet labels, double[] fractions, long seed) {
        if (fractions.length < 1) throw new IllegalArgumentException("need at least one fraction");
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0)) throw new IllegalArgumentException("fractions must be >= 0: " + java.util.Arrays.toString(fractions));
            sum += f;
        }
        if (!(sum > 0)) throw new IllegalArgumentException("fractions sum to 0");
        Map<String, List<Metadata>> byPatient = new TreeMap<>();
        for (Metadata m : records) byPatient.computeIfAbsent(m.patientOrRecord(), p -> new ArrayList<>()).add(m);
        Map<String, Integer> classCount = labels == null ? Map.of() : labels.counts();
        Map<String, List<String>> strata = new TreeMap<>();
        for (Map.Entry<String, List<Metadata>> e : byPatient.entrySet()) {
            String stratum = "unlabelled";
            int best = Integer.MAX_VALUE;
            if (labels != null) {
                for (Metadata m : e.getValue()) {
                    if (!labels.contains(m.id())) continue;
                    boolean[] t = labels.target(m.id());
                    for (int i = 0; i < t.length; i++) {
                        if (!t[i]) continue;
                        String c = labels.classes().get(i);
                        int n = classCount.get(c);
                        if (n < best || (n == best && c.compareTo(stratum) < 0)) {
                            best = n;
                            stratum = c;
                        }
                    }
                }
            }
            strata.computeIfAbsent(stratum, s -> new ArrayList<>()).add(e.getKey());
        }
        Random rnd = new Random(seed);
        Map<String, Integer> partOfPatient = new HashMap<>();
        for (Map.Entry<String, List<String>> s : strata.entrySet()) {
            List<String> patients = s.getValue();
            Collections.shuffle(patients, rnd);
            int total = 0;
            for (String p : patients) total += byPatient.get(p).size();
            double[] have = new double[fractions.length];
            for (String p : patients) {
                int best = 0;
                double bestDeficit = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < fractions.length; k++) {
                    double deficit = fractions[k] / sum * total - have[k];
                    if (deficit > bestDeficit + 1e-12) {
                        bestDeficit = deficit;
                        best = k;
                    }
                }
                have[best] += byPatient.get(p).size();
                partOfPatient.put(p, best);
            }
        }
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        for (Metadata m : records) out.put(m.id(), partOfPatient.get(m.patientOrRecord()));
        return out;
    }
}
