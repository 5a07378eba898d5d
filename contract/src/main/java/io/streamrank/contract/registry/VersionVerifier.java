package io.streamrank.contract.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks a model version's signature ({@link VersionSigner}) against the public keys a reader trusts (ADR 79). More
 * than one key is accepted so that a key can be rolled: readers trust the old and the new key while versions signed
 * with the old one are still served, then the old one is dropped.
 *
 * <p>Give it to {@link ModelRepository#ModelRepository(ObjectStore, VersionVerifier)} to make a reader require signed
 * versions.
 */
public final class VersionVerifier {

    /** An Ed25519 signature's length in bytes. */
    static final int SIGNATURE_BYTES = 64;

    private final List<PublicKey> keys;

    /** @throws IllegalArgumentException when {@code keys} is empty or holds a key that is not Ed25519 */
    public VersionVerifier(List<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one public key");
        }
        for (PublicKey k : keys) {
            if (!(k instanceof EdECPublicKey ed && ed.getParams().getName().equalsIgnoreCase(SigningKeys.ALGORITHM))) {
                throw new IllegalArgumentException("model versions are signed with Ed25519 keys, not "
                        + k.getAlgorithm());
            }
        }
        this.keys = List.copyOf(keys);
    }

    public static VersionVerifier of(PublicKey... keys) {
        return new VersionVerifier(List.of(keys));
    }

    /** The keys of a PEM file: one or more {@code PUBLIC KEY} blocks, e.g. {@code verify-key.pem}. */
    public static VersionVerifier fromPemFile(Path file) throws IOException {
        return new VersionVerifier(SigningKeys.readPublicKeys(file));
    }

    /** Every key of every file (a rotation may mount the old and the new key as two files). */
    public static VersionVerifier fromPemFiles(List<Path> files) throws IOException {
        List<PublicKey> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(SigningKeys.readPublicKeys(f));
        }
        return new VersionVerifier(all);
    }

    public List<PublicKey> keys() {
        return keys;
    }

    /**
     * Checks that {@code signatureFile} is a signature over exactly {@code checksums} by one of the trusted keys.
     *
     * @param checksums     the bytes of {@code checksums.sha256} as read, which the caller then trusts
     * @param signatureFile the content of {@code checksums.sha256.sig}; empty when there is none
     * @return the key that made the signature
     * @throws UnsignedVersionException  when there is no signature file
     * @throws SignatureRefusedException when it is not a signature, or no trusted key made it over these bytes
     */
    public PublicKey verify(String version, byte[] checksums, Optional<byte[]> signatureFile)
            throws SignatureRefusedException {
        if (signatureFile.isEmpty()) {
            throw new UnsignedVersionException("model version " + version + " refused: it is not signed (no "
                    + Checksums.SIGNATURE_FILE_NAME + "), and this reader serves only versions signed with "
                    + trusted() + "; sign it with `registry sign " + version + " --signing-key FILE`");
        }
        byte[] signature = decode(signatureFile.get()).orElseThrow(() -> new SignatureRefusedException(
                "model version " + version + " refused: " + Checksums.SIGNATURE_FILE_NAME + " is not an Ed25519 "
                        + "signature (want " + SIGNATURE_BYTES + " bytes in base64); it will not be served"));
        for (PublicKey key : keys) {
            if (verifies(key, checksums, signature)) {
                return key;
            }
        }
        throw new SignatureRefusedException("model version " + version + " refused: its signature does not verify "
                + "with " + trusted() + ": it was made with another key, or " + Checksums.FILE_NAME + " or the "
                + "signature changed after signing; it will not be served");
    }

    /**
     * Whether {@code signatureFile} has the form of a signature file (base64 of 64 bytes), without checking it: what
     * can be said of a signature without the public key.
     */
    public static boolean wellFormed(byte[] signatureFile) {
        return decode(signatureFile).isPresent();
    }

    /** The trusted keys for messages: their fingerprints. */
    private String trusted() {
        return (keys.size() == 1 ? "the key " : "one of the keys ")
                + String.join(", ", keys.stream().map(SigningKeys::fingerprint).toList());
    }

    private static Optional<byte[]> decode(byte[] signatureFile) {
        try {
            byte[] raw = Base64.getDecoder().decode(new String(signatureFile, StandardCharsets.US_ASCII).strip());
            return raw.length == SIGNATURE_BYTES ? Optional.of(raw) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            // A signature the provider cannot even parse (not a point on the curve): not made by this key.
            return false;
        }
    }
}
