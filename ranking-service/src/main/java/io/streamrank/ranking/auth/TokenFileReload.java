package io.streamrank.ranking.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.auth.TokenFileWatch;
import io.streamrank.contract.auth.TokenFileWatch.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * writes never open up), logged at ERROR once per change and counted. What the file holds now is the contract's
 * {@link TokenFileWatch} (read only when it changed, its bytes zeroed); this class swaps, logs and counts.
 */
final class TokenFileReload implements Supplier<BearerTokens>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenFileReload.class);

    private final Path file;
    private final TokenFileWatch watch;
    private final Counter applied;
    private final Counter refused;
    private volatile BearerTokens current;
    private volatile boolean closed;
    private ScheduledExecutorService poller;

    /**
     * Reads the file once more and starts from what that read holds ({@link TokenFileWatch#read()}): a Secret swapped
     * between the start's read and this one is then in force at once, not missed until the next change.
     *
     * @param initial the tokens read from {@code file} at start, kept if this read fails or breaks the rules (the
     *                first look then reports it)
     */
    TokenFileReload(Path file, BearerTokens initial, MeterRegistry meters) {
        this.file = file;
        this.watch = new TokenFileWatch(file, WriteTokenSource.WHAT);
        this.current = initial;
        try {
            this.current = watch.read();
        } catch (IOException | IllegalArgumentException e) {
            // kept: the first look reads the file again and reports what it finds
        }
        this.applied = reloads(meters, "applied");
        this.refused = reloads(meters, "refused");
        Gauge.builder("streamrank.api.write.token.file.refused", watch, w -> w.refusing() ? 1 : 0)
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
    public BearerTokens get() {
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
        if (closed) {
            return Outcome.UNCHANGED;
        }
        TokenFileWatch.Look look = watch.look();
        if (closed) {
            return Outcome.UNCHANGED; // a read interrupted by close, not a broken file
        }
        switch (look.outcome()) {
            case APPLIED -> {
                current = look.tokens();
                applied.increment();
                log.info("API write tokens reloaded from {}: {} token(s) accepted", file, look.tokens().count());
            }
            case REFUSED -> refuse(look.why());
            default -> { }
        }
        return look.outcome();
    }

    private void refuse(String why) {
        refused.increment();
        log.error("the API write token file {} changed but was not applied ({}); the {} token(s) accepted before "
                + "still are", file, why, current.count());
    }

    /** Stops the poller and waits a moment for it: no look at the file, and no refusal reported, after this. */
    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
