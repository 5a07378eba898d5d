package io.streamrank.ranking.retrieval;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.catalog.CatalogColumns;
import io.streamrank.ranking.catalog.CatalogStore;
import io.streamrank.ranking.features.FeatureStore;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import jakarta.annotation.PostConstruct;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * An in-process copy of the globally popular items without the ones the catalog marks unavailable, refreshed in the
 * background. It feeds the popular source (no Redis read per request) and is the answer of last resort when Redis
 * is slow or down (responses are then marked {@code degraded}); a failed refresh, or one that finds no popular item,
 * keeps the last copy.
 */
@Component
public class PopularitySnapshot {

    private final FeatureStore store;
    private final CatalogStore catalog;
    private final RedisConnection redis;
    private final int size;
    /** Replaced whole, so that a reader never pairs one refresh's items with another's categories. */
    private volatile Snapshot current = new Snapshot(List.of(), new long[0]);

    private final Counter replaced;
    private final Counter keptEmpty;
    private final Counter failed;

    PopularitySnapshot(FeatureStore store, CatalogStore catalog, RedisConnection redis,
                       RankingProperties properties, MeterRegistry meters) {
        this.store = store;
        this.catalog = catalog;
        this.redis = redis;
        this.replaced = refreshes(meters, "replaced");
        this.keptEmpty = refreshes(meters, "kept_empty_read");
        this.failed = refreshes(meters, "failed");
        RankingProperties.Retrieval r = properties.retrieval();
        this.size = Math.max(200, Math.max(r.candidates(), r.popular()));
    }

    /**
     * One refresh before the service takes traffic: the scheduled refreshes run on another thread, and the first
     * requests after start-up would otherwise see an empty popular source.
     */
    @PostConstruct
    void initialRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Never block start-up on Redis: the service answers degraded until a scheduled refresh succeeds.
        }
    }

    @Scheduled(fixedDelayString = "${streamrank.ranking.popularity-refresh}",
            initialDelayString = "${streamrank.ranking.popularity-refresh}")
    void refresh() {
        try {
            List<Long> top = store.popular(size);
            RedisRound round = redis.round();
            var entries = catalog.lookup(round, top.stream().mapToLong(Long::longValue).toArray());
            round.await();
            CatalogColumns known = entries.get();
            List<Long> available = new ArrayList<>(top.size());
            long[] cats = new long[top.size()];
            for (int i = 0; i < known.size(); i++) {
                if (!known.unavailable(i)) {
                    cats[available.size()] = known.categoryId(i);
                    available.add(top.get(i));
                }
            }
            if (!available.isEmpty() || current.items().isEmpty()) {
                current = new Snapshot(List.copyOf(available), Arrays.copyOf(cats, available.size()));
                replaced.increment();
            } else {
                // An empty read keeps the last copy: Redis restarted empty, or the feature job has been down longer
                // than pop:all's TTL; the last known popular items still beat answering nothing.
                keptEmpty.increment();
            }
        } catch (FeatureStoreUnavailableException e) {
            failed.increment(); // keep the previous snapshot
        }
    }

    private static Counter refreshes(MeterRegistry meters, String result) {
        return Counter.builder("streamrank.popularity.refreshes").tag("result", result)
                .description("Refreshes of the in-process popularity snapshot, the degraded answers' source")
                .register(meters);
    }

    /** The most popular items, best first; empty until the first successful refresh. */
    public List<Long> items() {
        return current.items();
    }

    /** The items with their catalog categories (0: unknown), best first, from one refresh. */
    public Snapshot snapshot() {
        return current;
    }

    /** Popular items, best first, and the catalog category of each by position (0: unknown). */
    public record Snapshot(List<Long> items, long[] categories) {

        /**
         * Item {@code i}'s category without live features: the catalog's at the refresh, else the one {@code exported}
         * (the ranking version's table, ADR 82) gives, else 0.
         */
        public long category(int i, ItemCategories exported) {
            return categories[i] != 0L ? categories[i] : exported.category(items.get(i));
        }
    }
}
