package io.streamrank.registry.versions;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much the registry API works on at once, and what it answers beyond that: 503 with {@code Retry-After} and a
 * problem document at once, instead of a queue that grows without limit.
 *
 * <p>The limit cannot be the executor's queue alone: the JDK server reads a request on the executor's thread, so
 * when its executor refuses a connection nothing has been read and nothing can be answered; the server's dispatcher
 * closes the connection (checked on JDK 17: the client gets "header parser received no bytes"). So the work is
 * bounded by permits taken on the executor's threads, of which there are more than permits: requests beyond the
 * permits are read and answered 503 in microseconds, and liveness, which takes none, is answered even while every
 * permit is held. The executor's queue is bounded too, as the last resort of a flood faster than those answers.
 */
final class Admission {

    /** Registry operations (list, get, register, promote, rollback) at once: each may read the whole store. */
    static final int API_PERMITS = 4;
    /** Readiness checks and metrics scrapes at once: each lists the store's stage records. */
    static final int PROBE_PERMITS = 2;
    /** Threads: one per permit, and two more that read requests and answer 503s and liveness. */
    static final int THREADS = API_PERMITS + PROBE_PERMITS + 2;
    /** Connections waiting for a thread; beyond this the JDK server closes new ones unanswered. */
    static final int QUEUE = 64;
    static final long RETRY_AFTER_SECONDS = 1;

    private final Semaphore permits;

    Admission(int permits) {
        this.permits = new Semaphore(permits);
    }

    /** The work a permit admits. */
    interface Work {
        void run() throws IOException;
    }

    /** Runs {@code work} if a permit is free, else answers 503 {@code overloaded} at once. */
    void run(HttpExchange ex, String what, Work work) throws IOException {
        if (!permits.tryAcquire()) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            Exchanges.problem(ex, 503, "overloaded", "Registry overloaded", "too many " + what
                    + " in progress; retry after " + RETRY_AFTER_SECONDS + " s");
            return;
        }
        try {
            work.run();
        } finally {
            permits.release();
        }
    }

    /** The server's executor: {@link #THREADS} threads and {@link #QUEUE} waiting connections at most. */
    static ThreadPoolExecutor executor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> new Thread(r, "registry-http-" + n.incrementAndGet());
        // AbortPolicy: a refused connection is closed by the JDK server's dispatcher, which must not block (a
        // caller-runs policy would read the request on the dispatcher and stall every other connection).
        return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                named, new ThreadPoolExecutor.AbortPolicy());
    }
}
