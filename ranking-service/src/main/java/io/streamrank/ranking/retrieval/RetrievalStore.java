package io.streamrank.ranking.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.catalog.CatalogChanged;
import io.streamrank.ranking.features.CacheMeters;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Redis lists retrieval reads for one user: co-visitation neighbours of the trigger items ({@code cv:<item>}),
 * trending items of the recent categories ({@code pop:c:<cat>}) and new items ({@code cat:new:c:<cat>},
 * {@code cat:new}). They belong to items and categories, not to the user, so all requests share them through an
 * in-process cache with a TTL of about a second ({@code streamrank.retrieval.list-cache-ttl}); only the lists not
 * cached are read, all in one round, and no round is sent when every list is cached. Past its TTL a list is still
 * used for {@code list-cache-serve-stale}, while one background read, riding the next round any request sends,
 * refreshes it (ADR 47).
 */
@Component
class RetrievalStore {

    /**
     * The lists, each best first; a list of lists is per trigger item or per category, in the order asked.
     * {@code readRedis} tells whether a Redis round was needed (some list was not cached).
     */
    record Lists(List<List<Long>> coVisited, List<List<Long>> trending, List<List<Long>> newInCategories,
                 List<Long> newAnywhere, boolean readRedis) {
    }

    /** A cached list, when it was read ({@link System#nanoTime()}), and whether a request claimed its refresh. */
    private record Listed(List<Long> ids, long readAtNanos, AtomicBoolean refreshClaimed) {
        Listed(List<Long> ids) {
            this(ids, System.nanoTime(), new AtomicBoolean());
        }
    }

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final long ttlNanos;
    private final long staleNanos;
    private final Cache<String, Listed> cache;
    private final CacheMeters cacheMeters;

    RetrievalStore(RedisConnection redis, RankingProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.keys = redis.keys();
        Duration ttl = properties.retrieval().listCacheTtl();
        Duration serveStale = properties.retrieval().listCacheServeStale();
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        // Maintenance (eviction, expiry) runs in the request thread that wrote: handing it to the common pool woke a
        // pool thread on most writes, which cost more than the work itself (profiled).
        this.cache = ttlNanos == 0 ? null : Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofNanos(ttlNanos + staleNanos))
                .maximumSize(properties.retrieval().listCacheMaxEntries()).executor(Runnable::run).build();
        this.cacheMeters = CacheMeters.register(meters, "streamrank.retrieval.list.cache", "Retrieval lists");
    }

    Supplier<Lists> read(List<Long> triggers, int coVisitedPerTrigger, List<Long> categories, int trendingPerCategory,
                         int newItems, long newSince) {
        Batch batch = new Batch();
        List<Supplier<List<Long>>> cv = new ArrayList<>();
        if (coVisitedPerTrigger > 0) {
            triggers.forEach(t -> cv.add(batch.list(keys.coVisitation(t), coVisitedPerTrigger,
                    (c, k) -> c.zrevrange(k, 0, coVisitedPerTrigger - 1))));
        }
        List<Supplier<List<Long>>> trending = new ArrayList<>();
        if (trendingPerCategory > 0) {
            categories.forEach(cat -> trending.add(batch.list(keys.popularCategory(cat), trendingPerCategory,
                    (c, k) -> c.zrevrange(k, 0, trendingPerCategory - 1))));
        }
        List<Supplier<List<Long>>> fresh = new ArrayList<>();
        Supplier<List<Long>> anywhere = List::of;
        if (newItems > 0) {
            Range<Long> window = Range.from(Range.Boundary.excluding(newSince), Range.Boundary.unbounded());
            Limit limit = Limit.create(0, newItems);
            categories.forEach(cat -> fresh.add(batch.list(keys.newItemsInCategory(cat), newItems,
                    (c, k) -> c.zrevrangebyscore(k, window, limit))));
            anywhere = batch.list(keys.newItems(), newItems, (c, k) -> c.zrevrangebyscore(k, window, limit));
        }
        Supplier<List<Long>> all = anywhere;
        // Refreshes first: they ride this round if there is one. Written now: the caller's HNSW searches overlap it.
        batch.deferRefreshes();
        batch.send();
        return () -> {
            batch.await();
            return new Lists(each(cv), each(trending), each(fresh), all.get(), batch.round != null);
        };
    }

    /** New items listed through this instance are offered at once rather than after the list cache's TTL. */
    @EventListener
    void catalogChanged(CatalogChanged changed) {
        if (cache == null) {
            return;
        }
        List<String> stale = new ArrayList<>();
        stale.add(keys.newItems() + '#');
        changed.categories().forEach(cat -> stale.add(keys.newItemsInCategory(cat) + '#'));
        cache.asMap().keySet().removeIf(k -> stale.stream().anyMatch(k::startsWith));
    }

    /**
     * The reads of one request: cached lists at once, the others issued in one lazily opened round; refreshes of the
     * stale lists this request claimed go in another, deferred to the next round any request sends.
     */
    private final class Batch {

        private final long nowNanos = System.nanoTime();
        private RedisRound round;
        private RedisRound refreshes;

        Supplier<List<Long>> list(String key, int limit, BiCommand command) {
            // The limit is part of the cache key: the per-trigger quota depends on how many triggers a user has.
            String cacheKey = key + '#' + limit;
            Listed cached = cache == null ? null : cache.getIfPresent(cacheKey);
            if (cached != null) {
                long age = nowNanos - cached.readAtNanos();
                if (age < ttlNanos) {
                    cacheMeters.hits().increment();
                    return cached::ids;
                }
                if (age < ttlNanos + staleNanos) {
                    cacheMeters.stale().increment();
                    if (cached.refreshClaimed().compareAndSet(false, true)) {
                        if (refreshes == null) {
                            refreshes = redis.round();
                        }
                        refreshes.addRefresh(c -> command.apply(c, key),
                                members -> cache.put(cacheKey, new Listed(ids(members))));
                    }
                    return cached::ids;
                }
            }
            cacheMeters.misses().increment();
            if (round == null) {
                round = redis.round();
            }
            RedisRound.Reply<List<String>> reply = round.add(c -> command.apply(c, key));
            return () -> {
                List<Long> ids = ids(reply.get());
                if (cache != null) {
                    cache.put(cacheKey, new Listed(ids));
                }
                return ids;
            };
        }

        void send() {
            if (round != null) {
                round.send();
            }
        }

        void deferRefreshes() {
            if (refreshes != null) {
                refreshes.defer();
            }
        }

        void await() {
            if (round != null) {
                round.await();
            }
        }
    }

    @FunctionalInterface
    private interface BiCommand {
        RedisFuture<List<String>> apply(RedisAsyncCommands<String, String> commands, String key);
    }

    private static List<List<Long>> each(List<Supplier<List<Long>>> lists) {
        List<List<Long>> out = new ArrayList<>(lists.size());
        lists.forEach(l -> out.add(l.get()));
        return out;
    }

    private static List<Long> ids(List<String> members) {
        long[] out = new long[members.size()];
        int n = 0;
        for (String m : members) {
            try {
                out[n] = Long.parseLong(m);
                n++;
            } catch (NumberFormatException e) {
                // a foreign member in one of our sets is ignored rather than failing the request
            }
        }
        return IdList.of(out, n);
    }
}
