package org.ecgbench.signal.split;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgbench.signal.mitbih.BeatExtractor;
import org.ecgbench.signal.mitbih.BeatLabels;

/**
 * The procedure that produced the committed validation hold-outs (a test re-runs it and compares
 * with the files): from a pool of training records, draw {@code k = round(fraction · |pool|)}
 * records with a seeded shuffle; accept the draw only if the hold-out holds at least
 * {@code minValShare} of the pool's N, S and V beats (AAMI) and at least 10 beats of each of N, S,
 * V and F (F beats sit almost all in one DS1 record, 208, so a share cannot be asked of F), so that
 * early stopping on macro F1 sees every class; and the remaining training records keep at least
 * {@code minTrainShare} of each class's beats. Otherwise draw again from the same random stream.
 * Patient-wise by construction.
 */
public final class MitBihSplits {
    private MitBihSplits() {}

    public record Holdout(List<String> train, List<String> validation, int attempts) {}

    public static Holdout makeValidationHoldout(Path mitdbDir, List<String> pool, double fraction, double minValShare,
                                                 double minTrainShare, long seed)
            throws IOException {
        BeatLabels aami = BeatLabels.byName("aami5");
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String r : pool) counts.put(r, BeatExtractor.countLabels(mitdbDir, List.of(r), aami));
        int k = (int) Math.round(fraction * pool.size());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= 10_000; attempt++) {
            List<String> p = new ArrayList<>(pool);
            org.ecgbench.signal.util.Shuffle.inPlace(p, rnd);
            List<String> val = new ArrayList<>(p.subList(0, k));
            int[] v = new int[5], all = new int[5];
            for (String r : pool) {
                int[] c = counts.get(r);
                for (int i = 0; i < 5; i++) {
                    all[i] += c[i];
                    if (val.contains(r)) v[i] += c[i];
                }
            }
            boolean ok = true;
            for (int i = 0; i < 4; i++) { // N S V F must be in the hold-out
                if (v[i] < 10 || (i < 3 && v[i] < minValShare * all[i])) ok = false;
                if (all[i] > 0 && (all[i] - v[i]) < minTrainShare * all[i]) ok = false;
            }
            if (ok) {
                List<String> train = new ArrayList<>();
                for (String r : pool) if (!val.contains(r)) train.add(r);
                val.sort(null);
                return new Holdout(train, val, attempt);
            }
        }
        throw new IllegalStateException("no acceptable hold-out found in 10,000 draws");
    }
}
