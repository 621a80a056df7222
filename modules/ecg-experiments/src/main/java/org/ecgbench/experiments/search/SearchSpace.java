package org.ecgbench.experiments.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.ecgbench.pipeline.spec.ExperimentSpec;

/**
 * The spec's {@code search.space} as one Arbiter {@link ParameterSpace} whose value is a map dotted spec path → value,
 * and its candidates from Arbiter's {@link RandomSearchGenerator} (seeded) or {@link GridSearchCandidateGenerator}
 * (sequential order). Continuous values are rounded to 4 significant digits, so that a trial's parameters as written in
 * {@code trials.csv} are exactly the ones it ran with. The candidate sequence depends only on the space and the seed, so a
 * resumed search regenerates the same candidates and skips the completed ones.
 */
public final class SearchSpace implements ParameterSpace<Map<String, Object>> {
    private final Map<String, ParameterSpace<?>> leaves = new LinkedHashMap<>();

    public SearchSpace(ExperimentSpec.Search search) {
        for (ExperimentSpec.Search.Dimension d : search.space.values()) leaves.put(d.path, leaf(d));
    }

    private static ParameterSpace<?> leaf(ExperimentSpec.Search.Dimension d) {
        return switch (d.kind) {
            case UNIFORM -> new ContinuousParameterSpace(d.lo, d.hi);
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(d.lo, d.hi));
            case INT -> new IntegerParameterSpace((int) d.lo, (int) d.hi);
            case CHOICE -> new DiscreteParameterSpace<>(new ArrayList<>(d.values));
        };
    }

    /** The dotted paths, in the spec's order (the parameter columns of trials.csv). */
    public List<String> paths() {
        return List.copyOf(leaves.keySet());
    }

    /** Up to {@code max} candidates: random (seeded) or the grid in sequential order ({@code gridPoints} per continuous dimension). */
    public static List<Map<String, Object>> candidates(ExperimentSpec.Search search, int max) {
        SearchSpace space = new SearchSpace(search);
        CandidateGenerator gen;
        if (search.method == ExperimentSpec.Search.Method.GRID) {
            gen = new GridSearchCandidateGenerator(space, search.gridPoints, GridSearchCandidateGenerator.Mode.Sequential, null);
        } else {
            RandomSearchGenerator r = new RandomSearchGenerator(space, null);
            r.setRngSeed(search.seed);
            gen = r;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < max && gen.hasMoreCandidates()) {
            Candidate<?> c = gen.getCandidate();
            if (c.getException() != null) throw new IllegalStateException("Arbiter candidate failed", c.getException());
            @SuppressWarnings("unchecked")
            Map<String, Object> v = (Map<String, Object>) c.getValue();
            out.add(v);
        }
        return out;
    }

    @Override
    public Map<String, Object> getValue(double[] parameterValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterSpace<?>> e : leaves.entrySet()) m.put(e.getKey(), round(e.getValue().getValue(parameterValues)));
        return m;
    }

    static Object round(Object v) {
        if (v instanceof Double d) return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", d));
        return v;
    }

    @Override
    public int numParameters() {
        int n = 0;
        for (ParameterSpace<?> p : leaves.values()) n += p.numParameters();
        return n;
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> out = new ArrayList<>();
        for (ParameterSpace<?> p : leaves.values()) out.addAll(p.collectLeaves());
        return out;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(leaves);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("set on the leaves");
    }
}
