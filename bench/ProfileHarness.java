import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;

/**
 * Runs one phase of one model for a while so that a profiler sees only that phase (docs/performance.md):
 *   java -XX:StartFlightRecording=filename=train.jfr,settings=profile -cp CLASSPATH bench/ProfileHarness.java \
 *        cnn_bigru_attention train 1 360 64 30
 * arguments: model, train|infer, leads, samples, batch, seconds.
 */
public class ProfileHarness {
    public static void main(String[] a) {
        String model = a[0], phase = a[1];
        int leads = Integer.parseInt(a[2]), samples = Integer.parseInt(a[3]), batch = Integer.parseInt(a[4]);
        double seconds = Double.parseDouble(a[5]);
        var b = ModelRegistry.DEFAULT.get(model);
        var s = ModelBenchmark.setup(b, ModelConfig.of(leads, samples, b.defaultShape()[2]), batch);
        for (int i = 0; i < 3; i++) { if (phase.equals("train")) s.net().fit(s.ds()); else s.net().outputSingle(false, s.x()); }
        long n = 0, t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1e9 < seconds) {
            if (phase.equals("train")) s.net().fit(s.ds()); else s.net().outputSingle(false, s.x());
            n += batch;
        }
        System.out.printf("%s %s %dx%d batch %d: %.1f samples/s%n", model, phase, leads, samples, batch, n / ((System.nanoTime() - t0) / 1e9));
    }
}
