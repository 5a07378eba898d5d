package io.streamrank.contract.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;

/**
 * Signs a model version: an Ed25519 signature over the exact bytes of its {@code checksums.sha256}, which lists the
 * SHA-256 of every artifact, so the one signature covers the whole version (ADR 79). The registry writes it as
 * {@code <version>/checksums.sha256.sig} ({@link Checksums#SIGNATURE_FILE_NAME}) before the checksums file, so that a
 * version that looks complete is already signed.
 *
 * <p>The signature file is the 64-byte signature in standard base64 and a line break (text, so that it can be read
 * and diffed; {@code base64 -d checksums.sha256.sig > sig.bin && openssl pkeyutl -verify -pubin -inkey verify-key.pem
 * -rawin -in checksums.sha256 -sigfile sig.bin} checks it without Java). Ed25519 signatures are deterministic: the
 * same key over the same bytes always gives the same file.
 */
public final class VersionSigner {

    private final PrivateKey key;

    /** @throws IllegalArgumentException when {@code key} is not an Ed25519 key */
    public VersionSigner(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed && ed.getParams().getName().equalsIgnoreCase(SigningKeys.ALGORITHM))) {
            throw new IllegalArgumentException("model versions are signed with Ed25519 keys, not "
                    + key.getAlgorithm());
        }
        this.key = key;
    }

    /** The signer of the private key in a PEM file (PKCS#8, {@code PRIVATE KEY}), e.g. {@code signing-key.pem}. */
    public static VersionSigner fromPemFile(Path file) throws IOException {
        return new VersionSigner(SigningKeys.readPrivateKey(file));
    }

    /** The content of {@code checksums.sha256.sig} for exactly these bytes of {@code checksums.sha256}. */
    public byte[] signatureFile(byte[] checksums) {
        return (Base64.getEncoder().encodeToString(sign(checksums)) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The raw 64-byte Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a key the JDK accepted", e);
        }
    }
}
