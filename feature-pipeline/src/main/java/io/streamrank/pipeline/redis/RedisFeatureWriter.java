package io.streamrank.pipeline.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** One Lettuce connection per subtask; see {@link RedisFeatureSink}. */
final class RedisFeatureWriter implements SinkWriter<RedisWrite> {

    private final RedisFeatureSink.Settings settings;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final List<RedisFuture<?>> pending = new ArrayList<>();
    private final Counter writes;

    RedisFeatureWriter(RedisFeatureSink.Settings settings, MetricGroup metrics) {
        this.settings = settings;
        if (settings.cluster()) {
            RedisClusterClient c = RedisClusterClient.create(settings.uri());
            StatefulRedisClusterConnection<String, String> conn = c.connect();
            this.client = c;
            this.connection = conn;
            this.redis = conn.async();
        } else {
            RedisClient c = RedisClient.create(settings.uri());
            StatefulRedisConnection<String, String> conn = c.connect();
            this.client = c;
            this.connection = conn;
            this.redis = conn.async();
        }
        this.writes = metrics.counter("streamrank_redis_writes");
    }

    @Override
    public void write(RedisWrite w, Context context) throws IOException {
        switch (w.op) {
            case SET -> pending.add(redis.set(w.key, w.value, SetArgs.Builder.px(w.ttlMs)));
            case ZADD -> {
                pending.add(redis.zadd(w.key, w.score, w.value));
                pending.add(redis.pexpire(w.key, w.ttlMs));
            }
            case ZREM -> pending.add(redis.zrem(w.key, w.value));
        }
        writes.inc();
        if (pending.size() >= settings.maxInFlight()) {
            awaitPending();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        awaitPending();
    }

    /** Fails the task (so Flink restores from the last checkpoint) if any write failed or timed out. */
    private void awaitPending() throws IOException {
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        try {
            for (RedisFuture<?> f : pending) {
                long left = Math.max(0L, deadline - System.nanoTime());
                f.get(left, TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Redis write failed; the job restores from its last checkpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Redis", e);
        } finally {
            pending.clear();
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
