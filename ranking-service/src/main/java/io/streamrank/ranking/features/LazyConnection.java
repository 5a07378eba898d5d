package io.streamrank.ranking.features;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.EpollProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature store's one shared connection, opened on first use: the service starts (and serves degraded answers)
 * while Redis is down, tries again at most once per second, and Lettuce reconnects by itself once connected.
 */
final class LazyConnection {

    private static final Logger log = LoggerFactory.getLogger(LazyConnection.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** How long a caller waits for the first connect, another thread's: a healthy one takes a few milliseconds. */
    private static final long FIRST_CONNECT_WAIT_MILLIS = 250;

    private final RedisEndpoint endpoint;
    /** Called with each new connection before it is handed out. */
    private final Consumer<StatefulConnection<String, String>> onConnect;
    private final long retryNanos;
    private volatile StatefulConnection<String, String> connection;
    private volatile long lastAttempt;
    /** Whether a connect was tried (and so failed, while {@link #connection} is null). */
    private volatile boolean tried;
    private final ReentrantLock connecting = new ReentrantLock();

    LazyConnection(RedisEndpoint endpoint, Consumer<StatefulConnection<String, String>> onConnect) {
        this(endpoint, onConnect, RETRY);
    }

    /** @param retry how long after a failed try callers fail without another (a test's outlasts its own pauses) */
    LazyConnection(RedisEndpoint endpoint, Consumer<StatefulConnection<String, String>> onConnect, Duration retry) {
        this.endpoint = endpoint;
        this.onConnect = onConnect;
        this.retryNanos = retry.toNanos();
        this.lastAttempt = System.nanoTime() - retryNanos;
    }

    /** The connection; throws while Redis is unreachable (without trying again within a second of the last try). */
    StatefulConnection<String, String> get() {
        StatefulConnection<String, String> c = connection;
        return c != null ? c : connect();
    }

    private StatefulConnection<String, String> connect() {
        // One thread connects. The others wait for the first try as long as a healthy connect takes (callers that
        // start together, as at start-up), then give up rather than queue behind a connect to a hung or unreachable
        // server: their requests answer degraded (ADR 22). Once a try has failed they do not wait at all: waiting
        // through every later try held their concurrency slots, and a pod that started while Redis was down answered
        // ~32 requests/s and 503 to the rest.
        boolean locked;
        try {
            locked = tried ? connecting.tryLock()
                    : connecting.tryLock(FIRST_CONNECT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new IllegalStateException("Redis unavailable (connecting)");
        }
        try {
            return connectLocked();
        } finally {
            connecting.unlock();
        }
    }

    private StatefulConnection<String, String> connectLocked() {
        if (connection != null) {
            return connection;
        }
        if (System.nanoTime() - lastAttempt < retryNanos) {
            throw new IllegalStateException("Redis unavailable (retrying)");
        }
        try {
            StatefulConnection<String, String> c = endpoint.connect();
            if (endpoint.isCluster()) {
                // Lettuce's cluster writer hands each slot's commands to their node as a write of its own, flushed at
                // once: a round's MGET of ~200 keys cost ~200 event-loop tasks and socket writes, 6-7 times the
                // service CPU of the same round on one server (ADR 52). Every batch is flushed once instead.
                c.setAutoFlushCommands(false);
            }
            onConnect.accept(c);
            connection = c;
            // Which Netty transport carries the rounds: native epoll when its library loads (ADR 27), else NIO.
            log.info("connected to Redis{} ({} transport)", endpoint.isCluster() ? " Cluster" : "",
                    EpollProvider.isAvailable() ? "native epoll" : "NIO");
            return connection;
        } catch (RuntimeException e) {
            log.warn("Redis unavailable: {}", e.getMessage());
            throw e;
        } finally {
            lastAttempt = System.nanoTime(); // the next try a second after this one ended, however long it took
            tried = true;
        }
    }

    /** Whether a thread is connecting now (tests wait for it). */
    boolean connecting() {
        return connecting.isLocked();
    }

    void close() {
        StatefulConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
    }
}
