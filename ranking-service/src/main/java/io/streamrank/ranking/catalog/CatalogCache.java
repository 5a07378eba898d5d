package io.streamrank.ranking.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.RankingProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Catalog attributes cached in-process for a short TTL: they change rarely, and without the cache every request would
 * re-read ~500 of them. Absence is cached too (items nobody listed). Writes through this instance update it at once;
 * writes through other instances show up after the TTL.
 */
@Component
class CatalogCache {

    private final Cache<Long, Optional<CatalogItem>> cache;

    CatalogCache(RankingProperties properties) {
        RankingProperties.Catalog settings = properties.catalog();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.cacheTtl())
                .maximumSize(settings.cacheMaxItems())
                // No recordStats(): ~500 lookups per request, and the stats counters showed up in profiles.
                .build();
    }

    /** {@code null} when not cached, an empty optional when cached as absent. */
    Optional<CatalogItem> get(long itemId) {
        return cache.getIfPresent(itemId);
    }

    void put(long itemId, Optional<CatalogItem> item) {
        cache.put(itemId, item);
    }
}
