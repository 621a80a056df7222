package org.ecgbench.baselines;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A random forest (or extra-trees ensemble) of CART trees from Oracle's Tribuo
 * ({@code org.tribuo:tribuo-classification-tree}, Apache 2.0, pure Java): Tribuo's
 * {@link RandomForestTrainer} (bootstrap samples, a random {@code featureFraction} of the features
 * at each split, Gini impurity) or {@link ExtraTreesTrainer} (random split points too). Sample weights
 * become Tribuo example weights, which the CART impurity and {@code minChildWeight} use. Class
 * probabilities are the average over trees of the (weighted) class distribution of the leaf each row
 * reaches ({@link FullyWeightedVotingCombiner}). Deterministic for a fixed seed.
 */
public final class TreeEnsemble implements BaselineClassifier {
    public static final String NAME = "random_forest";

    /** Hyper-parameters. {@code maxDepth} {@code Integer.MAX_VALUE} = unlimited. */
    public record Params(int trees, int maxDepth, float minChildWeight, float featureFraction, boolean extraTrees, long seed) {
        public Params {
            if (trees < 1) throw new IllegalArgumentException("trees must be >= 1");
            if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1");
            if (!(featureFraction > 0 && featureFraction <= 1)) throw new IllegalArgumentException("featureFraction must be in (0, 1]");
            if (!(minChildWeight > 0)) throw new IllegalArgumentException("minChildWeight must be > 0");
        }

        public static Params defaults(long seed) {
            return new Params(100, Integer.MAX_VALUE, 5f, 0.3f, false, seed);
        }
    }

    private final int numClasses;
    private final Params params;
    private Model<Label> model;
    private String[] featureNames;
    private int trainRows;
    private double fitSeconds;

    public TreeEnsemble(int numClasses, Params params) {
        if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2");
        this.numClasses = numClasses;
        this.params = params;
    }

    public Params params() { return params; }

    /** The trained Tribuo model (e.g. to check which library produced it). */
    public Model<Label> tribuoModel() { return model; }

    @Override
    public void fit(double[][] x, int[] y, double[] sampleWeights) {
        long t0 = System.nanoTime();
        ClassWeights.checkRows(x, y, numClasses);
        double[] w = ClassWeights.orOnes(sampleWeights, x.length);
        int d = x[0].length;
        featureNames = new String[d];
        for (int j = 0; j < d; j++) featureNames[j] = String.format("f%03d", j);
        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("ecgbench beat features", lf), lf);
        Label[] labels = new Label[numClasses];
        for (int k = 0; k < numClasses; k++) labels[k] = new Label(Integer.toString(k));
        for (int i = 0; i < x.length; i++) {
            if (w[i] == 0) continue;
            ArrayExample<Label> e = new ArrayExample<>(labels[y[i]], featureNames, x[i]);
            e.setWeight((float) w[i]);
            ds.add(e);
        }
        CARTClassificationTrainer cart = new CARTClassificationTrainer(params.maxDepth(), params.minChildWeight(), 0f,
                params.featureFraction(), params.extraTrees(), new GiniIndex(), params.seed());
        BaggingTrainer<Label> trainer = params.extraTrees()
                ? new ExtraTreesTrainer<>(cart, new FullyWeightedVotingCombiner(), params.trees(), params.seed())
                : new RandomForestTrainer<>(cart, new FullyWeightedVotingCombiner(), params.trees(), params.seed());
        model = trainer.train(ds);
        trainRows = ds.size();
        fitSeconds = (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public double[][] predictProba(double[][] x) {
        if (model == null) throw new IllegalStateException("tree ensemble not fitted");
        List<Example<Label>> ex = new ArrayList<>(x.length);
        for (double[] r : x) {
            if (r.length != featureNames.length) throw new IllegalArgumentException("row has " + r.length + " features, model " + featureNames.length);
            ex.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, r));
        }
        List<Prediction<Label>> preds = model.predict(ex);
        double[][] p = new double[x.length][numClasses];
        for (int i = 0; i < x.length; i++) {
            double sum = 0;
            for (Map.Entry<String, Label> e : preds.get(i).getOutputScores().entrySet()) {
                int k = Integer.parseInt(e.getKey());
                p[i][k] = e.getValue().getScore();
                sum += p[i][k];
            }
            if (sum > 0) for (int k = 0; k < numClasses; k++) p[i][k] /= sum;
        }
        return p;
    }

    @Override public String name() { return params.extraTrees() ? "extra_trees" : NAME; }
    @Override public int numClasses() { return numClasses; }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name());
        m.put("library", "org.tribuo:tribuo-classification-tree " + Model.class.getPackage().getImplementationVersion());
        m.put("classes", numClasses);
        m.put("trees", params.trees());
        m.put("max_depth", params.maxDepth() == Integer.MAX_VALUE ? "unlimited" : params.maxDepth());
        m.put("min_child_weight", params.minChildWeight());
        m.put("feature_fraction", params.featureFraction());
        m.put("seed", params.seed());
        m.put("features", featureNames == null ? null : featureNames.length);
        m.put("train_rows", trainRows);
        m.put("fit_seconds", fitSeconds);
        return m;
    }

    @Override
    public void save(Path file) throws IOException {
        if (model == null) throw new IllegalStateException("tree ensemble not fitted");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.serializeToStream(bytes);
        Baselines.write(file, NAME, out -> {
            out.writeInt(numClasses);
            out.writeInt(params.trees());
            out.writeInt(params.maxDepth());
            out.writeFloat(params.minChildWeight());
            out.writeFloat(params.featureFraction());
            out.writeBoolean(params.extraTrees());
            out.writeLong(params.seed());
            out.writeInt(featureNames.length);
            out.writeInt(trainRows);
            byte[] b = bytes.toByteArray();
            out.writeInt(b.length);
            out.write(b);
        });
    }

    @SuppressWarnings("unchecked")
    static TreeEnsemble read(DataInputStream in, Path file) throws IOException {
        int k = in.readInt();
        Params p = new Params(in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readBoolean(), in.readLong());
        TreeEnsemble t = new TreeEnsemble(k, p);
        int d = in.readInt();
        t.featureNames = new String[d];
        for (int j = 0; j < d; j++) t.featureNames[j] = String.format("f%03d", j);
        t.trainRows = in.readInt();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        Model<?> m = Model.deserializeFromStream(new ByteArrayInputStream(b));
        if (!m.validate(Label.class)) throw new IOException(file + ": the stored Tribuo model is not a classification model");
        t.model = (Model<Label>) m;
        return t;
    }
}
