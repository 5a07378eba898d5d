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

    @Override
    public void close() {
        try {
            clear();
        } finally {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
