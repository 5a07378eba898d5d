package io.streamrank.registry.versions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Who may change the registry (ADR 60; several tokens at once since ADR 85, so that writers can move to a new token
 * while the old one still works): requests that register, promote or roll back carry
 * {@code Authorization: Bearer <token>}; reads, health and metrics need none. Each token is kept only as its SHA-256
 * digest and compared in constant time, so neither a heap dump nor response timing gives one away. Immutable: a
 * reload ({@link WriteTokens}) replaces the whole set.
 */
final class WriteToken {

    /** Shorter tokens are refused: a guessable one would only look like protection. */
    static final int MIN_LENGTH = 16;

    /** No token: anyone who reaches the API may change the registry. */
    static final WriteToken NONE = new WriteToken(new byte[0][]);

    private static final String BEARER = "Bearer ";

    private final byte[][] digests;

    private WriteToken(byte[][] digests) {
        this.digests = digests;
    }

    /** @throws IllegalArgumentException when the token is shorter than {@link #MIN_LENGTH} or holds whitespace */
    static WriteToken of(String token) {
        return parse(token);
    }

    /**
     * The tokens in a file's or variable's text, in the format of {@link TokenLines}.
     *
     * @throws IllegalArgumentException naming the rule and the line, never the text: it ends up in a log
     */
    static WriteToken parse(String text) {
        List<String> tokens = TokenLines.tokens(text);
        byte[][] digests = new byte[tokens.size()][];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = sha256(tokens.get(i));
        }
        return new WriteToken(digests);
    }

    /** The tokens in a file (a mounted Kubernetes Secret); see {@link TokenLines#bytes}. */
    static WriteToken fromFile(Path file) throws IOException {
        return parse(new String(TokenLines.bytes(file), StandardCharsets.UTF_8));
    }

    /** Whether writes need a token at all. */
    boolean required() {
        return digests.length > 0;
    }

    /** How many tokens are accepted (0 without any). */
    int count() {
        return digests.length;
    }

    /** Whether a request with this {@code Authorization} header (or {@code null}) may change the registry. */
    boolean permits(String authorization) {
        if (digests.length == 0) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = sha256(authorization.substring(BEARER.length()).strip());
        // Digests of equal length whatever was offered, and every one compared without stopping at a match (the `|`):
        // the time depends on how many tokens there are, not on which one was offered or how close a guess came.
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, offered);
        }
        return match;
    }

    static byte[] sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
