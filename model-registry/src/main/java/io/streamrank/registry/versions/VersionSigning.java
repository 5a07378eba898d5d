package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.StoreCalls.notFound;

import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.contract.registry.VersionVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code registry keygen}, {@code sign} and {@code verify} (ADR 79): the key pair, signing a version already in the
 * store, and what a reader that requires signatures would say of a version.
 */
final class VersionSigning {

    static final String SIGNING_KEY_FILE = "signing-key.pem";
    static final String VERIFY_KEY_FILE = "verify-key.pem";

    /** What {@link #sign} did. */
    enum Signed { SIGNED, ALREADY_SIGNED, REPLACED }

    private final ModelRepository repository;

    /** @param repository a reader that does not itself require signatures: the registry reads unsigned versions */
    VersionSigning(ModelRepository repository) {
        this.repository = repository;
    }

    /**
     * Writes a new key pair into {@code dir}: {@value #SIGNING_KEY_FILE} readable by its owner only (created so, never
     * readable by others for a moment) and {@value #VERIFY_KEY_FILE}.
     *
     * @return what to print
     * @throws RegistryException CONFLICT when either file exists: a key is never overwritten (versions signed with a
     *                           lost key can only be signed again)
     */
    static List<String> keygen(Path dir) throws IOException {
        Path signing = dir.resolve(SIGNING_KEY_FILE).toAbsolutePath().normalize();
        Path verify = dir.resolve(VERIFY_KEY_FILE).toAbsolutePath().normalize();
        for (Path f : List.of(signing, verify)) {
            if (Files.exists(f)) {
                throw new RegistryException(RegistryException.Kind.CONFLICT, f + " already exists: keygen never "
                        + "overwrites a key; move it away or choose another --out");
            }
        }
        Files.createDirectories(signing.getParent());
        KeyPair pair = SigningKeys.generate();
        byte[] privatePem = SigningKeys.privateKeyPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        try {
            try {
                Files.createFile(signing, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(signing); // a file system without owner permissions: its folder's protect it
            }
            Files.write(signing, privatePem, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, signing + " already exists: keygen never "
                    + "overwrites a key", e);
        }
        try {
            Files.writeString(verify, SigningKeys.publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(signing); // no half pair: a private key whose public key was never written
            throw e;
        }
        return List.of(
                "wrote " + signing + " (private key, mode 0600): only for what publishes versions (--signing-key or "
                        + "STREAMRANK_SIGNING_KEY_FILE); keep it out of the model store and the pods",
                "wrote " + verify + " (public key): for the readers that require signed versions",
                "key " + SigningKeys.fingerprint(pair.getPublic()));
    }

    /**
     * Signs a complete version that is in the store, after checking its files against its checksums. Signing is
     * deterministic, so a version this key signed already is left as it is.
     *
     * @param replace replace a signature this key did not make (another key's, a rotation, or a damaged one)
     * @throws RegistryException NOT_FOUND, CHECKSUM_MISMATCH (files differ from the checksums: not signed), or
     *                           CONFLICT (signed otherwise and not {@code replace})
     */
    Signed sign(String version, VersionSigner signer, boolean replace) throws IOException {
        ModelRegistry.checkName(version);
        Optional<byte[]> raw = repository.store().read(ModelRepository.key(version, Checksums.FILE_NAME));
        if (raw.isEmpty()) {
            throw notFound(version);
        }
        // The bytes signed must list what was checked: checksums that changed in between (another writer) are not.
        if (!Checksums.parse(raw.get()).equals(verifyFiles(repository, version))) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, "the checksums of model version "
                    + version + " changed while it was being signed: not signed");
        }
        byte[] signature = signer.signatureFile(raw.get());
        Optional<byte[]> existing = repository.signature(version);
        if (existing.isPresent() && Arrays.equals(existing.get(), signature)) {
            return Signed.ALREADY_SIGNED;
        }
        if (existing.isPresent() && !replace) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, "model version " + version + " is already "
                    + "signed, but not by this key (or its signature is damaged): add --replace true to sign it "
                    + "again with this key (readers trusting only the other key will then refuse it)");
        }
        repository.store().write(ModelRepository.signatureKey(version), signature);
        return existing.isPresent() ? Signed.REPLACED : Signed.SIGNED;
    }

    /**
     * Checks every file against the checksums, then says what can be said of the signature: none, present (without
     * keys), or valid with one of {@code verifier}'s keys.
     *
     * @param verifier the keys a reader would trust, or null to only report whether there is a signature
     * @return what to print
     * @throws RegistryException NOT_FOUND, or CHECKSUM_MISMATCH when a file differs, the signature is not one, or
     *                           (with keys) it is missing or does not verify: what a reader requiring it would refuse
     */
    List<String> check(String version, VersionVerifier verifier) throws IOException {
        ModelRegistry.checkName(version);
        // With keys, the files and the signature are checked against one read of the checksums, as a reader that
        // requires signatures checks them: read apart, signed checksums could be put back between the two checks and
        // files that match other checksums be reported with a valid signature.
        Checksums sums = verifyFiles(verifier == null ? repository
                : new ModelRepository(repository.store(), verifier), version);
        List<String> out = new ArrayList<>();
        out.add(version + ": " + sums.files().size() + " files match " + Checksums.FILE_NAME);
        byte[] raw = repository.store().read(ModelRepository.key(version, Checksums.FILE_NAME))
                .orElseThrow(() -> notFound(version));
        Optional<byte[]> signature = repository.signature(version);
        if (verifier != null) {
            try {
                PublicKey key = verifier.verify(version, raw, signature);
                out.add(version + ": signature valid, key " + SigningKeys.fingerprint(key));
            } catch (ChecksumMismatchException e) {
                throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
            }
        } else if (signature.isEmpty()) {
            out.add(version + ": unsigned (no " + Checksums.SIGNATURE_FILE_NAME + "): readers that require "
                    + "signatures refuse it; `sign " + version + "` signs it");
        } else if (!VersionVerifier.wellFormed(signature.get())) {
            throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, "model version " + version
                    + ": " + Checksums.SIGNATURE_FILE_NAME + " is not an Ed25519 signature: every reader that "
                    + "requires signatures refuses it");
        } else {
            out.add(version + ": signed, signature not checked (give --verify-key FILE to check it)");
        }
        return out;
    }

    private Checksums verifyFiles(ModelRepository reader, String version) throws IOException {
        try {
            return reader.verify(version);
        } catch (NoSuchFileException e) {
            throw notFound(version);
        } catch (ChecksumMismatchException e) {
            throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
        }
    }
}
