package io.streamrank.registry.export;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.registry.training.TensorFlowNatives;
import io.streamrank.registry.training.TrainingResult;
import io.streamrank.registry.training.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;

/**
 * Writes a model version into a local directory: the SavedModel, the item embeddings, their HNSW graph, the items'
 * training categories and the metadata, then the checksums of all of them last (the checksums file marks the version
 * complete).
 */
public final class ModelExporter {

    private ModelExporter() {
    }

    /**
     * Exports {@code trained} as version {@code metadata.version()} into {@code store}.
     *
     * @param itemCategories the items to export embeddings for, with the category training used for each (its latest
     *                       event's, {@code ModelTraining.Trained#itemCategories}); written as they are to
     *                       {@code item_categories.bin}
     * @return the version directory
     * @throws IllegalStateException when that version already exists: versions are immutable
     */
    public static Path export(ModelStore store, TrainingResult trained, Map<Long, Long> itemCategories,
                              ModelMetadata metadata) throws IOException {
        return export(store, trained, itemCategories, metadata, true, line -> { });
    }

    /**
     * As {@link #export(ModelStore, TrainingResult, Map, ModelMetadata)}; {@code itemGraph} false leaves out the HNSW
     * graph (an offline evaluation searches the embeddings exactly; a service links a graph itself for such a
     * version), and {@code progress} hears of the slow steps.
     */
    public static Path export(ModelStore store, TrainingResult trained, Map<Long, Long> itemCategories,
                              ModelMetadata metadata, boolean itemGraph, Consumer<String> progress)
            throws IOException {
        String version = metadata.version();
        Path dir = store.versionDir(version);
        if (Files.exists(dir)) {
            throw new IllegalStateException("model version already exists: " + dir);
        }
        Files.createDirectories(store.savedModelDir(version));
        writeSavedModel(trained, store.savedModelDir(version));
        ItemEmbeddings embeddings = itemEmbeddings(trained, itemCategories);
        embeddings.write(store.itemEmbeddingsFile(version));
        // The service's category for an item that neither its live features nor the catalog know (ADR 82): the one
        // its embedding row was just computed with, for exactly the items that have a row.
        ItemCategories.of(itemCategories).write(store.itemCategoriesFile(version));
        if (itemGraph) {
            long t0 = System.nanoTime();
            int items = writeItemGraph(embeddings, store.itemGraphDir(version));
            progress.accept("linked the HNSW graph of " + items + " item vectors in "
                    + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9) + " s");
        }
        metadata.write(store.metadataFile(version));
        writeAtomically(Checksums.of(dir).bytes(), store.checksumsFile(version));
        return dir;
    }

    /** The vectors the model multiplies with its context, for every known item, in ascending item id order. */
    public static ItemEmbeddings itemEmbeddings(TrainingResult trained, Map<Long, Long> itemCategories) {
        Variant variant = trained.hp().variant();
        int dim = trained.weights().dim();
        long[] ids = itemCategories.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        float[] vectors = new float[ids.length * dim];
        for (int i = 0; i < ids.length; i++) {
            float[] v = trained.weights().itemVector(ids[i], itemCategories.get(ids[i]), variant);
            System.arraycopy(v, 0, vectors, i * dim, dim);
        }
        return new ItemEmbeddings(ids, vectors, dim);
    }

    /**
     * The HNSW graph of the item embeddings, linked once here so that every service pod reads it instead of linking
     * it (ADR 69): for the 55k-item bench model, 6–9 s of one core at export against 9–46 s per pod per swap under
     * load.
     */
    static int writeItemGraph(ItemEmbeddings embeddings, Path dir) throws IOException {
        ItemVectors vectors = ItemVectors.of(embeddings);
        if (vectors.size() > 0) {
            ItemGraph.write(vectors, dir);
        }
        return vectors.size();
    }

    static void writeSavedModel(TrainingResult trained, Path dir) throws IOException {
        TensorFlowNatives.load();
        try (Graph graph = new Graph()) {
            InferenceGraph inference = InferenceGraph.build(graph, trained.weights(), trained.hp());
            try (Session session = new Session(graph)) {
                inference.assignWeights(session);
                SavedModelBundle.exporter(dir.toString())
                        .withTags(ModelSignature.TAG)
                        .withFunction(SessionFunction.create(inference.signature(), session))
                        .export();
            }
        }
    }

    /** The completeness marker must never be seen half-written: written beside its name, then moved atomically. */
    static void writeAtomically(byte[] content, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
