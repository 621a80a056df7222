package org.ecgbench.experiments.pretrain;

import java.util.SplittableRandom;

/**
 * HuBERT/wav2vec 2.0 time masking: every frame starts a masked span of {@code length} frames with
 * probability {@code prob} (spans may overlap and are cut at the end); a window that would get no
 * masked frame gets one span at a random start, so every window contributes to the loss. HuBERT uses
 * p = 0.08 and spans of 10 frames at 50 frames/s (about half the frames masked); for 17-frame beats
 * we scale the span down (3 frames, p = 0.2: expected masked share 1 − 0.8³ ≈ 0.49).
 */
public final class SpanMasker {
    private final double prob;
    private final int length;

    public SpanMasker(double prob, int length) {
        if (!(prob > 0 && prob < 1)) throw new IllegalArgumentException("mask prob must be in (0, 1)");
        if (length < 1) throw new IllegalArgumentException("mask length must be >= 1");
        this.prob = prob;
        this.length = length;
    }

    public boolean[] mask(int frames, SplittableRandom r) {
        boolean[] m = new boolean[frames];
        boolean any = false;
        for (int t = 0; t < frames; t++) {
            if (r.nextDouble() < prob) {
                for (int u = t; u < Math.min(frames, t + length); u++) m[u] = true;
                any = true;
            }
        }
        if (!any) {
            int s = r.nextInt(Math.max(1, frames - length + 1));
            for (int u = s; u < Math.min(frames, s + length); u++) m[u] = true;
        }
        return m;
    }
}
