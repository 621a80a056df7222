import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.nd4j.linalg.factory.Nd4j;

public class ThreadExp {
    public static void main(String[] a) throws Exception {
        var b = ModelRegistry.DEFAULT.get(a[0]);
        var s = ModelBenchmark.setup(b, ModelConfig.of(Integer.parseInt(a[1]), Integer.parseInt(a[2]), b.defaultShape()[2]), Integer.parseInt(a[3]));
        double sec = Double.parseDouble(a[4]);
        var env = Nd4j.getEnvironment();
        int ew = env.elementwiseThreshold(), tad = env.tadThreshold();
        System.out.println("defaults: maxThreads " + env.maxThreads() + " master " + env.maxMasterThreads() + " elementwise " + ew + " tad " + tad);
        String[] modes = {"t2", "t2-thr", "t1"};
        for (int r = 0; r < 2; r++) for (String m : modes) {
            env.setMaxThreads(m.equals("t1") ? 1 : 2); env.setMaxMasterThreads(m.equals("t1") ? 1 : 2);
            env.setElementwiseThreshold(m.equals("t2-thr") ? 65536 : ew); env.setTadThreshold(m.equals("t2-thr") ? 64 : tad);
            double[] t = ModelBenchmark.throughput(s, sec);
            System.out.printf("round %d %s train %.1f infer %.1f  load %s%n", r, m, t[0], t[1], java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).substring(0, 14));
        }
    }
}
