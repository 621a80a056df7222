package org.ecgbench.signal.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Butterworth low-, high- and band-pass filters as cascades of second-order sections designed by
 * the bilinear transform with frequency pre-warping (each pole pair of the analogue prototype
 * becomes one biquad with Q = 1 / (2 sin((2k−1)π / 2N)); an odd order adds a first-order section).
 * Applied forward and backward (zero phase, like scipy's filtfilt), so the magnitude response is
 * squared and there is no phase delay; the ends are padded by odd reflection to limit transients.
 */
public final class Butterworth implements SignalStep {
    public enum Type { LOWPASS, HIGHPASS, BANDPASS }

    private final Type type;
    private final int order;
    private final double lowHz;
    private final double highHz;

    public Butterworth(Type type, int order, double lowHz, double highHz) {
        if (order < 1 || order > 10) throw new IllegalArgumentException("filter order must be in 1..10, got " + order);
        if (type != Type.LOWPASS && !(lowHz > 0)) throw new IllegalArgumentException("low_hz must be > 0, got " + lowHz);
        if (type != Type.HIGHPASS && !(highHz > 0)) throw new IllegalArgumentException("high_hz must be > 0, got " + highHz);
        if (type == Type.BANDPASS && !(lowHz < highHz)) throw new IllegalArgumentException("low_hz must be < high_hz");
        this.type = type;
        this.order = order;
        this.lowHz = lowHz;
        this.highHz = highHz;
    }

    /** Second-order (or first-order, b2 = a2 = 0) section: {b0, b1, b2, a1, a2} with a0 = 1. */
    record Section(double b0, double b1, double b2, double a1, double a2) {}

    List<Section> design(double fs) {
        List<Section> s = new ArrayList<>();
        if (type != Type.LOWPASS) s.addAll(sections(false, lowHz, fs));
        if (type != Type.HIGHPASS) s.addAll(sections(true, highHz, fs));
        return s;
    }

    private List<Section> sections(boolean low, double fc, double fs) {
        if (fc >= fs / 2) throw new IllegalArgumentException(String.format(Locale.ROOT,
                "cut-off %.3f Hz is not below the Nyquist frequency %.1f Hz", fc, fs / 2));
        List<Section> out = new ArrayList<>();
        double k = Math.tan(Math.PI * fc / fs); // pre-warped
        for (int i = 1; i <= order / 2; i++) {
            double q = 1.0 / (2 * Math.sin((2 * i - 1) * Math.PI / (2.0 * order)));
            double norm = 1 / (1 + k / q + k * k);
            if (low) {
                double b0 = k * k * norm;
                out.add(new Section(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm));
            } else {
                out.add(new Section(norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm));
            }
        }
        if ((order & 1) == 1) {
            double norm = 1 / (1 + k);
            if (low) out.add(new Section(k * norm, k * norm, 0, (k - 1) * norm, 0));
            else out.add(new Section(norm, -norm, 0, (k - 1) * norm, 0));
        }
        return out;
    }

    /** Magnitude response of one forward pass at frequency f (for tests). */
    double magnitude(double f, double fs) {
        double w = 2 * Math.PI * f / fs;
        double re = 1, im = 0;
        for (Section s : design(fs)) {
            double nr = s.b0() + s.b1() * Math.cos(w) + s.b2() * Math.cos(2 * w);
            double ni = -s.b1() * Math.sin(w) - s.b2() * Math.sin(2 * w);
            double dr = 1 + s.a1() * Math.cos(w) + s.a2() * Math.cos(2 * w);
            double di = -s.a1() * Math.sin(w) - s.a2() * Math.sin(2 * w);
            double mr = (nr * dr + ni * di) / (dr * dr + di * di);
            double mi = (ni * dr - nr * di) / (dr * dr + di * di);
            double r2 = re * mr - im * mi;
            im = re * mi + im * mr;
            re = r2;
        }
        return Math.hypot(re, im);
    }

    @Override
    public double[] apply(double[] x, double fs) {
        int n = x.length;
        if (n < 2) return x.clone();
        List<Section> secs = design(fs);
        double minHz = type == Type.LOWPASS ? highHz : lowHz;
        int pad = (int) Math.min(n - 1, Math.max(3 * (2 * secs.size() + 1), Math.round(3 * fs / minHz)));
        double[] y = new double[n + 2 * pad];
        for (int i = 0; i < pad; i++) {
            y[i] = 2 * x[0] - x[pad - i];
            y[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, y, pad, n);
        for (Section s : secs) pass(s, y, false);
        for (Section s : secs) pass(s, y, true);
        double[] out = new double[n];
        System.arraycopy(y, pad, out, 0, n);
        return out;
    }

    /** Direct form II transposed, initial state at the steady state for the first input value. */
    private static void pass(Section s, double[] y, boolean backward) {
        int n = y.length;
        double x0 = backward ? y[n - 1] : y[0];
        double dc = (s.b0() + s.b1() + s.b2()) / (1 + s.a1() + s.a2());
        double z1 = (dc - s.b0()) * x0;
        double z2 = (s.b2() - s.a2() * dc) * x0;
        // steady state for constant input x0 with output dc*x0: z1 = y - b0 x; z2 = b2 x - a2 y
        for (int j = 0; j < n; j++) {
            int i = backward ? n - 1 - j : j;
            double xi = y[i];
            double yi = s.b0() * xi + z1;
            z1 = s.b1() * xi - s.a1() * yi + z2;
            z2 = s.b2() * xi - s.a2() * yi;
            y[i] = yi;
        }
    }

    @Override
    public String describe() {
        return switch (type) {
            case LOWPASS -> String.format(Locale.ROOT, "lowpass: Butterworth order %d, %.2f Hz, zero-phase (forward-backward)", order, highHz);
            case HIGHPASS -> String.format(Locale.ROOT, "highpass: Butterworth order %d, %.2f Hz, zero-phase (forward-backward)", order, lowHz);
            case BANDPASS -> String.format(Locale.ROOT, "bandpass: Butterworth order %d, %.2f-%.2f Hz, zero-phase (forward-backward)", order, lowHz, highHz);
        };
    }
}
