package org.ecgbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.onnx.OnnxExporter;
import org.ecgbench.onnx.OnnxRuntimePredictor;
import org.ecgbench.pipeline.io.Json;
import org.ecgbench.pipeline.io.Provenance;
import org.ecgbench.pipeline.spec.ExperimentSpec;
import org.ecgbench.quant.PackedModelFormat;
import org.ecgbench.signal.data.DataPaths;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecgbench export}: a trained model (a result folder's {@code model.zip}, or a packed {@code .ecgq} file, whose
 * weights are exported dequantized) as an ONNX file, checked against DL4J by ONNX Runtime on random inputs, with its
 * provenance beside it.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a trained model (result folder, model.zip or .ecgq) to ONNX and check it with ONNX Runtime.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A result folder (with model.zip and provenance.json), a model.zip, or a packed .ecgq file.")
    Path model;

    @Option(names = "--out", description = "ONNX file to write (default: <result folder>/model.onnx, or beside the model file).")
    Path out;

    @Option(names = "--leads", description = "Input leads (default: from the run's spec).")
    Integer leads;

    @Option(names = "--samples", description = "Input samples (default: from the run's spec).")
    Integer samples;

    @Override
    public Integer call() throws Exception {
        Backend.init();
        Path root = DataPaths.projectRoot();
        Path m = model.isAbsolute() ? model : root.resolve(model);
        Path dir = Files.isDirectory(m) ? m : m.getParent();
        Path file = Files.isDirectory(m) ? m.resolve("model.zip") : m;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no model file " + file + " (give a result folder with model.zip, a model.zip or an .ecgq file)");
        ComputationGraph net = file.toString().endsWith(".ecgq") ? PackedModelFormat.read(file) : ModelSerializer.restoreComputationGraph(file.toFile(), false);
        int[] shape = inputShape(dir, root);
        int l = leads != null ? leads : shape[0], s = samples != null ? samples : shape[1];
        if (l <= 0 || s <= 0) throw new IllegalArgumentException("cannot tell the input shape of " + file + ": give --leads and --samples");
        int classes = (int) net.getOutputLayer(0).getParam("W").size(1);
        Path target = out != null ? out : (Files.isDirectory(m) ? m.resolve("model.onnx") : m.resolveSibling(m.getFileName().toString().replaceAll("\\.(zip|ecgq)$", "") + ".onnx"));
        OnnxExporter.exportToFile(net, ModelConfig.of(l, s, classes), target);
        double maxDiff = check(net, target, l, s);
        Map<String, Object> prov = new LinkedHashMap<>(Provenance.collect(root).fields());
        prov.put("source_model", DataPaths.display(file));
        prov.put("onnx_file", DataPaths.display(target));
        prov.put("input_shape", l + " x " + s);
        prov.put("classes", classes);
        prov.put("opset", OnnxExporter.OPSET);
        prov.put("quantized_weights", file.toString().endsWith(".ecgq") ? "dequantized to float32" : "none");
        prov.put("max_abs_diff_vs_dl4j_random_inputs", maxDiff);
        Files.writeString(target.resolveSibling(target.getFileName() + ".provenance.json"), Json.write(prov) + "\n");
        System.out.printf("wrote %s (%d x %d -> %d classes); ONNX Runtime vs DL4J on 8 random inputs: max |dp| %.2e%n", target, l, s, classes, maxDiff);
        if (maxDiff > 1e-4) throw new IllegalStateException("the exported model differs from DL4J by " + maxDiff);
        return 0;
    }

    /** Leads and samples from the run's spec (provenance.json → spec_file), or {0, 0}. */
    static int[] inputShape(Path dir, Path root) {
        try {
            JsonNode p = Json.readObject(dir.resolve("provenance.json"));
            ExperimentSpec spec = ExperimentSpec.load(root.resolve(p.path("spec_file").asText()));
            if (spec.data.records != null) return new int[] {spec.data.leadsGiven ? spec.data.leads.size() : 12, spec.data.records.length};
            return new int[] {spec.data.leads.size(), spec.data.windowLength};
        } catch (Exception e) {
            return new int[] {0, 0};
        }
    }

    static double check(ComputationGraph net, Path onnx, int leads, int samples) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, leads, samples).subi(0.5);
        INDArray a = net.outputSingle(false, x);
        try (OnnxRuntimePredictor p = new OnnxRuntimePredictor(onnx, 2, 8, false)) {
            INDArray b = p.predict(x);
            return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        }
    }
}
