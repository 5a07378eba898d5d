package io.streamrank.ranking.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.CacheMeters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The retrieval lists all requests share: they belong to items and categories, not to users, so one read serves every
 * request for about a second ({@code streamrank.retrieval.list-cache-ttl}); past that a list is still used for
 * {@code list-cache-serve-stale} while one request claims its refresh (ADR 47). Off (every list read per request)
 * with a TTL of zero. Counted as {@code streamrank_retrieval_list_cache_total{result}}.
 */
final class ListCache {

    /**
     * A cached list, when it was last read ({@link System#nanoTime()}), and whether a request claimed its refresh. A
     * read that brings the same members back renews it in place (ADR 50).
     */
    static final class Listed {
        private final List<Long> ids;
        private volatile long readAtNanos;
        private final AtomicBoolean refreshClaimed = new AtomicBoolean();

        Listed(List<Long> ids, long readAtNanos) {
            this.ids = ids;
            this.readAtNanos = readAtNanos;
        }

        List<Long> ids() {
            return ids;
        }

        long readAtNanos() {
            return readAtNanos;
        }

        /** Claims the refresh of this stale list: true for exactly one caller (until it is renewed). */
        boolean claimRefresh() {
            return refreshClaimed.compareAndSet(false, true);
        }

        /** Read again, unchanged: fresh from {@code nowNanos}, its next stale spell claimable again. */
        private void renew(long nowNanos) {
            // Read time first: a request between the two writes finds it fresh, not stale and already claimed.
            readAtNanos = nowNanos;
            refreshClaimed.set(false);
        }
    }

    private final long ttlNanos;
    private final long staleNanos;
    private final Cache<String, Listed> cache;
    private final CacheMeters meters;

    ListCache(RankingProperties properties, MeterRegistry registry) {
        Duration ttl = properties.retrieval().listCacheTtl();
        Duration serveStale = properties.retrieval().listCacheServeStale();
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        // Maintenance (eviction, expiry) runs in the request thread that wrote: handing it to the common pool woke a
        // pool thread on most writes, which cost more than the work itself (profiled).
        this.cache = ttlNanos == 0 ? null : Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofNanos(ttlNanos + staleNanos))
                .maximumSize(properties.retrieval().listCacheMaxEntries()).executor(Runnable::run).build();
        this.meters = CacheMeters.register(registry, "streamrank.retrieval.list.cache", "Retrieval lists");
    }

    /**
     * The list cached under {@code key} that a request at {@code nowNanos} may use, fresh or stale
     * ({@link #isStale}), or null when it has to be read; counted either way.
     */
    Listed find(String key, long nowNanos) {
        Listed cached = cache == null ? null : cache.getIfPresent(key);
        if (cached != null) {
            long age = nowNanos - cached.readAtNanos();
            if (age < ttlNanos) {
                meters.hits().increment();
                return cached;
            }
            if (age < ttlNanos + staleNanos) {
                meters.stale().increment();
                return cached;
            }
        }
        meters.misses().increment();
        return null;
    }

    /** Whether a list {@link #find} returned is past its TTL: used, but to be refreshed. */
    boolean isStale(Listed listed, long nowNanos) {
        return nowNanos - listed.readAtNanos() >= ttlNanos;
    }

    /**
     * Caches a list just read from Redis. When the cache holds the same members under the key, that entry is renewed
     * instead of replaced (ADR 50): most reads are refreshes that find the list unchanged, and a new entry per read
     * (list, ids and their array) outlived young collections and was copied by each of them.
     */
    void put(String key, List<Long> ids) {
        put(key, ids, System.nanoTime());
    }

    void put(String key, List<Long> ids, long now) {
        if (cache == null) {
            return;
        }
        Listed cached = cache.getIfPresent(key);
        if (cached != null && cached.ids().equals(ids)) {
            cached.renew(now);
            // Put again all the same: the cache's own expiry counts from its last write.
            cache.put(key, cached);
        } else {
            cache.put(key, new Listed(ids, now));
        }
    }

    /** Drops the lists whose keys match, so that the next request reads them anew. */
    void drop(Predicate<String> keys) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(keys);
        }
    }
}
