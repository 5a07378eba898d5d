package io.streamrank.ranking.features;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.ranking.cache.ItemSlotCache;
import java.time.Duration;

/**
 * Decoded item feature values shared by all requests for a sub-second TTL. Item values are aggregates over many
 * users (clicks in the last 5 min / 1 h / 24 h) that change by a few counts per second, while ~500 of them are read
 * per request: caching them for about a second cuts the Redis traffic and the decoding by the request rate's factor
 * without breaking the product's "within about a second" promise. User values are never cached: they carry what the
 * shopper just did. Absent values are cached too ({@link ItemFeatures#MISSING}); ages are computed at use, so a cached
 * value grows older like a stored one and the max-age check still applies.
 */
final class ItemFeatureCache {

    private final ItemSlotCache<ItemFeatures> cache;

    /** A TTL of zero turns the cache off. */
    ItemFeatureCache(Duration ttl, long maxItems) {
        this.cache = new ItemSlotCache<>(ttl, maxItems);
    }

    /** The cached value ({@link ItemFeatures#MISSING} when cached as absent), or {@code null} when not cached. */
    ItemFeatures get(long itemId, long nowNanos) {
        return cache.get(itemId, nowNanos);
    }

    void put(long itemId, ItemFeatures value, long nowNanos) {
        cache.put(itemId, value, nowNanos);
    }
}
