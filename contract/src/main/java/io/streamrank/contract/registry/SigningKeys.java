package io.streamrank.contract.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys that sign model versions ({@link VersionSigner}) and check them ({@link VersionVerifier}), as PEM: the
 * private key PKCS#8 ({@code PRIVATE KEY}, what {@code openssl genpkey -algorithm ed25519} writes), the public key
 * X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}, what {@code openssl pkey -pubout} writes). Ed25519 is in the JDK
 * since 15: no dependency (ADR 79).
 */
public final class SigningKeys {

    public static final String ALGORITHM = "Ed25519";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private SigningKeys() {
    }

    /** A fresh key pair from the platform's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 15+ platform has Ed25519", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * The one {@code PRIVATE KEY} block of {@code pem}.
     *
     * @param source names the key in messages (a file name)
     * @throws IOException saying what is wrong: no such block (a public key, an encrypted or OpenSSH key instead),
     *                     several, bad base64, or a key that is not Ed25519
     */
    public static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
        List<byte[]> blocks = blocks(pem, "PRIVATE KEY", source);
        if (blocks.isEmpty()) {
            throw new IOException(source + " holds no PRIVATE KEY block" + found(pem));
        }
        if (blocks.size() > 1) {
            throw new IOException(source + " holds " + blocks.size() + " PRIVATE KEY blocks: a signing key file "
                    + "holds exactly one");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(source + ": not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * Every {@code PUBLIC KEY} block of {@code pem}, at least one: a file may list several keys (a rotation, ADR 79).
     *
     * @throws IOException when there is none, when the file also holds a private key (a reader must never be given
     *                     one), on bad base64, or for a key that is not Ed25519
     */
    public static List<PublicKey> parsePublicKeys(String pem, String source) throws IOException {
        if (pem.contains("PRIVATE KEY-----")) {
            throw new IOException(source + " holds a private key: readers need only the public key (verify-key.pem"
                    + "); keep the private key with the trainer");
        }
        List<byte[]> blocks = blocks(pem, "PUBLIC KEY", source);
        if (blocks.isEmpty()) {
            throw new IOException(source + " holds no PUBLIC KEY block" + found(pem));
        }
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks) {
            try {
                keys.add(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException(source + ": not an Ed25519 public key (X.509): " + e.getMessage(), e);
            }
        }
        return keys;
    }

    /** @throws java.nio.file.NoSuchFileException when there is no such file; see {@link #parsePrivateKey} */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** @throws java.nio.file.NoSuchFileException when there is no such file; see {@link #parsePublicKeys} */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException {
        return parsePublicKeys(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /**
     * A short name of a public key for messages and logs: {@code ed25519:} and the first 16 hex digits of the SHA-256
     * of its X.509 encoding ({@code openssl pkey -pubin -in verify-key.pem -outform DER | sha256sum} gives the same).
     */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The decoded content of every block of {@code type}, in order. */
    private static List<byte[]> blocks(String pem, String type, String source) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (!m.group(1).equals(type)) {
                continue;
            }
            try {
                out.add(Base64.getDecoder().decode(m.group(2).replaceAll("\\s", "")));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": the " + type + " block is not valid base64: " + e.getMessage());
            }
        }
        return out;
    }

    /** What the file holds instead, for the message: an encrypted or OpenSSH key needs converting first. */
    private static String found(String pem) {
        List<String> types = new ArrayList<>();
        Matcher m = BEGIN.matcher(pem);
        while (m.find()) {
            types.add(m.group(1));
        }
        if (types.isEmpty()) {
            return " (not a PEM file)";
        }
        String hint = types.contains("ENCRYPTED PRIVATE KEY") ? "; an encrypted key must be decrypted first "
                + "(openssl pkey -in FILE -out plain.pem)"
                : types.contains("OPENSSH PRIVATE KEY") ? "; an OpenSSH key is not read: write one with `registry "
                + "keygen` or `openssl genpkey -algorithm ed25519`" : "";
        return " (found " + String.join(", ", types) + ")" + hint;
    }
}
