package io.streamrank.ranking.retrieval;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.Preloaded;
import io.streamrank.ranking.catalog.CatalogChanged;
import io.streamrank.ranking.features.CachedKeys;
import io.streamrank.ranking.features.ItemValues;
import io.streamrank.ranking.features.RedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Redis lists retrieval reads for one user: co-visitation neighbours of the trigger items ({@code cv:<item>}),
 * trending items of the recent categories ({@code pop:c:<cat>}) and new items ({@code cat:new:c:<cat>},
 * {@code cat:new}). They belong to items and categories, not to the user, so all requests share them through an
 * in-process cache ({@link ListCache}); only the lists not cached are read, all in one round, and no round is sent
 * when every list is cached. A stale list is used while one background read, riding the next round any request
 * sends, refreshes it (ADR 47). A list read in the request brings its members' item values and catalog entries along,
 * a list refreshed in the background has the values of its new members read too, and the in-process sources'
 * candidates can add theirs to the request's round (ADR 48), so that the request's feature lookup finds them cached
 * instead of needing a round of its own.
 */
@Component
class RetrievalStore implements Preloaded {

    /**
     * The lists, each best first; a list of lists is per trigger item or per category, in the order asked.
     * {@code readRedis} tells whether a Redis round was needed (some list was not cached).
     */
    record Lists(List<List<Long>> coVisited, List<List<Long>> trending, List<List<Long>> newInCategories,
                 List<Long> newAnywhere, boolean readRedis) {
    }

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final ListCache cache;
    /** The per-item values that list reads bring along (ADR 48). */
    private final JoinedLists joined;
    /** How many members of a co-visitation list are read: what a user with one trigger item takes. */
    private final int coVisitationReadLimit;
    /** What {@link #preload} reads of the categories' lists: what requests take ({@code retrieval.*}). */
    private final int trendingLimit;
    private final int newItemsLimit;
    private final long newItemWindowMs;
    /** Fills the cache at start-up (ADR 57). */
    private final ListPreload preload;

    RetrievalStore(RedisConnection redis, RankingProperties properties, MeterRegistry meters,
                   List<ItemValues> itemValues) {
        this.redis = redis;
        this.keys = redis.keys();
        this.cache = new ListCache(properties, meters, redis.tracking());
        this.coVisitationReadLimit = properties.retrieval().coVisitation();
        this.trendingLimit = properties.retrieval().trendingPerCategory();
        this.newItemsLimit = properties.retrieval().newItems();
        this.newItemWindowMs = properties.catalog().newItemWindow().toMillis();
        // Three quarters of the cache at most: requests keep room for the lists of items outside the preload.
        this.preload = new ListPreload(redis, cache, itemValues, meters,
                (int) Math.min(Integer.MAX_VALUE, properties.retrieval().listCacheMaxEntries() * 3 / 4));
        // Redis announces changed lists (ADR 56): the cached reads of one are stale from then on.
        CachedKeys lists = new CachedKeys() {
            @Override
            public void expire(String key, long nowNanos) {
                cache.expire(key, nowNanos);
            }

            @Override
            public void expireAll(long nowNanos) {
                cache.expireAll(nowNanos);
            }
        };
        redis.track(keys.coVisitationKeyPrefix(), lists);
        redis.track(keys.popularKeyPrefix(), lists);
        redis.track(keys.newItemsKeyPrefix(), lists);
        // The probe asks about a key that holds no list: an empty answer, or Redis's refusal.
        String probe = keys.coVisitation(0);
        this.joined = new JoinedLists(properties.retrieval().readAhead() ? itemValues : List.of(), (readOnly, args) ->
                redis.accepts(c -> readOnly ? c.sortReadOnly(probe, args) : c.sort(probe, args)), redis.isCluster());
    }

    /**
     * Starts one request's list reads: cached lists at once, the others sent in one round (written now, so that the
     * caller's in-process work overlaps it). Lists read from Redis bring their members' item values and catalog
     * entries along (ADR 48).
     */
    ListReads read(List<Long> triggers, int coVisitedPerTrigger, List<Long> categories, int trendingPerCategory,
                   int newItems, long newSince) {
        ListReads reads = new ListReads(redis, cache, joined);
        try {
            if (coVisitedPerTrigger > 0) {
                // Read as for a user with one trigger, whatever this one has: one cached read serves every user
                // (ADR 57).
                int readLimit = Math.max(coVisitedPerTrigger, coVisitationReadLimit);
                triggers.forEach(t -> reads.coVisited(keys.coVisitation(t), coVisitedPerTrigger, readLimit,
                        (c, k) -> c.zrevrange(k, 0, readLimit - 1)));
            }
            if (trendingPerCategory > 0) {
                categories.forEach(cat -> reads.trending(keys.popularCategory(cat), trendingPerCategory,
                        (c, k) -> c.zrevrange(k, 0, trendingPerCategory - 1)));
            }
            if (newItems > 0) {
                Range<Long> window = Range.from(Range.Boundary.excluding(newSince), Range.Boundary.unbounded());
                Limit limit = Limit.create(0, newItems);
                categories.forEach(cat -> reads.newInCategory(keys.newItemsInCategory(cat), newItems,
                        (c, k) -> c.zrevrangebyscore(k, window, limit)));
                reads.newAnywhere(keys.newItems(), newItems, (c, k) -> c.zrevrangebyscore(k, window, limit));
            }
        } catch (RuntimeException e) {
            // A list's round refused (Redis unavailable, the breaker open) after others' refreshes were claimed: those
            // are handed on all the same, so that they run, or fail and give their claims back, rather than leave
            // their lists unrefreshed for the serve-stale window.
            reads.deferRefreshes();
            throw e;
        }
        // Refreshes first: they ride this round if there is one. Written now: the caller's HNSW searches overlap it.
        reads.deferRefreshes();
        reads.send();
        return reads;
    }

    /**
     * Reads the lists a request would read after the user's round when no request used them since the start (ADR 57):
     * first the categories' trending and new-item lists (few, each shared by many users), then the items'
     * co-visitation lists; {@link ListPreload} reads their members' values too.
     */
    @Override
    public int preload(Ids ids, int batch) {
        if (!cache.enabled()) {
            return 0;
        }
        long newSince = System.currentTimeMillis() - newItemWindowMs;
        Range<Long> window = Range.from(Range.Boundary.excluding(newSince), Range.Boundary.unbounded());
        Limit limit = Limit.create(0, newItemsLimit);
        int read = 0;
        if (trendingLimit > 0) {
            read += preload.lists(keysOf(ids.categories(), keys::popularCategory), trendingLimit,
                    (c, k) -> c.zrevrange(k, 0, trendingLimit - 1), batch);
        }
        if (newItemsLimit > 0) {
            read += preload.lists(keysOf(ids.categories(), keys::newItemsInCategory), newItemsLimit,
                    (c, k) -> c.zrevrangebyscore(k, window, limit), batch);
        }
        if (coVisitationReadLimit > 0) {
            read += preload.lists(keysOf(ids.items(), keys::coVisitation), coVisitationReadLimit,
                    (c, k) -> c.zrevrange(k, 0, coVisitationReadLimit - 1), batch);
        }
        return read;
    }

    private static List<String> keysOf(long[] ids, LongFunction<String> key) {
        List<String> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(key.apply(id));
        }
        return out;
    }

    @Override
    public String what() {
        return "retrieval lists";
    }

    /** New items listed through this instance are offered at once rather than after the list cache's TTL. */
    @EventListener
    void catalogChanged(CatalogChanged changed) {
        Set<String> stale = new HashSet<>();
        stale.add(keys.newItems());
        changed.categories().forEach(cat -> stale.add(keys.newItemsInCategory(cat)));
        cache.changedHere(stale, System.nanoTime());
    }
}
