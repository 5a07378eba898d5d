package io.streamrank.ranking.catalog;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.ItemSlotCache;
import io.streamrank.ranking.cache.StaleValues;
import io.streamrank.ranking.features.CachedKeys;
import io.streamrank.ranking.features.RedisConnection;
import org.springframework.stereotype.Component;

/**
 * Catalog attributes cached in-process for a short TTL: they change rarely, and without the cache every request would
 * re-read ~500 of them. Absence is cached too (items nobody listed), as {@link #ABSENT}. Writes through this instance
 * update it at once; writes through other instances show up after the TTL, or, for an entry used within the
 * serve-stale window after it, once the background read its use set off is back (ADR 47). While Redis tracks the
 * entries' keys for this process, entries are kept until Redis announces a change, which then counts as their TTL's
 * end (ADR 56).
 */
@Component
class CatalogCache {

    /** Cached for items the catalog does not have; compared by identity, never handed out of this package. */
    static final CatalogItem ABSENT = new CatalogItem(Long.MAX_VALUE, Long.MAX_VALUE, 0L, false, null, null);

    private final ItemSlotCache<CatalogItem> cache;

    CatalogCache(RankingProperties properties, RedisConnection redis) {
        RankingProperties.Catalog settings = properties.catalog();
        this.cache = new ItemSlotCache<>(settings.cacheTtl(), settings.cacheServeStale(), settings.cacheMaxItems(),
                redis.tracking());
        String prefix = redis.keys().catalogItemKeyPrefix();
        // Redis announces changed entries (ADR 56), other instances' writes among them: stale from then on.
        redis.track(prefix, CachedKeys.perItem(prefix, cache::expire, cache::expireAll));
    }

    /**
     * {@code null} when not cached, {@link #ABSENT} when cached as absent; a stale entry is counted in {@code stale},
     * and its id collected there when this caller owes its refresh.
     */
    CatalogItem get(long itemId, long nowNanos, StaleValues stale) {
        return cache.get(itemId, nowNanos, stale);
    }

    /** Gives up this instance's claim on the item's refresh: its background read failed (ADR 47). */
    void release(long itemId) {
        cache.release(itemId);
    }

    boolean enabled() {
        return cache.enabled();
    }

    /** Whether an entry, or the item's absence, is cached fresh or stale (claims nothing). */
    boolean holds(long itemId, long nowNanos) {
        return cache.holds(itemId, nowNanos);
    }

    /** Caches the item, or its absence when {@code item} is {@code null}. */
    void put(long itemId, CatalogItem item, long nowNanos) {
        cache.put(itemId, item == null ? ABSENT : item, nowNanos);
    }
}
