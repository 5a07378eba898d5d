package io.streamrank.ranking.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token the API's writes need (ADR 78, the registry's design of ADR 60): requests that ingest events or change
 * the catalog carry {@code Authorization: Bearer <token>}; reads need none. The token is kept only as its SHA-256
 * digest and compared in constant time, so that neither a heap dump nor response timing gives it away.
 */
final class WriteToken {

    /** Shorter tokens are refused: a guessable one would only look like protection. */
    static final int MIN_LENGTH = 16;

    /** No token: anyone who reaches the API may write. */
    static final WriteToken NONE = new WriteToken(null);

    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private WriteToken(byte[] digest) {
        this.digest = digest;
    }

    /** @throws IllegalArgumentException when the token is shorter than {@link #MIN_LENGTH} or holds whitespace */
    static WriteToken of(String token) {
        // The message never holds the token: it ends up in the start-up failure printed to the pod's log.
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the API write token must be at least " + MIN_LENGTH
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

    /** Whether a request with this {@code Authorization} header (or {@code null}) may write. */
    boolean permits(String authorization) {
        if (digest == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Digests of equal length whatever was offered: isEqual's time depends on neither the token nor its length.
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
