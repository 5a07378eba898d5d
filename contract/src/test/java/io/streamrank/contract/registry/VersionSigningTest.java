package io.streamrank.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as PEM, and the signature over a version's checksums file (ADR 79). */
class VersionSigningTest {

    /** Written by {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} (OpenSSL 3.0). */
    private static final String OPENSSL_PRIVATE = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIKHYt2uvqVWYfDwmWUvXpr7R36/8wnyekA2W4djB8A0M
            -----END PRIVATE KEY-----
            """;
    private static final String OPENSSL_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAWCDMHg0Rm7Pc4om8Wx8Xdw6V7/ONmun484NDR2mrWgM=
            -----END PUBLIC KEY-----
            """;
    /** The checksums file {@code openssl pkeyutl -sign -rawin} signed with that key, and its signature in base64. */
    private static final byte[] OPENSSL_SIGNED = ("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
            + "  metadata.json\n").getBytes(StandardCharsets.UTF_8);
    private static final String OPENSSL_SIGNATURE =
            "Emj5XJsUBYCLU7IprHLXktm7EobQl1AgjZTeQJhxso7GO14CDRrdWty/78puSaztccuLEPtYkiaVv00fic3mCg==\n";

    private static final byte[] CHECKSUMS = ("0".repeat(64) + "  metadata.json\n" + "1".repeat(64)
            + "  model/saved_model.pb\n").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aSignatureMadeWithTheSigningKeyVerifiesWithItsPublicKeyAfterBothWentThroughPem() throws IOException {
        KeyPair pair = SigningKeys.generate();
        VersionSigner signer = new VersionSigner(SigningKeys.parsePrivateKey(
                SigningKeys.privateKeyPem(pair.getPrivate()), "signing-key.pem"));
        VersionVerifier verifier = new VersionVerifier(SigningKeys.parsePublicKeys(
                SigningKeys.publicKeyPem(pair.getPublic()), "verify-key.pem"));

        byte[] signature = signer.signatureFile(CHECKSUMS);

        assertThat(verifier.verify("v1", CHECKSUMS, Optional.of(signature))).isEqualTo(pair.getPublic());
        // Text: base64 of the 64 bytes and a line break.
        assertThat(new String(signature, StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/]{86}==\n");
    }

    @Test
    void checksumsChangedByOneByteAfterSigningAreRefused() {
        KeyPair pair = SigningKeys.generate();
        byte[] signature = new VersionSigner(pair.getPrivate()).signatureFile(CHECKSUMS);
        byte[] tampered = CHECKSUMS.clone();
        tampered[0] = '9';

        assertThatThrownBy(() -> VersionVerifier.of(pair.getPublic()).verify("v1", tampered, Optional.of(signature)))
                .isInstanceOf(SignatureRefusedException.class)
                .isInstanceOf(ChecksumMismatchException.class)
                .isNotInstanceOf(UnsignedVersionException.class)
                .hasMessageContaining("model version v1 refused: its signature does not verify")
                .hasMessageContaining(SigningKeys.fingerprint(pair.getPublic()));
        // Even a line break more: the exact bytes are signed, not the parsed list.
        byte[] longer = Arrays.copyOf(CHECKSUMS, CHECKSUMS.length + 1);
        longer[CHECKSUMS.length] = '\n';
        assertThatThrownBy(() -> VersionVerifier.of(pair.getPublic()).verify("v1", longer, Optional.of(signature)))
                .isInstanceOf(SignatureRefusedException.class);
    }

    @Test
    void aSignatureMadeWithAnotherKeyIsRefused() {
        KeyPair trusted = SigningKeys.generate();
        KeyPair other = SigningKeys.generate();
        byte[] signature = new VersionSigner(other.getPrivate()).signatureFile(CHECKSUMS);

        assertThatThrownBy(() -> VersionVerifier.of(trusted.getPublic()).verify("v1", CHECKSUMS,
                Optional.of(signature)))
                .isInstanceOf(SignatureRefusedException.class)
                .hasMessageContaining("made with another key")
                .hasMessageContaining("the key " + SigningKeys.fingerprint(trusted.getPublic()));
    }

    @Test
    void aReaderTrustingTheOldAndTheNewKeyAcceptsVersionsSignedWithEither() throws IOException {
        KeyPair old = SigningKeys.generate();
        KeyPair rolled = SigningKeys.generate();
        // One file with both keys, as a rotation's Secret may hold them.
        Path keys = dir.resolve("verify-keys.pem");
        Files.writeString(keys, SigningKeys.publicKeyPem(old.getPublic())
                + SigningKeys.publicKeyPem(rolled.getPublic()));
        VersionVerifier both = VersionVerifier.fromPemFile(keys);

        assertThat(both.keys()).containsExactly(old.getPublic(), rolled.getPublic());
        assertThat(both.verify("v1", CHECKSUMS, Optional.of(new VersionSigner(old.getPrivate())
                .signatureFile(CHECKSUMS)))).isEqualTo(old.getPublic());
        assertThat(both.verify("v2", CHECKSUMS, Optional.of(new VersionSigner(rolled.getPrivate())
                .signatureFile(CHECKSUMS)))).isEqualTo(rolled.getPublic());
    }

    @Test
    void noSignatureIsAnUnsignedVersionPointingToRegistrySign() {
        VersionVerifier verifier = VersionVerifier.of(SigningKeys.generate().getPublic());

        assertThatThrownBy(() -> verifier.verify("v1", CHECKSUMS, Optional.empty()))
                .isInstanceOf(UnsignedVersionException.class)
                .hasMessageContaining("model version v1 refused: it is not signed (no checksums.sha256.sig)")
                .hasMessageContaining("registry sign v1");
    }

    @Test
    void aSignatureFileThatIsNotASignatureIsRefused() {
        VersionVerifier verifier = VersionVerifier.of(SigningKeys.generate().getPublic());

        // Empty, not base64, too short, too long, and 64 bytes that are no signature.
        for (String content : List.of("", "not base64!", "AAAA", "A".repeat(88),
                java.util.Base64.getEncoder().encodeToString(new byte[64]))) {
            assertThatThrownBy(() -> verifier.verify("v1", CHECKSUMS,
                    Optional.of(content.getBytes(StandardCharsets.US_ASCII)))).as(content)
                    .isInstanceOf(SignatureRefusedException.class);
        }
        assertThat(VersionVerifier.wellFormed("AAAA".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(VersionVerifier.wellFormed(new VersionSigner(SigningKeys.generate().getPrivate())
                .signatureFile(CHECKSUMS))).isTrue();
    }

    @Test
    void theSameKeyOverTheSameBytesGivesTheSameSignatureFile() {
        VersionSigner signer = new VersionSigner(SigningKeys.generate().getPrivate());

        // registry sign relies on it to tell a version this key already signed.
        assertThat(signer.signatureFile(CHECKSUMS)).isEqualTo(signer.signatureFile(CHECKSUMS.clone()));
    }

    @Test
    void keysAndSignaturesOfOpensslAreReadAndOursVerifyTheSameWay() throws IOException {
        PublicKey opensslPublic = SigningKeys.parsePublicKeys(OPENSSL_PUBLIC, "pub.pem").get(0);
        VersionSigner opensslKey = new VersionSigner(SigningKeys.parsePrivateKey(OPENSSL_PRIVATE, "key.pem"));

        assertThat(VersionVerifier.of(opensslPublic).verify("v1", OPENSSL_SIGNED,
                Optional.of(OPENSSL_SIGNATURE.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(opensslPublic);
        // Deterministic signatures: the key read from OpenSSL's PEM signs exactly as OpenSSL did.
        assertThat(new String(opensslKey.signatureFile(OPENSSL_SIGNED), StandardCharsets.US_ASCII))
                .isEqualTo(OPENSSL_SIGNATURE);
        // And our PEM is OpenSSL's, byte for byte.
        assertThat(SigningKeys.publicKeyPem(opensslPublic)).isEqualTo(OPENSSL_PUBLIC);
    }

    @Test
    void aPemFileOfTheWrongKindSaysWhatItHoldsInstead() {
        assertThatThrownBy(() -> SigningKeys.parsePrivateKey(OPENSSL_PUBLIC, "verify-key.pem"))
                .isInstanceOf(IOException.class)
                .hasMessage("verify-key.pem holds no PRIVATE KEY block (found PUBLIC KEY)");
        assertThatThrownBy(() -> SigningKeys.parsePublicKeys(OPENSSL_PRIVATE, "signing-key.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("signing-key.pem holds a private key: readers need only the public key");
        assertThatThrownBy(() -> SigningKeys.parsePrivateKey("""
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAg=
                -----END ENCRYPTED PRIVATE KEY-----
                """, "enc.pem"))
                .hasMessageContaining("enc.pem holds no PRIVATE KEY block (found ENCRYPTED PRIVATE KEY)")
                .hasMessageContaining("must be decrypted first");
        assertThatThrownBy(() -> SigningKeys.parsePublicKeys("ssh-ed25519 AAAAC3Nza me@host", "id.pub"))
                .hasMessage("id.pub holds no PUBLIC KEY block (not a PEM file)");
    }

    @Test
    void aPemBlockThatIsBrokenOrNotEd25519IsRefusedNamingTheFile() throws Exception {
        assertThatThrownBy(() -> SigningKeys.parsePrivateKey(OPENSSL_PRIVATE.replace("MC4C", "MC!C"), "k.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("k.pem: the PRIVATE KEY block is not valid base64");
        // An Ed448 public key (openssl genpkey -algorithm ed448).
        assertThatThrownBy(() -> SigningKeys.parsePublicKeys("""
                -----BEGIN PUBLIC KEY-----
                MEMwBQYDK2VxAzoAZkYN3zw5ZTakb4gz2D/+x2dPXUbzyLoShmMbQV1tNjImmyzU
                n635ff6JNISCoFRULAWC+kvlbNwA
                -----END PUBLIC KEY-----
                """, "448.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("448.pem: not an Ed25519 public key");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String rsaPem = SigningKeys.privateKeyPem(rsa.generateKeyPair().getPrivate());
        assertThatThrownBy(() -> SigningKeys.parsePrivateKey(rsaPem, "rsa.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("rsa.pem: not an Ed25519 private key");
        assertThatThrownBy(() -> SigningKeys.parsePrivateKey(OPENSSL_PRIVATE + OPENSSL_PRIVATE, "two.pem"))
                .hasMessageContaining("holds 2 PRIVATE KEY blocks");
    }

    @Test
    void aMissingKeyFileIsNoSuchFile() {
        assertThatThrownBy(() -> VersionSigner.fromPemFile(dir.resolve("absent.pem")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
