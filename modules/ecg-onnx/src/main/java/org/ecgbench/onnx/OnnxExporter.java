package org.ecgbench.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ecgbench.models.ModelConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exports a DL4J {@link ComputationGraph} to an ONNX model (opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}) for inference. The graph is walked in DL4J's topological order; every layer,
 * vertex and input preprocessor is translated by the converter registered for its exact class in
 * {@link ConverterRegistry} (an unsupported class fails with a message naming the layer and its
 * class). Parameters become float32 initializers; inference-only semantics are exported (dropout and
 * noise layers are identities, batch norm uses its running statistics).
 *
 * <p>Graph interface: one float32 input per network input, named as in DL4J ({@code input} for every
 * registered model, shape {@code [batch, leads, samples]} with a symbolic batch dimension); the
 * network output as {@value #OUTPUT} ({@code [batch, classes]}, softmax/sigmoid probabilities) and,
 * when the output layer is a dense {@code OutputLayer}, its pre-activation as {@value #LOGITS}.
 *
 * <p>Quantized models: {@code FakeQuantizer} and {@code PackedModelFormat.read} give a DL4J graph
 * whose weights hold the dequantized values (q·scale), so exporting that graph writes those values
 * as float32 initializers: outputs equal the fake-quantized DL4J model's, the file is not smaller.
 */
public final class OnnxExporter {
    /** ONNX operator set the exporter writes (default domain). */
    public static final int OPSET = 13;
    /** ONNX IR version 7 (ONNX 1.8), the one that goes with opset 13. */
    public static final long IR_VERSION = 7;
    public static final String OUTPUT = "output";
    public static final String LOGITS = "logits";

    private final ConverterRegistry registry;

    /**
     * Export options: whether to add the {@value #LOGITS} output, the graph name, free-form metadata,
     * DL4J vertices whose activations become extra graph outputs named {@code debug/<vertex>}
     * (for locating a mismatch layer by layer), and whether parallel strided convolutions merged on the
     * channel axis are fused ({@link ParallelConvFusion}; default on).
     */
    public record Options(boolean logits, String graphName, Map<String, String> metadata, List<String> debugVertices, boolean fuseParallelConvs) {
        public Options {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            graphName = graphName == null ? "ecgbench" : graphName;
            debugVertices = debugVertices == null ? List.of() : List.copyOf(debugVertices);
        }

        public static Options defaults() {
            return new Options(true, "ecgbench", Map.of(), List.of(), true);
        }

        public Options withMetadata(Map<String, String> m) {
            Map<String, String> all = new LinkedHashMap<>(metadata);
            all.putAll(m);
            return new Options(logits, graphName, all, debugVertices, fuseParallelConvs);
        }

        public Options withGraphName(String n) {
            return new Options(logits, n, metadata, debugVertices, fuseParallelConvs);
        }

        public Options withDebugVertices(List<String> v) {
            return new Options(logits, graphName, metadata, v, fuseParallelConvs);
        }

        public Options withFuseParallelConvs(boolean f) {
            return new Options(logits, graphName, metadata, debugVertices, f);
        }
    }

    public OnnxExporter() {
        this(ConverterRegistry.defaults());
    }

    public OnnxExporter(ConverterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Exports a registered model built from {@code cfg}: input {@code [batch, cfg.leads(), cfg.samples()]},
     * metadata records the leads, samples, classes and multi-label flag.
     */
    public Onnx.ModelProto export(ComputationGraph net, ModelConfig cfg, Options opt) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("ecgbench.leads", Integer.toString(cfg.leads()));
        md.put("ecgbench.samples", Integer.toString(cfg.samples()));
        md.put("ecgbench.classes", Integer.toString(cfg.numClasses()));
        md.put("ecgbench.multi_label", Boolean.toString(cfg.multiLabel()));
        return export(net, opt.withMetadata(md), InputType.recurrent(cfg.leads(), cfg.samples()));
    }

    /**
     * Exports {@code net}; {@code inputTypes} are the DL4J input types of the network inputs in order
     * (DL4J does not keep them in a built configuration), e.g. {@code InputType.recurrent(leads, samples)}.
     */
    public Onnx.ModelProto export(ComputationGraph net, Options opt, InputType... inputTypes) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        if (inputTypes == null || inputTypes.length != inputs.size()) {
            throw new IllegalArgumentException("ONNX export: the network has inputs " + inputs + " but " + (inputTypes == null ? 0 : inputTypes.length)
                    + " input types were given");
        }
        Map<String, InputType> types = new HashMap<>(conf.getLayerActivationTypes(inputTypes));
        for (int i = 0; i < inputs.size(); i++) types.put(inputs.get(i), inputTypes[i]);
        List<String> outputs = conf.getNetworkOutputs();
        List<String> reserved = new ArrayList<>(inputs);
        reserved.add(OUTPUT);
        reserved.add(LOGITS);
        OnnxGraph g = new OnnxGraph(reserved);
        Map<String, String> tensor = new HashMap<>();
        for (String in : inputs) tensor.put(in, in);
        Map<String, String> logits = new HashMap<>();

        Map<String, ParallelConvFusion.Plan> fusions = opt.fuseParallelConvs() ? ParallelConvFusion.plan(conf, types) : Map.of();
        java.util.Set<String> fusedConvs = new java.util.HashSet<>();
        for (ParallelConvFusion.Plan p : fusions.values()) fusedConvs.addAll(p.convs());
        for (String v : opt.debugVertices()) {
            if (fusedConvs.contains(v)) throw new IllegalArgumentException("ONNX export: debug vertex '" + v + "' is fused away; export with withFuseParallelConvs(false)");
        }

        org.deeplearning4j.nn.graph.vertex.GraphVertex[] rt = net.getVertices();
        for (int idx : net.topologicalSortOrder()) {
            String name = rt[idx].getVertexName();
            if (rt[idx].isInputVertex() || fusedConvs.contains(name)) continue;
            GraphVertex v = conf.getVertices().get(name);
            ParallelConvFusion.Plan fusion = fusions.get(name);
            if (fusion != null) {
                List<org.deeplearning4j.nn.conf.layers.ConvolutionLayer> convs = new ArrayList<>();
                List<INDArray> weights = new ArrayList<>();
                for (String c : fusion.convs()) {
                    convs.add((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) ((LayerVertex) conf.getVertices().get(c)).getLayerConf().getLayer());
                    weights.add(net.getLayer(c).getParam("W"));
                }
                tensor.put(name, ParallelConvFusion.convert(g, fusion, tensor.get(fusion.input()),
                        (InputType.InputTypeConvolutional) types.get(fusion.input()), convs, weights));
                continue;
            }
            List<String> vin = conf.getVertexInputs().get(name);
            List<String> inNames = new ArrayList<>();
            List<InputType> inTypes = new ArrayList<>();
            for (String s : vin) {
                String t = tensor.get(s);
                if (t == null) throw new IllegalStateException("ONNX export: vertex '" + name + "' reads '" + s + "', not yet converted");
                inNames.add(t);
                inTypes.add(types.get(s));
            }
            String out;
            if (v instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                if (inNames.size() != 1) throw new UnsupportedOperationException("ONNX export: layer '" + name + "' has " + inNames.size() + " inputs");
                String x = inNames.get(0);
                InputType xt = inTypes.get(0);
                InputPreProcessor pre = lv.getPreProcessor();
                if (pre != null) {
                    x = registry.preprocessorFor(name, pre).convert(g, name, pre, x, xt);
                    xt = pre.getOutputType(xt);
                }
                Map<String, INDArray> params = net.getLayer(name).paramTable();
                LayerNode node = new LayerNode(name, layer, params, x, xt, types.get(name), s -> logits.put(name, s));
                out = registry.layerFor(name, layer).convert(g, node);
            } else {
                out = registry.vertexFor(name, v).convert(g, name, v, inNames, inTypes);
            }
            tensor.put(name, out);
        }

        Onnx.GraphProto.Builder gb = Onnx.GraphProto.newBuilder().setName(opt.graphName());
        for (int i = 0; i < inputs.size(); i++) gb.addInput(valueInfo(inputs.get(i), inputTypes[i]));
        for (String o : outputs) {
            String onnxName = outputs.size() == 1 ? OUTPUT : o;
            g.opNamed("Identity", List.of(tensor.get(o)), List.of(onnxName));
            gb.addOutput(valueInfo(onnxName, types.get(o)));
            if (opt.logits() && logits.containsKey(o)) {
                String ln = outputs.size() == 1 ? LOGITS : o + "_" + LOGITS;
                g.opNamed("Identity", List.of(logits.get(o)), List.of(ln));
                gb.addOutput(valueInfo(ln, types.get(o)));
            }
        }
        for (String v : opt.debugVertices()) {
            String t = tensor.get(v);
            if (t == null) throw new IllegalArgumentException("ONNX export: debug vertex '" + v + "' is not in the graph");
            g.opNamed("Identity", List.of(t), List.of("debug/" + v));
            gb.addOutput(Onnx.ValueInfoProto.newBuilder().setName("debug/" + v).setType(Onnx.TypeProto.newBuilder().setTensorType(
                    Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        }
        gb.addAllNode(g.nodes());
        gb.addAllInitializer(g.initializers());

        Onnx.ModelProto.Builder mb = Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("ecgbench-onnx")
                .setProducerVersion(version()).setDomain("org.ecgbench").setModelVersion(1)
                .setDocString("Exported from a DL4J ComputationGraph by ecgbench (inference semantics: dropout/noise removed, "
                        + "batch norm with running statistics; weights as stored in the DL4J model, i.e. dequantized for quantized models)")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(gb);
        for (Map.Entry<String, String> e : opt.metadata().entrySet()) {
            mb.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return mb.build();
    }

    /** Writes {@code model} to {@code file} (parent directories created). */
    public static void write(Onnx.ModelProto model, Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file)) {
            model.writeTo(os);
        }
    }

    /** Convenience: export a registered model built from {@code cfg} with default options and write it to {@code file}. */
    public static Onnx.ModelProto exportToFile(ComputationGraph net, ModelConfig cfg, Path file) throws IOException {
        Onnx.ModelProto m = new OnnxExporter().export(net, cfg, Options.defaults());
        write(m, file);
        return m;
    }

    private static String version() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Float32 value info with a symbolic batch dimension. */
    static Onnx.ValueInfoProto valueInfo(String name, InputType t) {
        long[] dims;
        if (t instanceof InputType.InputTypeRecurrent r) {
            dims = new long[] {r.getSize(), r.getTimeSeriesLength()};
        } else if (t instanceof InputType.InputTypeConvolutional c) {
            dims = new long[] {c.getChannels(), c.getHeight(), c.getWidth()};
        } else if (t instanceof InputType.InputTypeFeedForward f) {
            dims = new long[] {f.getSize()};
        } else {
            throw new UnsupportedOperationException("ONNX export: input/output '" + name + "' of type " + t);
        }
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder db = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d > 0) db.setDimValue(d);
            else db.setDimParam(name + "_dim");
            s.addDim(db);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
