package io.streamrank.ranking.features;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.EpollProvider;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature store's one shared connection, opened on first use: the service starts (and serves degraded answers)
 * while Redis is down, tries again at most once per second, and Lettuce reconnects by itself once connected.
 */
final class LazyConnection {

    private static final Logger log = LoggerFactory.getLogger(LazyConnection.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisEndpoint endpoint;
    /** Called with each new connection before it is handed out. */
    private final Consumer<StatefulConnection<String, String>> onConnect;
    private volatile StatefulConnection<String, String> connection;
    private volatile long lastAttempt = System.nanoTime() - RETRY_NANOS;

    LazyConnection(RedisEndpoint endpoint, Consumer<StatefulConnection<String, String>> onConnect) {
        this.endpoint = endpoint;
        this.onConnect = onConnect;
    }

    /** The connection; throws while Redis is unreachable (without trying again within a second of the last try). */
    StatefulConnection<String, String> get() {
        StatefulConnection<String, String> c = connection;
        return c != null ? c : connect();
    }

    private synchronized StatefulConnection<String, String> connect() {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (now - lastAttempt < RETRY_NANOS) {
            throw new IllegalStateException("Redis unavailable (retrying)");
        }
        lastAttempt = now;
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
        }
    }

    void close() {
        StatefulConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
    }
}
