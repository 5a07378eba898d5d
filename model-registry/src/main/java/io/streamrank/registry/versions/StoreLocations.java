package io.streamrank.registry.versions;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ObjectStore;
import java.nio.file.Path;

/** Opens the object store a location string names: a directory path (or {@code file:} URI), or an S3 URI. */
public final class StoreLocations {

    private StoreLocations() {
    }

    public static ObjectStore open(String location) {
        if (location.startsWith("s3://")) {
            return io.streamrank.objectstore.s3.S3ObjectStore.connect(location);
        }
        if (location.startsWith("file:")) {
            return new LocalDirectoryStore(Path.of(java.net.URI.create(location)));
        }
        return new LocalDirectoryStore(Path.of(location));
    }
}
