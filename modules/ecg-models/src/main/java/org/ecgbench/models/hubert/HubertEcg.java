package org.ecgbench.models.hubert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.ecgbench.models.Backend;
import org.ecgbench.models.ModelBuilder;
import org.ecgbench.models.ModelConfig;
import org.ecgbench.models.arch.Graphs;
import org.ecgbench.models.flops.FlopCounter;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * HuBERT-ECG (Coppola et al. 2024; the transformer of qHuBERT, seed 000) as a DL4J ComputationGraph of
 * native layers with explicit backward passes (no SameDiffLayer: every SameDiffLayer doubles the
 * gradients of itself and the layers below it in DL4J M2.1, see docs/architectures/hubert-ecg.md).
 *
 * <pre>
 * input [b, leads, T] → [b, leads, 1, T]
 * feature encoder: conv_i = Conv[1, k_i] stride s_i, no bias, GELU ('truncate')   → [b, C, 1, T']
 * → [b, C, T'] → LayerNorm → TimeDense C→H ("fe_proj")         (pretraining: masked frames ← mask_emb)
 * → + GELU(depthwise Conv[1, pos_kernel] 'same')  (convolutional relative positional embedding)
 * → LayerNorm → dropout → L × post-LN transformer layer:
 *      x = LN1(x + drop(Attn(x)));  Attn = TimeDense H→3H ("qkv") + MultiHeadAttention (heads, W_o)
 *      x = LN2(x + drop(W2 · GELU(W1 x)))
 * fine-tuning: mean over frames → dropout → softmax        pretraining: per-frame softmax over K clusters
 * </pre>
 *
 * Layer names are the same in both graphs, so a pretrained encoder is copied into the fine-tuning
 * graph by name ({@link #copyEncoder}).
 */
public final class HubertEcg implements ModelBuilder {

    public static final String MASK_INPUT = "mask";
    public static final String CLUSTER_OUTPUT = "cluster_logits";

    @Override
    public String name() {
        return "hubert_ecg";
    }

    @Override
    public String description() {
        return "qHuBERT HuBERT-ECG: conv feature encoder, conv positional embedding, post-LN transformer (config tiny|small|base), mean-pool head";
    }

    @Override
    public Set<String> parameterKeys() {
        return HubertEcgArch.KEYS;
    }

    @Override
    public int[] defaultShape() {
        return new int[] {1, 360, 5};
    }

    /** Fine-tuning / classification graph. */
    public ComputationGraphConfiguration configuration(ModelConfig cfg) {
        return graph(cfg, 0);
    }

    /** Pretraining graph: inputs "input" [b, leads, T] and "mask" [b, 1, T'], output per-frame softmax over {@code clusters}. */
    public ComputationGraphConfiguration pretrainingConfiguration(ModelConfig cfg, int clusters) {
        if (clusters < 2) throw new IllegalArgumentException("clusters must be >= 2");
        return graph(cfg, clusters);
    }

    private ComputationGraphConfiguration graph(ModelConfig cfg, int clusters) {
        HubertEcgArch a = HubertEcgArch.of(cfg);
        int frames = a.frames(cfg.samples());
        boolean pretrain = clusters > 0;
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .updater(new Adam(cfg.doubleParam("learning_rate", 1e-3)))
                .weightInit(WeightInit.XAVIER)
                .activation(Activation.IDENTITY)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder();
        if (pretrain) {
            g.addInputs("input", MASK_INPUT).setInputTypes(InputType.recurrent(cfg.leads(), cfg.samples()), InputType.recurrent(1));
        } else {
            g.addInputs("input").setInputTypes(InputType.recurrent(cfg.leads(), cfg.samples()));
        }
        Graphs.toNchw(g, "nchw", cfg);
        String prev = "nchw";
        for (int i = 0; i < a.convDims().length; i++) {
            String n = "fe_conv" + (i + 1);
            g.addLayer(n, new ConvolutionLayer.Builder(1, a.convKernels()[i]).stride(1, a.convStrides()[i]).nOut(a.convDims()[i])
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.GELU).hasBias(false).build(), prev);
            prev = n;
        }
        int c = a.convDims()[a.convDims().length - 1];
        int h = a.hidden();
        Graphs.toRnn(g, "fe_seq", prev, c, frames);
        g.addLayer("fe_ln", new SeqLayerNorm.Builder().build(), "fe_seq");
        g.addLayer("fe_proj", new TimeDense.Builder().nOut(h).activation(Activation.IDENTITY).build(), "fe_ln");
        String feat = "fe_proj";
        if (pretrain) {
            g.addVertex("mask_merge", new MergeVertex(), feat, MASK_INPUT);
            g.addLayer("mask_emb", new MaskEmbedding.Builder().build(), "mask_merge");
            feat = "mask_emb";
        }
        g.addVertex("pos_nchw", new ReshapeVertex('c', new int[] {-1, h, 1, frames}, null), feat);
        g.addLayer("pos_conv", new DepthwiseConvolution2D.Builder(1, a.posKernel()).depthMultiplier(1).nOut(h)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.GELU).build(), "pos_nchw");
        Graphs.toRnn(g, "pos_seq", "pos_conv", h, frames);
        g.addVertex("pos_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), feat, "pos_seq");
        g.addLayer("enc_ln", new SeqLayerNorm.Builder().build(), "pos_add");
        prev = Graphs.dropout(g, "enc_drop", a.dropout(), "enc_ln");
        for (int l = 1; l <= a.layers(); l++) {
            String n = "L" + l + "_";
            g.addLayer(n + "qkv", new TimeDense.Builder().nOut(3L * h).activation(Activation.IDENTITY).build(), prev);
            g.addLayer(n + "attn", new MultiHeadAttention.Builder().heads(a.heads()).build(), n + "qkv");
            String att = Graphs.dropout(g, n + "attn_drop", a.dropout(), n + "attn");
            g.addVertex(n + "add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, att);
            g.addLayer(n + "ln1", new SeqLayerNorm.Builder().build(), n + "add1");
            g.addLayer(n + "ffn1", new TimeDense.Builder().nOut(a.ffn()).activation(Activation.GELU).build(), n + "ln1");
            g.addLayer(n + "ffn2", new TimeDense.Builder().nOut(h).activation(Activation.IDENTITY).build(), n + "ffn1");
            String ff = Graphs.dropout(g, n + "ffn_drop", a.dropout(), n + "ffn2");
            g.addVertex(n + "add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), n + "ln1", ff);
            g.addLayer(n + "ln2", new SeqLayerNorm.Builder().build(), n + "add2");
            prev = n + "ln2";
        }
        if (pretrain) {
            g.addLayer(CLUSTER_OUTPUT, new RnnOutputLayer.Builder(new LossMCXENT()).nOut(clusters).activation(Activation.SOFTMAX).build(), prev);
            g.setOutputs(CLUSTER_OUTPUT);
        } else {
            // mean over frames: pooled as NCHW [b, H, 1, T'] (the path ResNet1D uses; on a recurrent input M2.1's
            // GlobalPoolingLayer returned [b, H, 1], which broke the dropout layer's backward pass)
            g.addVertex("pool_nchw", new ReshapeVertex('c', new int[] {-1, h, 1, frames}, null), prev);
            g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool_nchw");
            prev = Graphs.dropout(g, "head_drop", a.dropout(), "pool");
            g.addLayer("output", Graphs.output(cfg), prev);
            g.setOutputs("output");
        }
        return g.build();
    }

    @Override
    public ComputationGraph build(ModelConfig cfg) {
        return Graphs.init(configuration(cfg), cfg);
    }

    public ComputationGraph buildPretraining(ModelConfig cfg, int clusters) {
        return Graphs.init(pretrainingConfiguration(cfg, clusters), cfg);
    }

    @Override
    public long flops(ModelConfig cfg) {
        return FlopCounter.total(configuration(cfg), InputType.recurrent(cfg.leads(), cfg.samples()));
    }

    /**
     * Copies every parameter of the layers that both graphs have under the same name with the same
     * parameter shapes, except output layers (the pretraining cluster head and the classifier are
     * never shared). Returns the copied layer names; fails if a same-named layer has other shapes.
     */
    public static List<String> copyEncoder(ComputationGraph from, ComputationGraph to) {
        List<String> copied = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer dst : to.getLayers()) {
            String name = dst.conf().getLayer().getLayerName();
            if (dst.conf().getLayer() instanceof BaseOutputLayer || dst.numParams() == 0) continue;
            org.deeplearning4j.nn.api.Layer src;
            try {
                src = from.getLayer(name);
            } catch (RuntimeException e) {
                src = null;
            }
            if (src == null) continue;
            Map<String, INDArray> sp = src.paramTable(), dp = dst.paramTable();
            if (!sp.keySet().equals(dp.keySet())) throw new IllegalArgumentException("layer '" + name + "': parameters " + sp.keySet() + " vs " + dp.keySet());
            for (Map.Entry<String, INDArray> e : dp.entrySet()) {
                INDArray s = sp.get(e.getKey());
                if (!java.util.Arrays.equals(s.shape(), e.getValue().shape())) {
                    throw new IllegalArgumentException("layer '" + name + "' parameter '" + e.getKey() + "': shape "
                            + java.util.Arrays.toString(s.shape()) + " vs " + java.util.Arrays.toString(e.getValue().shape()));
                }
                dst.setParam(e.getKey(), s.castTo(e.getValue().dataType()));
            }
            copied.add(name);
        }
        return copied;
    }
}
