package io.streamrank.testkit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

/**
 * A private key prefix on a shared Redis server: a test writes only under its prefix and deletes exactly those keys
 * when it closes, so tests can run against the machine's Redis without touching anyone else's data.
 */
public final class RedisNamespace implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    /** Clears the prefix if the JVM is stopped (Ctrl-C, SIGTERM) before {@link #close}: random prefixes left behind
     *  would never be cleared by a later run. */
    private final Thread onExit = new Thread(this::clearQuietly, "redis-namespace-cleanup");

    /** A fresh random prefix {@code srtest:<label>:<random>:} for one test. */
    public RedisNamespace(String redisUri, String label) {
        this(redisUri, "srtest:" + label + ":" + UUID.randomUUID().toString().substring(0, 8) + ":", true);
    }

    /** A fixed prefix, e.g. the local stack's; {@code clearNow} deletes what an earlier run left under it. */
    public RedisNamespace(String redisUri, String prefix, boolean clearNow) {
        // Clearing deletes "<prefix>*": an empty prefix, or one with a glob character, would delete other keys of a
        // shared server (everything, for "").
        if (prefix == null || prefix.isEmpty() || prefix.chars().anyMatch(c -> "*?[]\\".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("a Redis key prefix this tool deletes under must be non-empty and "
                    + "free of glob characters (* ? [ ] \\): '" + prefix + "'");
        }
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.prefix = prefix;
        if (clearNow) {
            clear();
        }
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    public String prefix() {
        return prefix;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Deletes every key under the prefix; returns how many. */
    public long clear() {
        RedisCommands<String, String> redis = connection.sync();
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
                deleted += redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    private void clearQuietly() {
        try {
            clear();
        } catch (RuntimeException e) {
            // the connection is already gone: nothing more to do at exit
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook clears
        }
        try {
            clear();
        } finally {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
