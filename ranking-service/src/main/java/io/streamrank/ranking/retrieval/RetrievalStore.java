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
import io.streamrank.ranking.features.ItemValues;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * refreshes it (ADR 47). A list read in the request brings its members' item values and catalog entries along, a
 * list refreshed in the background has the values of its new members read too, and the in-process sources'
 * candidates can add theirs to the request's round (ADR 48), so that the request's feature lookup finds them cached
 * instead of needing a round of its own.
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
    /** The per-item values that list reads bring along (ADR 48). */
    private final JoinedLists joined;

    RetrievalStore(RedisConnection redis, RankingProperties properties, MeterRegistry meters,
                   List<ItemValues> itemValues) {
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
        // The probe asks about a key that holds no list: an empty answer, or Redis's refusal.
        String probe = keys.coVisitation(0);
        this.joined = new JoinedLists(properties.retrieval().readAhead() ? itemValues : List.of(),
                args -> redis.accepts(c -> c.sort(probe, args)));
    }

    /**
     * Starts one request's list reads: cached lists at once, the others sent in one round (written now, so that the
     * caller's in-process work overlaps it). Lists read from Redis bring their members' item values and catalog
     * entries along (ADR 48).
     */
    ListReads read(List<Long> triggers, int coVisitedPerTrigger, List<Long> categories, int trendingPerCategory,
                   int newItems, long newSince) {
        ListReads batch = new ListReads();
        if (coVisitedPerTrigger > 0) {
            triggers.forEach(t -> batch.coVisited.add(batch.list(keys.coVisitation(t), coVisitedPerTrigger, false,
                    (c, k) -> c.zrevrange(k, 0, coVisitedPerTrigger - 1))));
        }
        if (trendingPerCategory > 0) {
            categories.forEach(cat -> batch.trending.add(batch.list(keys.popularCategory(cat), trendingPerCategory,
                    false, (c, k) -> c.zrevrange(k, 0, trendingPerCategory - 1))));
        }
        if (newItems > 0) {
            Range<Long> window = Range.from(Range.Boundary.excluding(newSince), Range.Boundary.unbounded());
            Limit limit = Limit.create(0, newItems);
            categories.forEach(cat -> batch.fresh.add(batch.list(keys.newItemsInCategory(cat), newItems, true,
                    (c, k) -> c.zrevrangebyscore(k, window, limit))));
            batch.anywhere = batch.list(keys.newItems(), newItems, true,
                    (c, k) -> c.zrevrangebyscore(k, window, limit));
        }
        // Refreshes first: they ride this round if there is one. Written now: the caller's HNSW searches overlap it.
        batch.deferRefreshes();
        batch.send();
        return batch;
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
     * The list reads of one request: cached lists at once, the others in one lazily opened round, to which
     * {@link #readAhead} can add the values of other candidates before {@link #get()} awaits it; refreshes of the
     * stale lists this request claimed go in another round, deferred to the next one any request sends.
     */
    final class ListReads implements Supplier<Lists> {

        private final long nowNanos = System.nanoTime();
        private final List<Supplier<List<Long>>> coVisited = new ArrayList<>();
        private final List<Supplier<List<Long>>> trending = new ArrayList<>();
        private final List<Supplier<List<Long>>> fresh = new ArrayList<>();
        private Supplier<List<Long>> anywhere = List::of;
        private final List<Runnable> afterAwait = new ArrayList<>(2);
        /** Stale lists this request uses: their members' values may have run out before them (ADR 47's windows). */
        private final List<List<Long>> staleLists = new ArrayList<>();
        private RedisRound round;
        private RedisRound refreshes;

        /**
         * When lists are being read from Redis, adds to their round the item values and catalog entries of those of
         * the first {@code n} ids, and of the members of the stale lists this request uses, that are not cached (fresh
         * or stale): candidates which would otherwise cost a round of their own after this one. Without a list round
         * nothing is added: the request's feature lookup reads what is missing in one round, as before.
         */
        void readAhead(long[] ids, int n) {
            if (round == null) {
                return;
            }
            long[] all = ids;
            int count = n;
            if (!staleLists.isEmpty()) {
                // A stale list outlives the values read with it by its longer TTL: a member's value can be gone.
                for (List<Long> l : staleLists) {
                    count += l.size();
                }
                all = Arrays.copyOf(ids, count);
                int at = n;
                for (List<Long> l : staleLists) {
                    for (int i = 0; i < l.size(); i++) {
                        all[at++] = l.get(i);
                    }
                }
            }
            for (ItemValues v : joined.values()) {
                Runnable put = v.readAhead(round, all, count);
                if (put != null) {
                    afterAwait.add(put);
                }
            }
        }

        /** Awaits the round, if any; the lists, with the values read ahead cached. */
        @Override
        public Lists get() {
            if (round != null) {
                round.await();
                afterAwait.forEach(Runnable::run);
            }
            return new Lists(each(coVisited), each(trending), each(fresh), anywhere.get(), round != null);
        }

        /** @param windowed whether the command asks for a score range (new items: listed within the window) */
        private Supplier<List<Long>> list(String key, int limit, boolean windowed, BiCommand command) {
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
                    staleLists.add(cached.ids());
                    if (cached.refreshClaimed().compareAndSet(false, true)) {
                        if (refreshes == null) {
                            refreshes = redis.round();
                        }
                        refreshes.addRefresh(c -> command.apply(c, key), members -> {
                            List<Long> ids = ids(members);
                            cache.put(cacheKey, new Listed(ids));
                            // Members new to the list whose values no request read lately: read in the background
                            // too, so that the request that next uses the list finds them (ADR 48).
                            joined.readInBackground(ids);
                        });
                    }
                    return cached::ids;
                }
            }
            cacheMeters.misses().increment();
            if (round == null) {
                round = redis.round();
            }
            boolean join = joined.any();
            RedisRound.Reply<List<String>> reply = round.add(c -> join && !windowed
                    ? c.sort(key, joined.args(limit)) : command.apply(c, key));
            // SORT cannot ask for a score range: a windowed list's members come from its own command, and their values
            // from a SORT of the newest `limit` members, of which they are the first ones.
            RedisRound.Reply<List<String>> values = join && windowed
                    ? round.add(c -> c.sort(key, joined.args(limit))) : null;
            return () -> {
                List<Long> ids;
                if (join && !windowed) {
                    ids = joined.members(reply.get());
                } else {
                    ids = ids(reply.get());
                    if (values != null) {
                        joined.members(values.get());
                    }
                }
                if (cache != null) {
                    cache.put(cacheKey, new Listed(ids));
                }
                return ids;
            };
        }

        private void send() {
            if (round != null) {
                round.send();
            }
        }

        private void deferRefreshes() {
            if (refreshes != null) {
                refreshes.defer();
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
