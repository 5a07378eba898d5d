package io.streamrank.pipeline.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** One Lettuce connection per subtask, auto-flush off; see {@link RedisFeatureSink}. */
final class RedisFeatureWriter implements SinkWriter<RedisWrite> {

    /** Samples the lag histogram keeps (a sliding window over the newest writes). */
    private static final int LAG_SAMPLES = 10_000;

    private final RedisFeatureSink.Settings settings;
    private final ProcessingTimeService time;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final Counter writes;
    private final Counter commands;
    private final Counter batches;
    private final Histogram lag;
    private final String setManySha;
    private final String ownedSha;
    /** Popularity sets found settled as this job run's: written with plain commands from then on (SortedSetChanges). */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();
    /** Wall clock (ms) of owned sets' takeover deadlines ({@link SortedSetChanges#OWNED_CHANGES}). */
    private final LongSupplier clock;
    private WriteBatch batch = new WriteBatch();
    private boolean timerArmed;
    private volatile Throwable failure;

    RedisFeatureWriter(RedisFeatureSink.Settings settings, MetricGroup metrics, ProcessingTimeService time) {
        this(settings, metrics, time, System::currentTimeMillis);
    }

    /** As above, with the wall clock that takeover deadlines are set and checked against (tests move it). */
    RedisFeatureWriter(RedisFeatureSink.Settings settings, MetricGroup metrics, ProcessingTimeService time,
                       LongSupplier clock) {
        this.settings = settings;
        this.time = time;
        this.clock = clock;
        if (settings.cluster()) {
            RedisClusterClient c = RedisClusterClient.create(settings.uri());
            StatefulRedisClusterConnection<byte[], byte[]> conn = connectOrShutDown(c,
                    x -> x.connect(ByteArrayCodec.INSTANCE));
            this.client = c;
            this.connection = conn;
            this.redis = conn.async();
        } else {
            RedisClient c = RedisClient.create(settings.uri());
            StatefulRedisConnection<byte[], byte[]> conn = connectOrShutDown(c,
                    x -> x.connect(ByteArrayCodec.INSTANCE));
            this.client = c;
            this.connection = conn;
            this.redis = conn.async();
        }
        try {
            // Loaded on a standalone Redis only: on a Cluster each node would need them (and a node added later
            // lacks them), so there SET_MANY is not used and OWNED_CHANGES goes with each call.
            setManySha = settings.cluster() ? null
                    : redis.scriptLoad(WriteBatch.SET_MANY).get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ownedSha = settings.cluster() ? null
                    : redis.scriptLoad(SortedSetChanges.OWNED_CHANGES).get(settings.writeTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("could not load the write script into Redis at " + settings.uri(), e);
        }
        // Commands queue up until flushCommands(): one syscall and one round trip per batch instead of per command.
        connection.setAutoFlushCommands(false);
        this.writes = metrics.counter("streamrank_redis_writes");
        this.commands = metrics.counter("streamrank_redis_commands");
        this.batches = metrics.counter("streamrank_redis_batches");
        this.lag = metrics.histogram("streamrank_event_to_redis_lag_ms", new DescriptiveStatisticsHistogram(LAG_SAMPLES));
    }

    /**
     * Connects, or shuts the client down and rethrows: the job restarts every few seconds while Redis is down, and
     * each restart's client would otherwise keep its event-loop threads (and the job's class loader).
     */
    private static <C extends AbstractRedisClient, T> T connectOrShutDown(C client, Function<C, T> connect) {
        try {
            return connect.apply(client);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public void write(RedisWrite w, Context context) throws IOException {
        batch.add(w);
        writes.inc();
        if (batch.size() >= settings.batchSize()) {
            send();
        } else if (!timerArmed && time != null) {
            timerArmed = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.maxBatchDelay().toMillis(), t -> {
                timerArmed = false;
                send();
            });
        }
    }

    /** Whether popularity set {@code key} was found settled as run {@code run}'s (tests). */
    boolean settled(String key, long run) {
        return settled.contains(SortedSetChanges.settledAs(key, run));
    }

    /** Called on every checkpoint (and at end of input): everything written so far is acknowledged by Redis. */
    @Override
    public void flush(boolean endOfInput) throws IOException {
        send();
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
    }

    private void send() throws IOException {
        throwIfFailed();
        if (batch.isEmpty()) {
            return;
        }
        WriteBatch sending = batch;
        batch = new WriteBatch();
        List<RedisFuture<?>> futures = sending.issue(redis, setManySha, ownedSha, clock.getAsLong(), settled);
        connection.flushCommands();
        commands.inc(futures.size());
        batches.inc();
        long[] eventTimes = sending.eventTimes();
        CompletableFuture<Void> done = CompletableFuture.allOf(
                futures.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new));
        done.whenComplete((ok, error) -> {
            if (error != null) {
                failure = error;
                return;
            }
            long now = System.currentTimeMillis();
            for (long t : eventTimes) {
                lag.update(Math.max(0L, now - t));
            }
        });
        inFlight.addLast(done);
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            // Through awaitOldest, which throws for a failed batch: its whenComplete may not have run yet, and a
            // checkpoint must not complete over a batch that failed.
            awaitOldest();
        }
        while (inFlight.size() > settings.maxPendingBatches()) {
            awaitOldest();
        }
    }

    /** Fails the task (so Flink restores from the last checkpoint) if a write failed or timed out. */
    private void awaitOldest() throws IOException {
        CompletableFuture<Void> oldest = inFlight.removeFirst();
        try {
            oldest.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Redis write failed; the job restores from its last checkpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Redis", e);
        }
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("Redis write failed; the job restores from its last checkpoint", f);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
