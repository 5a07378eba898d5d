package io.streamrank.contract.model;

import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The layout of one model version in a local directory (the default model store, and the local copy the ranking
 * service loads): {@code <root>/<version>/model/} holds the SavedModel, {@code item_embeddings.bin} the item vectors,
 * {@code item_graph/} their HNSW graph, {@code item_categories.bin} each item's training category
 * ({@link ItemCategories}), {@code metadata.json} its {@link ModelMetadata} and {@code checksums.sha256} the SHA-256
 * of each of them. A version is complete once its checksums file exists (the exporter writes it last), so
 * readers never see a half-written export. The same layout in any object store is read through
 * {@link ModelRepository}.
 */
public record ModelStore(Path root) {

    public static final String SAVED_MODEL_DIR = "model";

    public Path versionDir(String version) {
        return root.resolve(version);
    }

    public Path savedModelDir(String version) {
        return versionDir(version).resolve(SAVED_MODEL_DIR);
    }

    public Path metadataFile(String version) {
        return versionDir(version).resolve(ModelMetadata.FILE_NAME);
    }

    public Path itemEmbeddingsFile(String version) {
        return versionDir(version).resolve(ItemEmbeddings.FILE_NAME);
    }

    /** The version's HNSW graph of its item embeddings ({@link ItemGraph}); versions exported before ADR 69 lack it. */
    public Path itemGraphDir(String version) {
        return versionDir(version).resolve(ItemGraph.DIR_NAME);
    }

    /** Each item's training category ({@link ItemCategories}); versions exported before ADR 82 lack it. */
    public Path itemCategoriesFile(String version) {
        return versionDir(version).resolve(ItemCategories.FILE_NAME);
    }

    public Path checksumsFile(String version) {
        return versionDir(version).resolve(Checksums.FILE_NAME);
    }

    /** This directory as an object store repository (stages, verification, fetch). */
    public ModelRepository repository() {
        return new ModelRepository(new LocalDirectoryStore(root));
    }

    /** Complete versions, oldest first (version names sort by creation time). */
    public List<String> versions() {
        try {
            return repository().versions();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> newestVersion() {
        List<String> all = versions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
