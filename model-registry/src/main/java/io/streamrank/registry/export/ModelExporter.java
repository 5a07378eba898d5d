package io.streamrank.registry.export;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.training.MlpWeights;
import io.streamrank.registry.training.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/** Writes a model version into the store: the SavedModel first, its metadata last. */
public final class ModelExporter {

    private ModelExporter() {
    }

    /**
     * Exports {@code weights} as version {@code metadata.version()}.
     *
     * @throws IllegalStateException when that version already exists: versions are immutable
     */
    public static void export(ModelStore store, MlpWeights weights, ModelMetadata metadata) throws IOException {
        String version = metadata.version();
        if (Files.exists(store.versionDir(version))) {
            throw new IllegalStateException("model version already exists: " + store.versionDir(version));
        }
        Path savedModel = store.savedModelDir(version);
        Files.createDirectories(savedModel);
        writeSavedModel(weights, savedModel);
        writeMetadata(metadata, store.metadataFile(version));
    }

    static void writeSavedModel(MlpWeights weights, Path dir) throws IOException {
        TensorFlowNatives.load();
        try (Graph graph = new Graph()) {
            Signature signature = InferenceGraph.build(graph, weights);
            try (Session session = new Session(graph)) {
                session.initialize();
                SavedModelBundle.exporter(dir.toString())
                        .withTags(ModelSignature.TAG)
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
            }
        }
    }

    /**
     * The metadata file marks the version complete, so it must never be seen half-written: it is written beside its
     * final name and moved into place atomically.
     */
    static void writeMetadata(ModelMetadata metadata, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        metadata.write(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
