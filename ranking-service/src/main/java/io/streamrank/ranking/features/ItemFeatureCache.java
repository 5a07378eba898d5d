package io.streamrank.ranking.features;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.ItemFeatureColumns;
import io.streamrank.ranking.cache.ItemSlots;
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
class ItemFeatureCache extends SharedItemValues<ItemFeatureColumns> {

    private final RedisKeys keys;

    ItemFeatureCache(RedisConnection redis, RankingProperties properties, MeterRegistry meters) {
        super(redis, meters, "item", redis.keys()::item, newSlots(properties.features(), redis),
                CacheMeters.register(meters, "streamrank.features.item.cache", "Item feature values"));
        this.keys = redis.keys();
        String prefix = keys.itemKeyPrefix();
        // Redis announces changed values (ADR 56): stale from then on, as past their TTL.
        redis.track(prefix, CachedKeys.perItem(prefix, slots()::expire, slots()::expireAll));
    }

    private static ItemSlots newSlots(RankingProperties.Features settings, RedisConnection redis) {
        return new ItemSlots(settings.itemCacheTtl(), settings.itemCacheServeStale(), settings.itemCacheMaxItems(),
                redis.tracking());
    }

    /**
     * The items' values, by position in {@code itemIds}: cached ones at once, the rest with one MGET added to the
     * round ({@link SharedItemValues#lookup}). Copied into columns, no object per item (ADR 72). The supplier is valid
     * once the round is awaited.
     */
    Supplier<ItemFeatureColumns> lookup(RedisRound round, long[] itemIds) {
        return lookup(round, itemIds, new ItemFeatureColumns(itemIds.length, false));
    }

    @Override
    public String keyPattern() {
        return keys.itemPattern();
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos) {
        put(itemId, decode(value), readAtNanos);
    }

    @Override
    protected void put(long itemId, String value, long readAtNanos, ItemFeatureColumns into, int position) {
        ItemFeatures f = decode(value);
        into.put(position, f.categoryId(), f.clicks1h(), f.asOf(), f.updatedAt());
        put(itemId, f, readAtNanos);
    }

    /** In the order {@link ItemFeatureColumns} takes them back; {@link ItemFeatures#MISSING} is category 0. */
    private void put(long itemId, ItemFeatures f, long readAtNanos) {
        slots().put(itemId, f.categoryId(), f.clicks1h(), f.asOf(), f.updatedAt(), readAtNanos);
    }

    /** A stored value decoded, {@link ItemFeatures#MISSING} when absent or corrupt. */
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
