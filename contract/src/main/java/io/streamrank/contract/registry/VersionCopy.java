package io.streamrank.contract.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Copies a version from the store into a local cache and verifies the copy there: what a service loads. */
final class VersionCopy {

    private final ObjectStore store;
    private final SignedListing listing;

    VersionCopy(ObjectStore store, SignedListing listing) {
        this.store = store;
        this.listing = listing;
    }

    /** See {@link ModelRepository#fetch}. */
    Path fetch(String version, Path cacheRoot) throws IOException {
        // The name comes from the store (a folder, a stage record): on S3 "..", or a name with a separator, would
        // resolve outside the cache, which this method may delete.
        if (version.isEmpty() || version.equals(".") || version.equals("..") || version.contains("/")
                || version.contains("\\") || version.startsWith(".")) {
            throw new IOException("refusing model version name '" + version + "': not one plain path segment");
        }
        SignedListing.Listed listed = listing.complete(version);
        Checksums sums = listed.sums();
        Path target = cacheRoot.resolve(version);
        if (Files.isDirectory(target)) {
            // Reused only if it holds exactly the listed files with the listed hashes: an extra file (say, item
            // embeddings the version does not list) would otherwise be served as part of the version. The list is
            // the one just read from the store (and its signature checked), not the copy's own checksums file.
            if (Checksums.of(target).files().equals(sums.files())) {
                return target;
            }
            deleteTree(target);
        }
        Files.createDirectories(cacheRoot);
        Path tmp = cacheRoot.resolve("." + version + "." + UUID.randomUUID() + ".tmp");
        try {
            for (String rel : sums.files().keySet()) {
                String key = ModelRepository.key(version, rel);
                if (!store.exists(key)) {
                    throw missing(version, rel);
                }
                store.download(key, tmp.resolve(rel));
            }
            sums.verify(version, tmp);
            Files.write(tmp.resolve(Checksums.FILE_NAME), listed.raw());
            if (listed.signature().isPresent()) {
                Files.write(tmp.resolve(Checksums.SIGNATURE_FILE_NAME), listed.signature().get());
            }
            Files.move(tmp, target);
            return target;
        } finally {
            deleteTree(tmp);
        }
    }

    /** The refusal of a version whose checksums list a file the store does not hold. */
    ChecksumMismatchException missing(String version, String rel) {
        return new ChecksumMismatchException("model version " + version + " refused: artifact " + rel
                + " listed in " + Checksums.FILE_NAME + " is missing from " + store.location());
    }

    /** See {@link ModelRepository#deleteTree}. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
