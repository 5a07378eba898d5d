package io.streamrank.pipeline.bench;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures freshness from the outside, as the ranking service would see it: for sampled events it polls the user's
 * value in Redis (one MGET for all outstanding samples every 5 ms) until the value includes the event, and records
 * {@code seen - event time}. Resolution is the 5 ms poll.
 */
final class FreshnessProbe implements AutoCloseable {

    private record Sample(String key, long eventTime) {
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisKeys keys;
    private final ConcurrentLinkedQueue<Sample> submitted = new ConcurrentLinkedQueue<>();
    private final List<Long> freshness = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    /** Probes given up on: not visible 60 s after their event, or still outstanding when {@link #finish} returned. */
    private final AtomicInteger unresolved = new AtomicInteger();
    /** Probes submitted and neither seen nor given up on yet. */
    private final AtomicInteger pending = new AtomicInteger();

    FreshnessProbe(String redisUri, String prefix) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.keys = new RedisKeys(prefix);
        this.poller = new Thread(this::poll, "freshness-probe");
        poller.setDaemon(true);
        poller.start();
    }

    void sample(long userId, long eventTime) {
        pending.incrementAndGet();
        submitted.add(new Sample(keys.user(userId), eventTime));
    }

    private void poll() {
        List<Sample> outstanding = new ArrayList<>();
        while (running || !outstanding.isEmpty()) {
            for (Sample s; (s = submitted.poll()) != null; ) {
                outstanding.add(s);
            }
            if (!outstanding.isEmpty()) {
                List<KeyValue<String, String>> values = connection.sync()
                        .mget(outstanding.stream().map(Sample::key).toArray(String[]::new));
                long now = System.currentTimeMillis();
                List<Sample> still = new ArrayList<>();
                for (int i = 0; i < outstanding.size(); i++) {
                    Sample s = outstanding.get(i);
                    KeyValue<String, String> kv = values.get(i);
                    if (kv.hasValue() && FeatureCodec.decodeUser(kv.getValue()).lastEventAt() >= s.eventTime()) {
                        synchronized (freshness) {
                            freshness.add(now - s.eventTime());
                        }
                        pending.decrementAndGet();
                    } else if (now - s.eventTime() > 60_000) {
                        unresolved.incrementAndGet();
                        pending.decrementAndGet();
                    } else {
                        still.add(s);
                    }
                }
                outstanding = still;
                if (!running && outstanding.stream().allMatch(s -> now - s.eventTime() > 60_000)) {
                    break;
                }
            }
            sleep(5);
        }
    }

    /**
     * Sorted freshness samples in ms, after waiting up to {@code limit} for the outstanding ones, with one
     * {@link #UNSEEN} per probe given up on: the slowest probes count in the quantiles (as the slowest there are),
     * not left out of them.
     */
    long[] finish(Duration limit) throws InterruptedException {
        running = false;
        poller.join(limit.toMillis());
        synchronized (freshness) {
            int given = unresolved.addAndGet(Math.max(0, pending.getAndSet(0)));
            long[] out = new long[freshness.size() + given];
            Arrays.fill(out, UNSEEN);
            for (int i = 0; i < freshness.size(); i++) {
                out[i] = freshness.get(i);
            }
            Arrays.sort(out);
            return out;
        }
    }

    /** A probe never seen in Redis, in {@link #finish}'s samples. */
    static final long UNSEEN = Long.MAX_VALUE;

    int unresolved() {
        return unresolved.get();
    }

    static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** A quantile for the report: milliseconds, or that the probes at that rank were never seen. */
    static String ms(long value) {
        return value == UNSEEN ? "not seen" : value + " ms";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
