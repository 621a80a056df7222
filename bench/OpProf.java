import org.ecgbench.experiments.bench.ModelBenchmark;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.ModelRegistry;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.profiler.OpProfiler;

public class OpProf {
    public static void main(String[] a) throws Exception {
        var b = ModelRegistry.DEFAULT.get(a[0]);
        var s = ModelBenchmark.setup(b, ModelConfig.of(Integer.parseInt(a[1]), Integer.parseInt(a[2]), b.defaultShape()[2]), Integer.parseInt(a[3]));
        boolean train = a[4].equals("train");
        for (int i = 0; i < 3; i++) if (train) s.net().fit(s.ds()); else s.net().outputSingle(false, s.x());
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.valueOf(System.getProperty("pm","ALL")));
        OpProfiler.getInstance().reset();
        for (int i = 0; i < 5; i++) if (train) s.net().fit(s.ds()); else s.net().outputSingle(false, s.x());
        OpProfiler.getInstance().printOutDashboard();
    }
}
