import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;

public class BnExp {
    static void setBnHelper(org.deeplearning4j.nn.graph.ComputationGraph g, boolean off, java.util.Map<Object,Object> saved) throws Exception {
        var f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
        f.setAccessible(true);
        for (var l : g.getLayers()) if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization b) {
            if (off) { saved.putIfAbsent(b, f.get(b)); f.set(b, null); } else f.set(b, saved.get(b));
        }
    }
    public static void main(String[] a) throws Exception {
        String model = a[0]; int leads = Integer.parseInt(a[1]), samples = Integer.parseInt(a[2]), batch = Integer.parseInt(a[3]);
        double sec = Double.parseDouble(a[4]);
        var b = ModelRegistry.DEFAULT.get(model);
        var s = ModelBenchmark.setup(b, ModelConfig.of(leads, samples, b.defaultShape()[2]), batch);
        var saved = new java.util.HashMap<Object,Object>();
        for (int r = 0; r < 3; r++) {
            for (boolean off : new boolean[] {false, true}) {
                setBnHelper(s.net(), off, saved);
                double[] t = ModelBenchmark.throughput(s, sec);
                System.out.printf("round %d bnHelper=%s train %.1f infer %.1f%n", r, off ? "off" : "on", t[0], t[1]);
            }
        }
    }
}
