package io.streamrank.ranking.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.InvalidationMarks;
import io.streamrank.ranking.cache.Tracking;
import io.streamrank.ranking.features.CacheMeters;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The retrieval lists all requests share: they belong to items and categories, not to users, so one read serves every
 * request for about a second ({@code streamrank.retrieval.list-cache-ttl}), or, while Redis tracks the lists' keys for
 * this process, until Redis announces that a list changed (ADR 56); past that a list is still used for
 * {@code list-cache-serve-stale} while one request claims its refresh (ADR 47). Off (every list read per request)
 * with a TTL of zero. Counted as {@code streamrank_retrieval_list_cache_total{result}}. Keys are a list's Redis key,
 * {@code #}, and the number of members read.
 */
final class ListCache {

    /** Buckets of the lists' invalidation marks (8 bytes each). */
    private static final int MARK_BUCKETS = 1 << 16;

    /**
     * A cached list, until when it is fresh ({@link System#nanoTime()}), and whether a request claimed its refresh. A
     * read that brings the same members back renews it in place (ADR 50).
     */
    static final class Listed {
        private final List<Long> ids;
        private volatile long expiresAtNanos;
        private final AtomicBoolean refreshClaimed = new AtomicBoolean();

        Listed(List<Long> ids, long expiresAtNanos) {
            this.ids = ids;
            this.expiresAtNanos = expiresAtNanos;
        }

        List<Long> ids() {
            return ids;
        }

        /** Claims the refresh of this stale list: true for exactly one caller (until it is renewed). */
        boolean claimRefresh() {
            return refreshClaimed.compareAndSet(false, true);
        }

        /** Gives up the claim: the refresh's read failed, and the next request to use the stale list tries again. */
        void releaseRefresh() {
            refreshClaimed.set(false);
        }

        /** Read again, unchanged: fresh until {@code expiresAtNanos}, its next stale spell claimable again. */
        private void renew(long expiresAtNanos) {
            // Expiry first: a request between the two writes finds it fresh, not stale and already claimed.
            this.expiresAtNanos = expiresAtNanos;
            refreshClaimed.set(false);
        }

        /** Stale from {@code nowNanos} at the latest. */
        private void expire(long nowNanos) {
            if (expiresAtNanos - nowNanos > 0) {
                expiresAtNanos = nowNanos;
            }
        }
    }

    private final long ttlNanos;
    private final long staleNanos;
    private final Cache<String, Listed> cache;
    private final CacheMeters meters;
    private final InvalidationMarks marks;
    /** The {@code #limit} suffixes of the keys cached so far: an invalidation names the list, not the limit. */
    private final Set<String> limits = ConcurrentHashMap.newKeySet();

    ListCache(RankingProperties properties, MeterRegistry registry) {
        this(properties, registry, Tracking.OFF);
    }

    ListCache(RankingProperties properties, MeterRegistry registry, Tracking tracking) {
        Duration ttl = properties.retrieval().listCacheTtl();
        Duration serveStale = properties.retrieval().listCacheServeStale();
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        this.marks = new InvalidationMarks(ttlNanos == 0 ? Tracking.OFF : tracking, MARK_BUCKETS);
        // Maintenance (eviction, expiry) runs in the request thread that wrote: handing it to the common pool woke a
        // pool thread on most writes, which cost more than the work itself (profiled).
        long keepNanos = Math.max(ttlNanos, tracking.trackedTtlNanos()) + staleNanos;
        this.cache = ttlNanos == 0 ? null : Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofNanos(keepNanos))
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
            long late = nowNanos - cached.expiresAtNanos;
            if (late < 0) {
                meters.hits().increment();
                return cached;
            }
            if (late < staleNanos) {
                meters.stale().increment();
                return cached;
            }
        }
        meters.misses().increment();
        return null;
    }

    /** Whether a list {@link #find} returned is past its TTL (or invalidated): used, but to be refreshed. */
    boolean isStale(Listed listed, long nowNanos) {
        return nowNanos - listed.expiresAtNanos >= 0;
    }

    /**
     * Caches a list whose reply was read at {@code readAtNanos}. When the cache holds the same members
     * under the key, that entry is renewed instead of replaced (ADR 50): most reads are refreshes that find the list
     * unchanged, and a new entry per read (list, ids and their array) outlived young collections and was copied by
     * each of them.
     */
    void put(String key, List<Long> ids, long readAtNanos) {
        if (cache == null) {
            return;
        }
        int hash = listHash(key);
        long ttl = marks.ttlNanos(ttlNanos, hash, readAtNanos);
        Listed cached = cache.getIfPresent(key);
        if (cached != null && cached.ids().equals(ids)) {
            cached.renew(readAtNanos + ttl);
            // Put again all the same: the cache's own expiry counts from its last write.
            cache.put(key, cached);
        } else {
            cached = new Listed(ids, readAtNanos + ttl);
            cache.put(key, cached);
            limits.add(key.substring(key.lastIndexOf('#')));
        }
        if (ttl != ttlNanos && !marks.stillValid(hash, readAtNanos)) {
            cached.expire(System.nanoTime());
        }
    }

    /** Redis announced that the list under {@code redisKey} changed: its cached reads are stale from now (ADR 56). */
    void expire(String redisKey, long nowNanos) {
        if (cache == null) {
            return;
        }
        marks.mark(redisKey.hashCode(), nowNanos);
        for (String limit : limits) {
            Listed cached = cache.getIfPresent(redisKey + limit);
            if (cached != null) {
                cached.expire(nowNanos);
            }
        }
    }

    /** Every cached list is stale from {@code nowNanos} (invalidations may have been lost with the connection). */
    void expireAll(long nowNanos) {
        if (cache != null) {
            cache.asMap().values().forEach(l -> l.expire(nowNanos));
        }
    }

    /** Drops the lists whose keys match, so that the next request reads them anew. */
    void drop(Predicate<String> keys) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(keys);
        }
    }

    /** {@code String.hashCode} of the Redis key part of a cache key (before its last {@code #}), without a copy. */
    static int listHash(String key) {
        int end = key.lastIndexOf('#');
        int h = 0;
        for (int i = 0, n = end < 0 ? key.length() : end; i < n; i++) {
            h = 31 * h + key.charAt(i);
        }
        return h;
    }
}
