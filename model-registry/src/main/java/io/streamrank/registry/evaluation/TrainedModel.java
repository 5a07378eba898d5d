package io.streamrank.registry.evaluation;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.ModelTraining;
import io.streamrank.registry.export.ModelExporter;
import io.streamrank.registry.pairs.FeatureReplay;
import io.streamrank.registry.training.RankerWeights;
import io.streamrank.registry.training.Variant;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One trained model under evaluation, exported and loaded back through DJL so it is scored as served. Embedding-only
 * models (MF, the ablation) also rank the whole catalog by their exact dot products, kept in step with the catalog.
 */
final class TrainedModel implements AutoCloseable {

    final Variant variant;
    final ModelTraining.Trained trained;
    final ItemEmbeddings embeddings;
    private final DjlRanker ranker;
    private final RankerWeights w;
    private float[] vectors = new float[0];
    private float[] biases = new float[0];
    private int known;

    TrainedModel(Variant variant, ModelTraining.Trained trained, Path exportRoot) throws Exception {
        this.variant = variant;
        this.trained = trained;
        this.w = trained.result().weights();
        String version = "eval-" + variant.wireName();
        ModelMetadata metadata = new ModelMetadata(version, ModelSignature.SCHEMA_VERSION, ModelSignature.FEATURES,
                "", "", "", trained.pairs().size(), trained.result().hp().asMap(), trained.result().metrics(),
                List.of(), "evaluation");
        ModelStore store = new ModelStore(exportRoot);
        // Offline retrieval searches the embeddings exactly: no HNSW graph to link.
        ModelExporter.export(store, trained.result(), trained.itemCategories(), metadata, false, line -> { });
        this.embeddings = ItemEmbeddings.read(store.itemEmbeddingsFile(version));
        this.ranker = new DjlRanker(store.savedModelDir(version));
    }

    /** Scores {@code items} for one user at {@code t} through the exported model (the first item is the target). */
    float[] scoreServed(long userId, UserFeatures user, long[] items, Catalog catalog, FeatureReplay replay, long t)
            throws Exception {
        ModelInputBatch batch = new ModelInputBatch(items.length);
        for (long item : items) {
            ItemFeatures f = replay.item(item, t);
            batch.add(user, f, item, f.isMissing() ? catalog.categoryOf(item) : f.categoryId(), userId, t);
        }
        return ranker.score(variant.withoutRealtime ? batch.withoutRealtimeFeatures() : batch);
    }

    /** {@code [greater, tied]} of the target over the whole catalog by the embedding score (no real-time input). */
    long[] rankCatalog(long userId, long target, Catalog catalog) {
        sync(catalog);
        int ti = catalog.indexOf(target);
        if (ti < 0) {
            return new long[] {0, 0};
        }
        float[] u = w.userVector(userId);
        int d = u.length;
        float st = dot(u, ti, d);
        long greater = 0;
        long tied = 0;
        for (int i = 0; i < known; i++) {
            float s = dot(u, i, d);
            if (s > st) {
                greater++;
            } else if (s == st) {
                tied++;
            }
        }
        return new long[] {greater, tied};
    }

    /** The embedding score of {@link #rankCatalog}, for checking it against the served model. */
    float embeddingScore(long userId, long item, Catalog catalog) {
        sync(catalog);
        float[] u = w.userVector(userId);
        return dot(u, catalog.indexOf(item), u.length);
    }

    private float dot(float[] u, int i, int d) {
        float s = biases[i];
        int base = i * d;
        for (int k = 0; k < d; k++) {
            s += u[k] * vectors[base + k];
        }
        return s;
    }

    private void sync(Catalog catalog) {
        int d = w.dim();
        if (catalog.size() > known) {
            vectors = Arrays.copyOf(vectors, catalog.size() * d);
            biases = Arrays.copyOf(biases, catalog.size());
            for (int i = known; i < catalog.size(); i++) {
                System.arraycopy(w.itemVector(catalog.item(i), catalog.category(i), variant), 0, vectors, i * d, d);
                biases[i] = w.bias(catalog.item(i));
            }
            known = catalog.size();
        }
    }

    Map<String, Double> metrics() {
        return trained.result().metrics();
    }

    @Override
    public void close() {
        ranker.close();
    }
}
