package io.streamrank.contract.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/**
 * Tells what a token file holds now, for a service that follows it while it runs (ADR 85): the file is read only when
 * its identity, modification time or size changed (the kubelet's swap of a mounted Secret makes a new file, an edit a
 * new time), so copies of its text are made at a change, not at every look; the bytes read are zeroed once parsed, and
 * only their digest is kept, to tell a file that was touched from one that changed. A failure to read is told once
 * until it ends or changes, and whatever the file holds after it counts as a change. What to do with each answer
 * (log, count, swap the tokens in force) is the caller's. Not thread-safe: one poller looks at it; only
 * {@link #refusing()} may be read from any thread (a gauge).
 */
public final class TokenFileWatch {

    /** What one look found. */
    public enum Outcome { UNCHANGED, APPLIED, REFUSED }

    /**
     * One look's answer.
     *
     * @param tokens the file's tokens when {@link Outcome#APPLIED}, else {@code null}
     * @param why    the reason when {@link Outcome#REFUSED} (never a token's text), else {@code null}
     */
    public record Look(Outcome outcome, BearerTokens tokens, String why) {

        static final Look UNCHANGED = new Look(Outcome.UNCHANGED, null, null);
    }

    /** What tells a changed file without reading it. */
    private record FileState(Object key, FileTime modified, long size) {

        static FileState of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class); // through the links
            return new FileState(a.fileKey(), a.lastModifiedTime(), a.size());
        }
    }

    private final Path file;
    private final String what;
    private byte[] seen;
    private FileState state;
    private String failure;
    private volatile boolean refusing;

    /** @param what the tokens' name in messages, such as "API write token" */
    public TokenFileWatch(Path file, String what) {
        this.file = file;
        this.what = what;
    }

    /**
     * Reads the file now and starts following from what it held, so that the tokens a service starts with and the
     * digest a change is told by come from the same bytes.
     *
     * @throws IllegalArgumentException when the file breaks the rules of {@link BearerTokens}
     */
    public BearerTokens read() throws IOException {
        FileState before = FileState.of(file);
        byte[] bytes = BearerTokens.fileBytes(file, what);
        try {
            BearerTokens tokens = BearerTokens.parse(new String(bytes, StandardCharsets.UTF_8), what);
            seen = BearerTokens.sha256(bytes);
            state = before;
            return tokens;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether the file has changed into something refused, and no change since was applied. */
    public boolean refusing() {
        return refusing;
    }

    /** One look at the file. */
    public Look look() {
        byte[] bytes;
        try {
            FileState now = FileState.of(file);
            if (now.equals(state)) {
                return Look.UNCHANGED;
            }
            bytes = BearerTokens.fileBytes(file, what);
            state = now;
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof IOException ? "cannot be read: " + e.getClass().getSimpleName() + " "
                    + e.getMessage() : e.getMessage();
            seen = null; // whatever it holds when it is back is new
            state = null;
            if (why.equals(failure)) {
                return Look.UNCHANGED;
            }
            failure = why;
            refusing = true;
            return new Look(Outcome.REFUSED, null, why);
        }
        failure = null;
        try {
            byte[] digest = BearerTokens.sha256(bytes);
            if (Arrays.equals(digest, seen)) {
                return Look.UNCHANGED; // touched, not changed
            }
            seen = digest; // a refused text too: told once, not at every look
            BearerTokens tokens = BearerTokens.parse(new String(bytes, StandardCharsets.UTF_8), what);
            refusing = false;
            return new Look(Outcome.APPLIED, tokens, null);
        } catch (IllegalArgumentException e) {
            refusing = true;
            return new Look(Outcome.REFUSED, null, e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
