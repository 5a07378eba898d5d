package io.streamrank.ranking.features;

import io.lettuce.core.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.cache.ItemSlots;
import io.streamrank.ranking.cache.StaleValues;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What the shared per-item caches (item feature values, catalog entries) have in common: a request's {@link #lookup}
 * through the cache's {@link ItemSlots} into its columns, and, as {@link ItemValues}, values joined with a list, read
 * ahead in the lists' round, or read in the background, all decoded and cached by the subclass's {@link #put}; only
 * what the cache holds neither fresh nor stale is read (ADR 48).
 *
 * @param <C> the request's columns the cache's four numbers per item are copied into
 */
public abstract class SharedItemValues<C extends ItemSlots.Columns> implements ItemValues {

    private final RedisConnection redis;
    private final ReadAhead readAhead;
    private final LongFunction<String> key;
    private final ItemSlots slots;
    private final CacheMeters cacheMeters;
    /** Gives up a failed refresh's claim (ADR 47); built once. */
    private final LongConsumer release;
    /** Values read by {@link #preloadItems}: {@code streamrank_values_preloaded_total{kind}}. */
    private final Counter preloaded;
    /** {@link #put} for replies that come as key and value (MGET), built once. */
    private final ValueRead putRead;

    /**
     * @param kind        the {@code kind} label of {@code streamrank_values_read_ahead_total}
     * @param key         the item's Redis key
     * @param slots       the cache
     * @param cacheMeters its hits, stale uses and misses
     */
    protected SharedItemValues(RedisConnection redis, MeterRegistry meters, String kind, LongFunction<String> key,
                               ItemSlots slots, CacheMeters cacheMeters) {
        this.redis = redis;
        this.readAhead = ReadAhead.register(meters, kind);
        this.key = key;
        this.slots = slots;
        this.cacheMeters = cacheMeters;
        this.release = slots::release;
        this.preloaded = Counter.builder("streamrank.values.preloaded").tag("kind", kind)
                .description("Values read into the cache by the start-up warm-up, while Redis tracks their keys (ADR 56)")
                .register(meters);
        this.putRead = (id, kv, readAt) -> put(id, value(kv), readAt);
    }

    /** Decodes and caches a value read from Redis: {@code null} when Redis has none. */
    protected abstract void put(long itemId, String value, long readAtNanos);

    /** As {@link #put}, for a request's miss: also copies the decoded value into its columns at {@code position}. */
    protected abstract void put(long itemId, String value, long readAtNanos, C into, int position);

    /** An MGET reply's value, {@code null} when Redis has none. */
    protected static String value(KeyValue<String, String> kv) {
        return kv == null || !kv.hasValue() ? null : kv.getValue();
    }

    /** The cache, for the subclass's own puts. */
    protected final ItemSlots slots() {
        return slots;
    }

    /** The connection the values are read through, for the subclass's own reads. */
    protected final RedisConnection redis() {
        return redis;
    }

    @Override
    public final boolean cached() {
        return slots.enabled();
    }

    /**
     * The items' values, by position in {@code itemIds}, in {@code columns}: cached ones at once (stale ones too, whose
     * refresh then rides the next round any request sends), the rest with one MGET added to the round (nothing is
     * added when every value is cached), each decoded and cached by {@link #put(long, String, long, ItemSlots.Columns,
     * int)}. No object per item (ADR 72, 74). The supplier is valid once the round is awaited.
     */
    protected final Supplier<C> lookup(RedisRound round, long[] itemIds, C columns) {
        int n = itemIds.length;
        long nowNanos = System.nanoTime();
        // Made at the first miss only: nearly every lookup is all hits.
        int[] misses = null;
        int missCount = 0;
        StaleValues stale = new StaleValues();
        slots.touch(itemIds);
        for (int i = 0; i < n; i++) {
            if (!slots.read(itemIds[i], nowNanos, stale, columns, i)) {
                if (misses == null) {
                    misses = new int[n - i];
                }
                misses[missCount++] = i;
            }
        }
        cacheMeters.lookups(n, stale.used(), missCount);
        refresh(stale);
        if (missCount == 0) {
            return () -> columns;
        }
        String[] k = new String[missCount];
        for (int m = 0; m < missCount; m++) {
            k[m] = key.apply(itemIds[misses[m]]);
        }
        RedisRound.Reply<List<KeyValue<String, String>>> reply = round.add(c -> c.mget(k));
        int fetched = missCount;
        int[] missed = misses;
        return () -> {
            List<KeyValue<String, String>> read = reply.get();
            // When the reply was read, not now: Redis may have announced a change since (ADR 56).
            long readAt = reply.readAtNanos();
            for (int m = 0; m < fetched; m++) {
                int i = missed[m];
                put(itemIds[i], value(read.get(m)), readAt, columns, i);
            }
            return columns;
        };
    }

    /**
     * One background MGET of the items whose refresh this request claimed ({@link StaleValues}, ADR 47), riding the
     * next round any request sends; the values read are cached by {@link #put} on Lettuce's event loop. When the read
     * fails (Redis down, timed out) each claim is released, so that the next request to use the stale value claims
     * its refresh again instead of the value being used unrefreshed to the end of its serve-stale window. Nothing is
     * sent when no refresh was claimed.
     */
    private void refresh(StaleValues stale) {
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
        return readAhead.read(round, ids, n, id -> slots.holds(id, nowNanos), key, putRead);
    }

    @Override
    public void readInBackground(long[] ids, int n) {
        long nowNanos = System.nanoTime();
        readAhead.inBackground(redis, ids, n, id -> slots.holds(id, nowNanos), key, putRead);
    }

    @Override
    public int preloadItems(long[] ids, int batch) {
        int read = 0;
        for (int from = 0; from < ids.length; from += batch) {
            long nowNanos = System.nanoTime();
            long[] chunk = ReadAhead.uncached(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + batch)),
                    Math.min(batch, ids.length - from), id -> slots.holds(id, nowNanos));
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
