package io.streamrank.registry.versions;

import io.streamrank.contract.registry.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Versions the registry tests place in a store by other means than the registry (not yet registered). */
final class StoredVersions {

    private StoredVersions() {
    }

    /** A complete version {@code version} under {@code store}. */
    static void upload(Path store, String version) throws IOException {
        write(store.resolve(version), version);
    }

    /** A complete version's files in {@code dir}: a stand-in SavedModel, its metadata and their checksums. */
    static void write(Path dir, String version) throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/saved_model.pb"), "graph " + version);
        Files.writeString(dir.resolve("metadata.json"), "{\"version\":\"" + version + "\"}");
        Files.write(dir.resolve(Checksums.FILE_NAME), Checksums.of(dir).bytes());
    }
}
