package io.streamrank.contract.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens an API's writes accept: the ranking service's (ADR 78) and the registry's (ADR 60), several at once since
 * ADR 85 so that writers can move to a new token while the old one still works. One format for both, in a file (a
 * mounted Secret) or an environment variable: one token a line; lines blank or starting with {@code #} skipped, so a
 * Secret can say which token is which; 1 to {@link #MAX_TOKENS} tokens of at least {@link #MIN_LENGTH} characters
 * without whitespace. Each token is kept only as its SHA-256 digest and compared in constant time, so that neither a
 * heap dump nor response timing gives one away. Messages name a line by its number, never its text: they end up in
 * logs. Immutable: a reload replaces the whole set.
 */
public final class BearerTokens {

    /** Shorter tokens are refused: a guessable one would only look like protection. */
    public static final int MIN_LENGTH = 16;

    /** More would be a file mounted by mistake, not a rotation, and each is compared on every write. */
    public static final int MAX_TOKENS = 8;

    /** A larger file is refused unread. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    /** No token: anyone who reaches the API may write. */
    public static final BearerTokens NONE = new BearerTokens(new byte[0][]);

    private static final String BEARER = "Bearer ";

    private final byte[][] digests;

    private BearerTokens(byte[][] digests) {
        this.digests = digests;
    }

    /**
     * The tokens in a file's or variable's text.
     *
     * @param what the tokens' name in messages, such as "API write token"
     * @throws IllegalArgumentException when a line breaks the rules, or there is no token or too many
     */
    public static BearerTokens parse(String text, String what) {
        List<String> tokens = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.length() < MIN_LENGTH || line.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("the " + what + " must be at least " + MIN_LENGTH
                        + " characters without whitespace" + (lines.length > 1 ? " (line " + (i + 1) + ")" : ""));
            }
            tokens.add(line);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no " + what + ": every line is blank or a # comment");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new IllegalArgumentException(tokens.size() + " " + what + "s, at most " + MAX_TOKENS
                    + " are accepted");
        }
        byte[][] digests = new byte[tokens.size()][];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = sha256(tokens.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return new BearerTokens(digests);
    }

    /** The tokens in a file (a mounted Kubernetes Secret); its bytes are zeroed once parsed. */
    public static BearerTokens fromFile(Path file, String what) throws IOException {
        byte[] bytes = fileBytes(file, what);
        try {
            return parse(new String(bytes, StandardCharsets.UTF_8), what);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * A token file's bytes, read through symbolic links (a Kubernetes Secret's {@code ..data} swap is followed).
     *
     * @throws IllegalArgumentException past {@link #MAX_FILE_BYTES}, without reading the rest
     */
    public static byte[] fileBytes(Path file, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw new IllegalArgumentException("the " + what + " file is over " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            return bytes;
        }
    }

    /** Whether writes need a token at all. */
    public boolean required() {
        return digests.length > 0;
    }

    /** How many tokens are accepted (0 without any). */
    public int count() {
        return digests.length;
    }

    /** Whether a request with this {@code Authorization} header (or {@code null}) may write. */
    public boolean permits(String authorization) {
        if (digests.length == 0) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = sha256(authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
        // Digests of equal length whatever was offered, and every one compared without stopping at a match (the `|`):
        // the time depends on how many tokens there are, not on which one was offered or how close a guess came.
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, offered);
        }
        return match;
    }

    /** SHA-256 of {@code bytes}: what a token is kept as, and what tells a changed token file. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
