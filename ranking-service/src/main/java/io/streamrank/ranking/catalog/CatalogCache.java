package io.streamrank.ranking.catalog;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.ItemSlots;
import io.streamrank.ranking.features.CachedKeys;
import io.streamrank.ranking.features.RedisConnection;
import org.springframework.stereotype.Component;

/**
 * The catalog fields the ranking path uses cached in-process for a short TTL: they change rarely, and without the
 * cache every request would re-read ~500 of them. Absence is cached too (items nobody listed), as category 0. Held as
 * numbers in {@link ItemSlots}, copied into the request's {@link CatalogColumns} on a hit (ADR 74). Writes through this
 * instance update it at once; writes through other instances show up after the TTL, or, for an entry used within the
 * serve-stale window after it, once the background read its use set off is back (ADR 47). While Redis tracks the
 * entries' keys for this process, entries are kept until Redis announces a change, which then counts as their TTL's
 * end (ADR 56).
 */
@Component
class CatalogCache {

    private final ItemSlots cache;

    CatalogCache(RankingProperties properties, RedisConnection redis) {
        RankingProperties.Catalog settings = properties.catalog();
        this.cache = new ItemSlots(settings.cacheTtl(), settings.cacheServeStale(), settings.cacheMaxItems(),
                redis.tracking());
        String prefix = redis.keys().catalogItemKeyPrefix();
        // Redis announces changed entries (ADR 56), other instances' writes among them: stale from then on.
        redis.track(prefix, CachedKeys.perItem(prefix, cache::expire, cache::expireAll));
    }

    /** The slots themselves, for the lookups and reads {@link CatalogStore} shares with the item values. */
    ItemSlots slots() {
        return cache;
    }

    /**
     * Caches what this instance wrote for the item, read back as of {@code writtenAtNanos} (its write's reply). The
     * entry from before the write is made stale first (as of just before the reply, so the new value keeps the tracked
     * TTL): should the put give way to a concurrent writer of the slot, the old value is refreshed on its next use
     * instead of served until its TTL (no announcement comes for this instance's own writes, ADR 56).
     */
    void written(long itemId, CatalogItem item, long writtenAtNanos) {
        cache.expire(itemId, writtenAtNanos - 1);
        put(itemId, item, writtenAtNanos);
    }

    /** Caches the item's fields in {@link CatalogColumns}' order, or its absence when {@code item} is {@code null}. */
    void put(long itemId, CatalogItem item, long nowNanos) {
        if (item == null) {
            cache.put(itemId, 0L, 0L, 0L, 0L, nowNanos);
        } else {
            cache.put(itemId, item.categoryId(), item.createdAt(), item.available() ? 1L : 0L, 0L, nowNanos);
        }
    }
}
