package io.streamrank.ranking.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the write token file while the service runs (ADR 85), so that a token is rotated by editing the Secret, not
 * by restarting pods: add the new token as a second line, move the writers to it, remove the old line. The kubelet
 * replaces a mounted Secret's files by swapping a symbolic link, so a read sees the old text or the new, never half.
 * A file that changed but breaks the rules, or cannot be read, leaves the tokens in force as they were (never none:
 * writes never open up), logged at ERROR once per change and counted. Only a digest of the text read last is kept,
 * not the text: it holds the tokens.
 */
final class TokenFileReload implements Supplier<WriteToken>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenFileReload.class);

    /** What one look at the file did. */
    enum Outcome { UNCHANGED, APPLIED, REFUSED }

    private final Path file;
    private final Counter applied;
    private final Counter refused;
    private volatile WriteToken current;
    private volatile boolean fileRefused;
    private byte[] seen;
    private String failure;
    private ScheduledExecutorService poller;

    /** @param initial the tokens read from {@code file} at start */
    TokenFileReload(Path file, WriteToken initial, MeterRegistry meters) {
        this.file = file;
        this.current = initial;
        try {
            this.seen = WriteToken.sha256(TokenLines.bytes(file));
        } catch (IOException | IllegalArgumentException e) {
            this.seen = null; // read at start a moment ago; the first look reports whatever happened since
        }
        this.applied = reloads(meters, "applied");
        this.refused = reloads(meters, "refused");
        Gauge.builder("streamrank.api.write.token.file.refused", () -> fileRefused ? 1 : 0)
                .description("1 while the write token file has changed into something refused (unreadable or "
                        + "breaking the rules) and the tokens accepted before stay in force").register(meters);
    }

    private static Counter reloads(MeterRegistry meters, String outcome) {
        return Counter.builder("streamrank.api.write.token.reloads").tag("outcome", outcome)
                .description("Changes of the write token file: applied, or refused with the tokens before kept")
                .register(meters);
    }

    /** Looks at the file every {@code period} on a daemon thread of its own, until {@link #close()}. */
    TokenFileReload start(Duration period) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "write-token-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, period.toMillis());
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The tokens in force. */
    @Override
    public WriteToken get() {
        return current;
    }

    private void poll() {
        try {
            check();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the file would silently stop being followed.
            log.error("looking at the API write token file {} failed; the tokens in force stay", file, e);
        }
    }

    /** One look at the file. */
    synchronized Outcome check() {
        byte[] bytes;
        try {
            bytes = TokenLines.bytes(file);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof IOException ? "cannot be read: " + e.getClass().getSimpleName() + " "
                    + e.getMessage() : e.getMessage();
            seen = null; // whatever it holds when it is back is new
            if (why.equals(failure)) {
                return Outcome.UNCHANGED;
            }
            failure = why;
            return refuse(why);
        }
        failure = null;
        byte[] digest = WriteToken.sha256(bytes);
        if (Arrays.equals(digest, seen)) {
            return Outcome.UNCHANGED;
        }
        seen = digest;
        WriteToken token;
        try {
            token = WriteToken.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        current = token;
        fileRefused = false;
        applied.increment();
        log.info("API write tokens reloaded from {}: {} token(s) accepted", file, token.count());
        return Outcome.APPLIED;
    }

    private Outcome refuse(String why) {
        fileRefused = true;
        refused.increment();
        log.error("the API write token file {} changed but was not applied ({}); the {} token(s) accepted before "
                + "still are", file, why, current.count());
        return Outcome.REFUSED;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
