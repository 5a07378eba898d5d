package io.streamrank.ranking.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text format of the write tokens (ADR 85), the same in the file and the environment variable: one token a line;
 * lines blank or starting with {@code #} skipped, so a Secret can say which token is the old one; 1 to
 * {@link #MAX_TOKENS} tokens of at least {@link WriteToken#MIN_LENGTH} characters without whitespace. Messages name the
 * line, never its text: they end up in the pod's log.
 */
final class TokenLines {

    /** More would be a file mounted by mistake, not a rotation, and each is compared on every write. */
    static final int MAX_TOKENS = 8;

    /** A larger file is refused unread. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private TokenLines() {
    }

    /** @throws IllegalArgumentException when a line breaks the rules, or there is no token or too many */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.length() < WriteToken.MIN_LENGTH || line.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("the API write token must be at least " + WriteToken.MIN_LENGTH
                        + " characters without whitespace" + (lines.length > 1 ? " (line " + (i + 1) + ")" : ""));
            }
            tokens.add(line);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no API write token: every line is blank or a # comment");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new IllegalArgumentException(tokens.size() + " API write tokens, at most " + MAX_TOKENS
                    + " are accepted");
        }
        return tokens;
    }

    /** A token file's text, refused past {@link #MAX_FILE_BYTES} without reading the rest. */
    static String read(Path file) throws IOException {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** A token file's bytes, refused past {@link #MAX_FILE_BYTES} without reading the rest. */
    static byte[] bytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("the API write token file is over " + MAX_FILE_BYTES / 1024
                        + " KiB");
            }
            return bytes;
        }
    }
}
