package io.streamrank.contract.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk layout of model versions: {@code <root>/<version>/model/} holds the SavedModel and
 * {@code <root>/<version>/metadata.json} its {@link ModelMetadata}. A version is complete once its metadata file exists
 * (the trainer writes it last), so readers never see a half-written export.
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

    /** Complete versions, oldest first (version names sort by creation time). */
    public List<String> versions() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelMetadata.FILE_NAME)))
                    .map(d -> d.getFileName().toString())
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> newestVersion() {
        List<String> all = versions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
