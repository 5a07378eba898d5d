package io.streamrank.ranking.features;

import io.lettuce.core.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.ItemFeatureColumns;
import io.streamrank.ranking.cache.ItemSlots;
import io.streamrank.ranking.cache.StaleValues;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Decoded item feature values shared by all requests for {@code item-cache-ttl} (~1 s), used for
 * {@code item-cache-serve-stale} longer while one background read refreshes them (ADR 47), and read ahead in
 * retrieval's round when lists are read (ADR 48). Item values are aggregates over many users that move by a few counts
 * per second while ~500 are read per request, so caching them for about a second cuts Redis traffic and decoding by the
 * request rate's factor without breaking the "within about a second" promise; user values are never cached, they carry
 * what the shopper just did. Absent or corrupt values are cached as {@link ItemFeatures#MISSING}; ages are computed at
 * use ({@link FeatureStore}), so a cached value ages like a stored one. While Redis tracks the values' keys for this
 * process they are kept until Redis announces a change, which then counts as their TTL's end (ADR 56).
 */
@Component
class ItemFeatureCache extends SharedItemValues {

    private final RedisKeys keys;
    private final ItemSlots cache;
    private final CacheMeters cacheMeters;
    /** Gives up a failed refresh's claim (ADR 47); built once. */
    private final LongConsumer release;

    ItemFeatureCache(RedisConnection redis, RankingProperties properties, MeterRegistry meters) {
        super(redis, meters, "item", redis.keys()::item);
        this.keys = redis.keys();
        RankingProperties.Features settings = properties.features();
        this.cache = new ItemSlots(settings.itemCacheTtl(), settings.itemCacheServeStale(),
                settings.itemCacheMaxItems(), redis.tracking());
        String prefix = keys.itemKeyPrefix();
        // Redis announces changed values (ADR 56): stale from then on, as past their TTL.
        redis.track(prefix, CachedKeys.perItem(prefix, cache::expire, cache::expireAll));
        this.cacheMeters = CacheMeters.register(meters, "streamrank.features.item.cache", "Item feature values");
        this.release = cache::release;
    }

    /**
     * The items' values, by position in {@code itemIds}: cached ones at once (stale ones too, whose refresh then rides
     * the next round any request sends), the rest with one MGET added to the round (nothing is added when every value
     * is cached). Copied into columns, no object per item (ADR 72). The supplier is valid once the round is awaited.
     */
    Supplier<ItemFeatureColumns> lookup(RedisRound round, long[] itemIds) {
        int n = itemIds.length;
        long nowNanos = System.nanoTime();
        ItemFeatureColumns values = new ItemFeatureColumns(n, false);
        // Made at the first miss only: nearly every lookup is all hits.
        int[] misses = null;
        int missCount = 0;
        StaleValues stale = new StaleValues();
        cache.touch(itemIds);
        for (int i = 0; i < n; i++) {
            if (!cache.read(itemIds[i], nowNanos, stale, values, i)) {
                if (misses == null) {
                    misses = new int[n - i];
                }
                misses[missCount++] = i;
            }
        }
        cacheMeters.lookups(n, stale.used(), missCount);
        refresh(stale, release);
        if (missCount == 0) {
            return () -> values;
        }
        String[] k = new String[missCount];
        for (int m = 0; m < missCount; m++) {
            k[m] = keys.item(itemIds[misses[m]]);
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
                ItemFeatures f = decode(read.get(m));
                values.put(i, f.categoryId(), f.clicks1h(), f.asOf(), f.updatedAt());
                put(itemIds[i], f, readAt);
            }
            return values;
        };
    }

    @Override
    public boolean cached() {
        return cache.enabled();
    }

    @Override
    public String keyPattern() {
        return keys.itemPattern();
    }

    @Override
    protected boolean holds(long itemId, long nowNanos) {
        return cache.holds(itemId, nowNanos);
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos) {
        put(itemId, decode(value), readAtNanos);
    }

    /** In the order {@link ItemFeatureColumns} takes them back; {@link ItemFeatures#MISSING} is category 0. */
    private void put(long itemId, ItemFeatures f, long readAtNanos) {
        cache.put(itemId, f.categoryId(), f.clicks1h(), f.asOf(), f.updatedAt(), readAtNanos);
    }

    /** A stored value decoded, {@link ItemFeatures#MISSING} when absent or corrupt. */
    private static ItemFeatures decode(KeyValue<String, String> kv) {
        return decode(kv == null || !kv.hasValue() ? null : kv.getValue());
    }

    private static ItemFeatures decode(String value) {
        if (value == null) {
            return ItemFeatures.MISSING;
        }
        try {
            return FeatureCodec.decodeItem(value);
        } catch (IllegalArgumentException e) {
            return ItemFeatures.MISSING;
        }
    }
}
