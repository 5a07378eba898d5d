package io.streamrank.ranking.recommend;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.warmup.WarmupToken;
import io.streamrank.ranking.recommend.RecommendMetrics.Outcome;
import io.streamrank.ranking.web.ApiException;
import io.streamrank.ranking.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Bounds the recommendation requests in progress ({@code streamrank.api.max-concurrent}) and those waiting for one of
 * their slots ({@code max-waiting}); beyond that, 503 + Retry-After at once (ADR 45). How long a waiter may wait
 * depends on how long the wait list has been busy, as in CoDel: a list that emptied within the last
 * {@code acquire-timeout} is a stall (a GC pause), and its waiters may wait that long; a list that has not been empty
 * for longer is an overload, and its new waiters get only {@code overload-wait}, so that the 503s of an overload stay
 * quick. Slots are not handed out in order: a running newcomer takes a freed slot rather than leaving it idle until a
 * parked waiter gets a CPU (a fair semaphore doubled the P99 at 1,000/s here). Counted as outcome {@code overloaded}.
 *
 * <p>The controller takes a slot once the request's input is read and bound, and gives it back when the answer is
 * made: a client sending its body slowly (or never) must not hold one, or a few such clients would have every other
 * request answered 503. Invalid requests take none.
 */
@Component
class ConcurrencyLimit {

    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    /** When the wait list last went from empty to one waiter ({@link System#nanoTime()}), or {@link #IDLE}. */
    private final AtomicLong busySince = new AtomicLong(IDLE);
    /** No busy period recorded: the list is empty, or its first waiter has not recorded its arrival yet. */
    static final long IDLE = Long.MIN_VALUE;
    private final int maxWaiting;
    private final long waitNanos;
    private final long overloadWaitNanos;
    private final long retryAfterSeconds;
    private final RecommendMetrics metrics;
    private final WarmupToken warmup;

    ConcurrencyLimit(RankingProperties properties, RecommendMetrics metrics, MeterRegistry meters,
                     WarmupToken warmup) {
        this.warmup = warmup;
        RankingProperties.Api api = properties.api();
        this.slots = new Semaphore(api.maxConcurrent());
        this.maxWaiting = api.maxWaiting();
        this.waitNanos = api.acquireTimeout().toNanos();
        this.overloadWaitNanos = Math.min(api.overloadWait().toNanos(), waitNanos);
        this.retryAfterSeconds = Math.max(1L, api.retryAfter().toSeconds());
        this.metrics = metrics;
        Gauge.builder("streamrank.recommend.waiting", waiting, AtomicInteger::get)
                .description("Recommendation requests waiting for a concurrency slot").register(meters);
    }

    /**
     * Takes a slot, waiting as described above, for a request; the caller gives it back with {@link #release()}.
     *
     * @throws ApiException {@link ProblemType#OVERLOADED} when no slot is had
     */
    void acquire(HttpServletRequest request) throws InterruptedException {
        if (slots.tryAcquire() || awaitSlot()) {
            return;
        }
        if (!warmup.isWarmup(request)) {
            metrics.outcome(Outcome.OVERLOADED);
        }
        throw new ApiException(ProblemType.OVERLOADED, "too many recommendation requests in progress; retry after "
                + retryAfterSeconds + " s", Map.of(), retryAfterSeconds);
    }

    /** Waits for a slot if the wait list has room; false when it has none or the wait timed out. */
    private boolean awaitSlot() throws InterruptedException {
        int position = waiting.incrementAndGet();
        try {
            if (position > maxWaiting) {
                return false;
            }
            long now = System.nanoTime();
            if (position == 1) {
                busySince.set(now);
            }
            return slots.tryAcquire(waitFor(busyFor(now, busySince.get())), TimeUnit.NANOSECONDS);
        } finally {
            // Read before leaving: if the list empties with this waiter, only the busy period it saw is ended; a new
            // first waiter that recorded its own arrival in between keeps it.
            long seen = busySince.get();
            if (waiting.decrementAndGet() == 0) {
                busySince.compareAndSet(seen, IDLE);
            }
        }
    }

    /**
     * How long the wait list has been busy. A later waiter can read the start before the first waiter of a new busy
     * period has written it; it then sees {@link #IDLE}, not the start of a period long over, which would have made
     * it an overload's waiter and shed it after a stall such as a GC pause.
     */
    static long busyFor(long now, long since) {
        return since == IDLE ? 0L : now - since;
    }

    /** How long a new waiter may wait, the wait list having been busy for {@code busyNanos}. */
    long waitFor(long busyNanos) {
        return busyNanos > waitNanos ? overloadWaitNanos : waitNanos;
    }

    /** Gives back a slot {@link #acquire} took. */
    void release() {
        slots.release();
    }
}
