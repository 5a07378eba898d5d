package io.streamrank.contract.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat key → bytes store: a local directory ({@link LocalDirectoryStore}, the default) or an S3-compatible bucket
 * (module {@code object-store-s3}). Keys are {@code /}-separated relative paths. Implementations are thread-safe.
 */
public interface ObjectStore {

    /** The whole object, or empty when there is none. For small objects (metadata, stages, checksums). */
    Optional<byte[]> read(String key) throws IOException;

    /** Streams an object. @throws java.nio.file.NoSuchFileException when there is none */
    InputStream open(String key) throws IOException;

    /** Writes (or replaces) an object; readers see the old or the new content, never a mix. */
    void write(String key, byte[] data) throws IOException;

    /** Uploads a local file as {@code key}; replaces an existing object. */
    void upload(Path file, String key) throws IOException;

    /** Downloads {@code key} into {@code file}. @throws java.nio.file.NoSuchFileException when there is none */
    void download(String key, Path file) throws IOException;

    /** Every key that starts with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Names of the immediate "folders" under {@code prefix} (which ends in {@code /} or is empty), sorted. */
    List<String> folders(String prefix) throws IOException;

    boolean exists(String key) throws IOException;

    /** Where this store is, for messages and logs ({@code file:/…}, {@code s3://bucket/prefix}). */
    String location();
}
