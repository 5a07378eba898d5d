package io.streamrank.registry.versions;

import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.VersionSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uploads a locally exported version directory into the store ({@link ModelRegistry#publish}): checked against its
 * checksums first, then the artifacts, the signature if any, and the checksums file last, which makes it complete.
 */
final class VersionUpload {

    private VersionUpload() {
    }

    /**
     * @param signer null: a signature file in the directory (a version signed elsewhere) goes up as it is, with the
     *               checksums file's exact bytes; without either the version is unsigned
     * @throws RegistryException INVALID (not an export), CHECKSUM_MISMATCH, CONFLICT (the version exists)
     */
    static void upload(ModelRepository repository, Path versionDir, String version, VersionSigner signer)
            throws IOException {
        Path sumsFile = versionDir.resolve(Checksums.FILE_NAME);
        if (!Files.isRegularFile(sumsFile)) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    "not an exported model version (no " + Checksums.FILE_NAME + "): " + versionDir);
        }
        byte[] raw = Files.readAllBytes(sumsFile);
        Checksums sums = Checksums.parse(raw);
        try {
            sums.verify(version, versionDir);
        } catch (ChecksumMismatchException e) {
            throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
        }
        // A version exists once its checksums file does (it goes up last, and no reader looks at a folder without
        // one): artifacts without it are an upload that failed halfway, which this upload replaces file by file.
        if (repository.store().exists(ModelRepository.key(version, Checksums.FILE_NAME))) {
            throw new RegistryException(RegistryException.Kind.CONFLICT,
                    "model version " + version + " already exists: versions are immutable");
        }
        for (String rel : sums.files().keySet()) {
            repository.store().upload(versionDir.resolve(rel), ModelRepository.key(version, rel));
        }
        Path signedElsewhere = versionDir.resolve(Checksums.SIGNATURE_FILE_NAME);
        byte[] content = signer == null && Files.isRegularFile(signedElsewhere) ? raw : sums.bytes();
        byte[] signature = signer != null ? signer.signatureFile(content)
                : Files.isRegularFile(signedElsewhere) ? Files.readAllBytes(signedElsewhere) : null;
        if (signature != null) {
            repository.store().write(ModelRepository.signatureKey(version), signature);
        }
        repository.store().write(ModelRepository.key(version, Checksums.FILE_NAME), content);
    }
}
