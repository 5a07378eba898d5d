package io.streamrank.ranking.features;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.cache.StaleValues;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * What the shared per-item caches (item feature values, catalog entries) have in common as {@link ItemValues}: values
 * joined with a list, read ahead in the lists' round, or read in the background, all decoded and cached by the
 * subclass's {@link #put}; only what the cache holds neither fresh nor stale is read (ADR 48).
 */
public abstract class SharedItemValues implements ItemValues {

    private final RedisConnection redis;
    private final ReadAhead readAhead;
    private final LongFunction<String> key;
    /** Values read by {@link #preloadItems}: {@code streamrank_values_preloaded_total{kind}}. */
    private final Counter preloaded;
    /** {@link #put} for replies that come as key and value (MGET), built once. */
    private final ValueRead putRead;

    /**
     * @param kind the {@code kind} label of {@code streamrank_values_read_ahead_total}
     * @param key  the item's Redis key
     */
    protected SharedItemValues(RedisConnection redis, MeterRegistry meters, String kind, LongFunction<String> key) {
        this.redis = redis;
        this.readAhead = ReadAhead.register(meters, kind);
        this.key = key;
        this.preloaded = Counter.builder("streamrank.values.preloaded").tag("kind", kind)
                .description("Values read into the cache by the start-up warm-up, while Redis tracks their keys (ADR 56)")
                .register(meters);
        this.putRead = (id, kv, readAt) -> put(id, kv == null || !kv.hasValue() ? null : kv.getValue(), readAt);
    }

    /** Whether the cache holds a value for the item, fresh or stale; claims and counts nothing. */
    protected abstract boolean holds(long itemId, long nowNanos);

    /** Decodes and caches a value read from Redis: {@code null} when Redis has none. */
    protected abstract void put(long itemId, String value, long readAtNanos);

    /** The connection the values are read through, for the subclass's own reads. */
    protected final RedisConnection redis() {
        return redis;
    }

    /**
     * One background MGET of the items whose refresh this request claimed ({@link StaleValues}, ADR 47), riding the
     * next round any request sends; the values read are cached by {@link #put} on Lettuce's event loop. When the read
     * fails (Redis down, timed out) each claim is handed to {@code release}, so that the next request to use the stale
     * value claims its refresh again instead of the value being used unrefreshed to the end of its serve-stale window.
     * Nothing is sent when no refresh was claimed.
     */
    protected final void refresh(StaleValues stale, LongConsumer release) {
        int n = stale.claimed();
        if (n == 0) {
            return;
        }
        long[] ids = new long[n];
        for (int m = 0; m < n; m++) {
            ids[m] = stale.claimedId(m);
        }
        ReadAhead.background(redis, ids, key, putRead, () -> {
            for (long id : ids) {
                release.accept(id);
            }
        });
    }

    @Override
    public void joined(long[] itemIds, String[] values, int n, long readAtNanos) {
        for (int i = 0; i < n; i++) {
            put(itemIds[i], values[i], readAtNanos);
        }
        readAhead.withLists(n);
    }

    @Override
    public Runnable readAhead(RedisRound round, long[] ids, int n) {
        long nowNanos = System.nanoTime();
        return readAhead.read(round, ids, n, id -> holds(id, nowNanos), key, putRead);
    }

    @Override
    public void readInBackground(long[] ids, int n) {
        long nowNanos = System.nanoTime();
        readAhead.inBackground(redis, ids, n, id -> holds(id, nowNanos), key, putRead);
    }

    @Override
    public int preloadItems(long[] ids, int batch) {
        int read = 0;
        for (int from = 0; from < ids.length; from += batch) {
            long nowNanos = System.nanoTime();
            long[] chunk = ReadAhead.uncached(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + batch)),
                    Math.min(batch, ids.length - from), id -> holds(id, nowNanos));
            if (chunk.length == 0) {
                continue;
            }
            RedisRound round = redis.round(ROUND_BUDGET);
            Runnable putAll = ReadAhead.mget(round, chunk, key, putRead);
            round.await();
            putAll.run();
            read += chunk.length;
            preloaded.increment(chunk.length);
        }
        return read;
    }
}
