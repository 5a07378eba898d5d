package io.streamrank.registry.versions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may change the registry (ADR 60): requests that register, promote or roll back carry
 * {@code Authorization: Bearer <token>}; reads, health and metrics need none. The token is kept only as its SHA-256
 * digest and compared in constant time, so neither a heap dump nor response timing gives it away.
 */
final class WriteToken {

    /** Shorter tokens are refused: a guessable one would only look like protection. */
    static final int MIN_LENGTH = 16;

    /** No token: anyone who reaches the API may change the registry. */
    static final WriteToken NONE = new WriteToken(null);

    private final byte[] digest;

    private WriteToken(byte[] digest) {
        this.digest = digest;
    }

    /** @throws IllegalArgumentException when the token is shorter than {@link #MIN_LENGTH} or holds whitespace */
    static WriteToken of(String token) {
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the registry token must be at least " + MIN_LENGTH
                    + " characters without whitespace");
        }
        return new WriteToken(sha256(token));
    }

    /** The token in a file (a mounted Kubernetes Secret), without the trailing line break an editor adds. */
    static WriteToken fromFile(Path file) throws IOException {
        return of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /** Whether writes need the token at all. */
    boolean required() {
        return digest != null;
    }

    /** Whether a request with this {@code Authorization} header (or {@code null}) may change the registry. */
    boolean permits(String authorization) {
        if (digest == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
