package io.streamrank.ranking.features;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails Redis rounds at once while Redis keeps timing out: after {@code timeouts} rounds in a row ran out of their
 * budget, rounds are refused for {@code open}, then one round goes through as a probe (its success closes the breaker,
 * its timeout opens it again). Without it a slow Redis (a fork, a stalled host, packets dropped without a reset) made
 * every request wait its whole budget inside a concurrency slot: capacity fell to slots ÷ timeout (8 ÷ 100 ms = 80
 * requests/s) and the rest were answered 503 instead of the degraded answer the service documents. Errors that come
 * back fast (connection refused) need no breaker and do not count.
 */
final class RoundBreaker {

    private final int timeouts;
    private final long openNanos;
    private final AtomicInteger inARow = new AtomicInteger();
    /** When the open period ends (a probe then takes the next one); meaningful while {@link #open}. */
    private final AtomicLong openUntil = new AtomicLong();
    private volatile boolean open;

    /** @param timeouts timed-out rounds in a row that open the breaker; 0 turns it off */
    RoundBreaker(int timeouts, Duration open) {
        this.timeouts = timeouts;
        this.openNanos = open.toNanos();
    }

    /** Whether a round may go to Redis at {@code nowNanos}: closed, or open and this caller takes the period's probe. */
    boolean allows(long nowNanos) {
        if (!open) {
            return true;
        }
        long until = openUntil.get();
        // One probe per period: the caller that moves the period on goes through, the others are refused.
        return nowNanos - until >= 0 && openUntil.compareAndSet(until, nowNanos + openNanos);
    }

    boolean isOpen() {
        return open;
    }

    void succeeded() {
        // Read first: every round of every request ends here, and writing a shared line each time would make the
        // request threads take it from each other.
        if (inARow.get() != 0) {
            inARow.set(0);
        }
        if (open) {
            open = false;
        }
    }

    void timedOut(long nowNanos) {
        if (timeouts > 0 && inARow.incrementAndGet() >= timeouts && !open) {
            openUntil.set(nowNanos + openNanos);
            open = true;
        }
    }
}
