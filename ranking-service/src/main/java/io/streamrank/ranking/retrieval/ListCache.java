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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The retrieval lists all requests share: they belong to items and categories, not to users, so one read serves every
 * request for about a second ({@code streamrank.retrieval.list-cache-ttl}), or, while Redis tracks the lists' keys for
 * this process, until Redis announces that a list changed (ADR 56); past that a list is still used for
 * {@code list-cache-serve-stale} while one request claims its refresh (ADR 47). Off (every list read per request)
 * with a TTL of zero. Counted as {@code streamrank_retrieval_list_cache_total{result}}. Keyed by the list's Redis key:
 * a list is read up to a limit and serves any request that wants no more members than that (its first members), or
 * any request at all when it had fewer members than the limit (ADR 57).
 */
final class ListCache {

    /** Buckets of the lists' invalidation marks (8 bytes each). */
    private static final int MARK_BUCKETS = 1 << 16;

    /**
     * A cached list, how many members were asked for when it was read, until when it is fresh
     * ({@link System#nanoTime()}), and whether a request claimed its refresh. A read that brings the same members back
     * renews it in place (ADR 50).
     */
    static final class Listed {
        private final List<Long> ids;
        private final int readLimit;
        private volatile long expiresAtNanos;
        private final AtomicBoolean refreshClaimed = new AtomicBoolean();

        Listed(List<Long> ids, int readLimit, long expiresAtNanos) {
            this.ids = ids;
            this.readLimit = readLimit;
            this.expiresAtNanos = expiresAtNanos;
        }

        /** All the members read. */
        List<Long> ids() {
            return ids;
        }

        /** The first {@code limit} members (a view, no copy). */
        List<Long> ids(int limit) {
            return first(ids, limit);
        }

        /** Whether it holds the list's first {@code limit} members: read with that many or more, or the whole list. */
        boolean covers(int limit) {
            return limit <= readLimit || ids.size() < readLimit;
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

    /** The first {@code limit} ids of a list (a view, no copy). */
    static List<Long> first(List<Long> ids, int limit) {
        return limit >= ids.size() ? ids : ids.subList(0, limit);
    }

    /** Whether lists are cached at all (a zero TTL turns the cache off). */
    boolean enabled() {
        return cache != null;
    }

    /**
     * The list cached under {@code key} that a request at {@code nowNanos} may use for its first {@code limit} members,
     * fresh or stale ({@link #isStale}), or null when it has to be read; counted either way.
     */
    Listed find(String key, int limit, long nowNanos) {
        Listed cached = cache == null ? null : cache.getIfPresent(key);
        if (cached != null && cached.covers(limit)) {
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

    /** Whether a list is cached under {@code key}, fresh or stale, whatever its limit; counts nothing. */
    boolean holds(String key, long nowNanos) {
        Listed cached = cache == null ? null : cache.getIfPresent(key);
        return cached != null && nowNanos - cached.expiresAtNanos < staleNanos;
    }

    /** Whether a list {@link #find} returned is past its TTL (or invalidated): used, but to be refreshed. */
    boolean isStale(Listed listed, long nowNanos) {
        return nowNanos - listed.expiresAtNanos >= 0;
    }

    /**
     * Caches a list read with {@code readLimit} whose reply was read at {@code readAtNanos}. When the cache holds the
     * same members under the key, that entry is renewed instead of replaced (ADR 50): most reads are refreshes that
     * find the list unchanged, and a new entry per read (list, ids and their array) outlived young collections and was
     * copied by each of them.
     */
    void put(String key, List<Long> ids, int readLimit, long readAtNanos) {
        if (cache == null) {
            return;
        }
        int hash = key.hashCode();
        long ttl = marks.ttlNanos(ttlNanos, hash, readAtNanos);
        Listed cached = cache.getIfPresent(key);
        if (cached != null && cached.readLimit == readLimit && cached.ids().equals(ids)) {
            cached.renew(readAtNanos + ttl);
            // Put again all the same: the cache's own expiry counts from its last write.
            cache.put(key, cached);
        } else {
            cached = new Listed(ids, readLimit, readAtNanos + ttl);
            cache.put(key, cached);
        }
        if (ttl != ttlNanos && !marks.stillValid(hash, readAtNanos)) {
            cached.expire(System.nanoTime());
        }
    }

    /** Redis announced that the list under {@code redisKey} changed: its cached read is stale from now (ADR 56). */
    void expire(String redisKey, long nowNanos) {
        if (cache == null) {
            return;
        }
        marks.mark(redisKey.hashCode(), nowNanos);
        Listed cached = cache.getIfPresent(redisKey);
        if (cached != null) {
            cached.expire(nowNanos);
        }
    }

    /** Every cached list is stale from {@code nowNanos} (invalidations may have been lost with the connection). */
    void expireAll(long nowNanos) {
        if (cache != null) {
            cache.asMap().values().forEach(l -> l.expire(nowNanos));
        }
    }

    /**
     * This instance changed the lists under {@code redisKeys} (Redis does not announce an instance's own writes to it,
     * ADR 56): drops them, so that the next request reads them anew, and marks them, so that a read from before the
     * write that a request puts only afterwards keeps the short TTL, not the tracked one.
     */
    void changedHere(java.util.Collection<String> redisKeys, long nowNanos) {
        if (cache != null) {
            redisKeys.forEach(k -> marks.mark(k.hashCode(), nowNanos));
            cache.asMap().keySet().removeAll(redisKeys);
        }
    }
}
