package io.streamrank.registry.versions;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.objectstore.s3.S3Location;
import io.streamrank.objectstore.s3.S3ObjectStore;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the object store a location string names: a directory path (or {@code file:} URI), or an S3 URI. */
public final class StoreLocations {

    private StoreLocations() {
    }

    public static ObjectStore open(String location) {
        if (location.startsWith("s3://")) {
            return S3ObjectStore.connect(location);
        }
        if (location.startsWith("file:")) {
            return new LocalDirectoryStore(Path.of(java.net.URI.create(location)));
        }
        return new LocalDirectoryStore(Path.of(location));
    }

    /** A store and the way to delete its objects. */
    record Deletable(ObjectStore store, ObjectDeleter deleter) {
    }

    /**
     * The store at {@code location}, as {@link #open} opens it, with an {@link ObjectDeleter} for it. The deleter is
     * here rather than in {@code ObjectStore}: the contract is the ranking services' too, and they never delete.
     */
    static Deletable openDeletable(String location) {
        if (location.startsWith("s3://")) {
            // The same client S3ObjectStore.connect builds, kept here so that the deletes go through it too.
            S3Location l = S3Location.parse(location);
            S3Client s3 = S3ObjectStore.client(l, DefaultCredentialsProvider.builder().build());
            return new Deletable(new S3ObjectStore(s3, l), key -> deleteS3(s3, l, key));
        }
        LocalDirectoryStore local = (LocalDirectoryStore) open(location);
        return new Deletable(local, key -> deleteLocal(local, key));
    }

    private static void deleteS3(S3Client s3, S3Location l, String key) throws IOException {
        // One DeleteObject per key: DeleteObjects (a batch) requires a Content-MD5 or checksum header, which the
        // client sends only where required and S3-compatible stores handle unevenly (ADR 61). A missing key is not
        // an error on S3.
        try {
            s3.deleteObject(b -> b.bucket(l.bucket()).key(l.prefix() + key));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + key + " in " + l.display() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteLocal(LocalDirectoryStore store, String key) throws IOException {
        Path file = store.file(key);
        Files.deleteIfExists(file);
        // A folder goes with its last file, as a prefix does on S3, so that a pruned version leaves no empty
        // folder behind; not the stage records' folder, which stays for the next stage write.
        Path stages = store.file(ModelRepository.STAGES);
        for (Path dir = file.getParent(); !dir.equals(store.root()) && !dir.equals(stages); dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
