package io.streamrank.registry.versions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text format of the registry's write tokens (ADR 85), the same in {@code --token-file} and in
 * {@code STREAMRANK_REGISTRY_TOKEN}: one token a line; lines blank or starting with {@code #} (after stripping) are
 * skipped, so a Secret can say which token is the old one; 1 to {@link #MAX_TOKENS} tokens of at least
 * {@link WriteToken#MIN_LENGTH} characters without whitespace. Several tokens let writers move to a new one while the
 * old one still works. Messages name the line, never its text: they end up in the pod's log.
 */
final class TokenLines {

    /** More would be a file mounted by mistake, not a rotation, and each is compared on every write. */
    static final int MAX_TOKENS = 8;

    /** A larger file is refused unread: no token file is that large, and it is read every few seconds. */
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
                throw new IllegalArgumentException("the registry token must be at least " + WriteToken.MIN_LENGTH
                        + " characters without whitespace" + (lines.length > 1 ? " (line " + (i + 1) + ")" : ""));
            }
            tokens.add(line);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no registry token: every line is blank or a # comment");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new IllegalArgumentException(tokens.size() + " registry tokens, at most " + MAX_TOKENS
                    + " are accepted");
        }
        return tokens;
    }

    /**
     * A token file's bytes, read through symbolic links (a Kubernetes Secret's {@code ..data} swap is followed).
     *
     * @throws IllegalArgumentException past {@link #MAX_FILE_BYTES}, without reading the rest
     */
    static byte[] bytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("the registry token file is over " + MAX_FILE_BYTES / 1024
                        + " KiB");
            }
            return bytes;
        }
    }
}
