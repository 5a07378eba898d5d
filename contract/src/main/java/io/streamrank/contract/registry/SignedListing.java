package io.streamrank.contract.registry;

import io.streamrank.contract.model.ModelMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * A version's checksums file as a reader reads it: checked against its signature when the reader requires signatures
 * (ADR 79), and the metadata checked against those checksums. {@link ModelRepository}'s reads of a version's content
 * start here.
 */
final class SignedListing {

    /** A version's checksums as read, their signature if this reader read it, and the parsed list. */
    record Listed(byte[] raw, Optional<byte[]> signature, Checksums sums) {
    }

    private final ObjectStore store;
    private final VersionVerifier verifier;

    /** @param verifier null: signatures are not required */
    SignedListing(ObjectStore store, VersionVerifier verifier) {
        this.store = store;
        this.verifier = verifier;
    }

    /**
     * The checksums file, checked against its signature when signatures are required; empty when the version is not
     * complete. The checksums are read first and the signature second, the reverse of the order they are written in,
     * so a version being published is never caught between the two and refused.
     */
    Optional<Listed> listed(String version) throws IOException {
        Optional<byte[]> raw = store.read(ModelRepository.key(version, Checksums.FILE_NAME));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> signature = Optional.empty();
        if (verifier != null) {
            signature = store.read(ModelRepository.signatureKey(version));
            verifier.verify(version, raw.get(), signature);
        }
        return Optional.of(new Listed(raw.get(), signature, Checksums.parse(raw.get())));
    }

    /** As {@link #listed}, for a version that must be complete. */
    Listed complete(String version) throws IOException {
        return listed(version).orElseThrow(() -> new NoSuchFileException(
                "no complete model version " + version + " in " + store.location()));
    }

    /**
     * The version's metadata; empty when there is none (or, when signatures are required, when the version is not
     * complete). A reader that requires signatures checks it against the signed checksums: it describes the version,
     * and a caller may act on it before fetching.
     */
    Optional<ModelMetadata> metadata(String version) throws IOException {
        Checksums sums = null;
        if (verifier != null) {
            sums = listed(version).map(Listed::sums).orElse(null);
            if (sums == null) {
                return Optional.empty();
            }
        }
        Optional<byte[]> raw = store.read(ModelRepository.key(version, ModelMetadata.FILE_NAME));
        if (raw.isPresent() && sums != null) {
            String listed = sums.files().get(ModelMetadata.FILE_NAME);
            if (listed == null) {
                throw new ChecksumMismatchException("model version " + version + " refused: "
                        + ModelMetadata.FILE_NAME + " is not listed in its signed " + Checksums.FILE_NAME);
            }
            Checksums.mustMatch(version, ModelMetadata.FILE_NAME, listed,
                    Checksums.sha256(new ByteArrayInputStream(raw.get())));
        }
        return raw.isEmpty() ? Optional.empty() : Optional.of(ModelMetadata.parse(raw.get()));
    }
}
