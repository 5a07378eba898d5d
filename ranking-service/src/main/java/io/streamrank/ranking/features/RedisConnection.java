package io.streamrank.ranking.features;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One shared, thread-safe Lettuce connection, opened lazily: the service starts (and serves degraded answers) while
 * Redis is down, retries at most once per second, and Lettuce reconnects by itself once connected.
 */
@Component
public class RedisConnection {

    private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long lastAttempt = System.nanoTime() - RETRY_NANOS;

    RedisConnection(RankingProperties properties) {
        Duration timeout = properties.redis().timeout();
        client = RedisClient.create(properties.redis().uri());
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // Fail fast while disconnected instead of queueing commands behind a dead socket.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
    }

    /** The async API, or an exception if Redis cannot be reached right now. */
    public RedisAsyncCommands<String, String> async() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return c.async();
        }
        return connect().async();
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (now - lastAttempt < RETRY_NANOS) {
            throw new IllegalStateException("Redis unavailable (retrying)");
        }
        lastAttempt = now;
        try {
            connection = client.connect();
            log.info("connected to Redis");
            return connection;
        } catch (RuntimeException e) {
            log.warn("Redis unavailable: {}", e.getMessage());
            throw e;
        }
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
