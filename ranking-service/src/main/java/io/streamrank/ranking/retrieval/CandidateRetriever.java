package io.streamrank.ranking.retrieval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.ann.AnnIndex;
import io.streamrank.ranking.ann.HnswIndex;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Multi-source retrieval. The sources, each capped by its quota, are merged round-robin (so every source is
 * represented even when the candidate count cuts), de-duplicated, and every candidate keeps the tags of all the
 * sources that found it; globally popular items fill up when the sources are short. Redis lists come from a shared
 * sub-second cache or in one round ({@link RetrievalStore}); HNSW searches and the popularity snapshot are in-process,
 * and when lists are read the values of what they found ride the lists' round (ADR 48). Throws
 * {@link io.streamrank.ranking.features.FeatureStoreUnavailableException} when Redis cannot answer.
 */
@Component
public class CandidateRetriever {

    /** The most recent items that make up the interest vector. */
    private static final int INTEREST_ITEMS = 20;

    private final RetrievalStore store;
    private final AnnIndex ann;
    private final PopularitySnapshot popular;
    private final RankingProperties.Retrieval q;
    private final long newWindowMs;
    private final MeterRegistry meters;
    private final Map<Source, DistributionSummary> perSource = new EnumMap<>(Source.class);
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

    CandidateRetriever(RetrievalStore store, AnnIndex ann, PopularitySnapshot popular, RankingProperties properties,
                       MeterRegistry meters) {
        this.store = store;
        this.ann = ann;
        this.popular = popular;
        this.q = properties.retrieval();
        this.newWindowMs = properties.catalog().newItemWindow().toMillis();
        this.meters = meters;
        for (Source s : List.of(Source.ANN, Source.SESSION, Source.COVISITATION, Source.TRENDING, Source.NEW_ITEMS,
                Source.RECENT, Source.POPULAR, Source.CATEGORY)) {
            perSource.put(s, DistributionSummary.builder("streamrank.retrieval.candidates")
                    .description("Candidates a source contributed to one request (before de-duplication)")
                    .tag("source", s.label()).register(meters));
        }
        for (String reason : List.of("loading", "no_model", "no_embeddings", "invalid_embeddings")) {
            skip("ann", reason, 0);
        }
    }

    /**
     * @param page what the request's page is about: a product page's item is the first of the session triggers (its
     *             HNSW and co-visitation neighbours first, before those of the user's clicks) and its category the
     *             first of the trending and new-item categories (ADR 86); a category page's category is the only one
     *             (ADR 87)
     * @param counted whether the sources' contributions and skips are recorded (not for the service's own warm-up,
     *                ADR 90)
     */
    public Candidates retrieve(UserFeatures user, int count, Page page, boolean counted) {
        List<Long> triggers = triggers(user, q.sessionTriggers(), page.contextItemId());
        List<Long> categories = page.onlyCategory() == 0L
                ? categories(user, q.trendingCategories(), page.contextCategory())
                : q.trendingCategories() > 0 ? List.of(page.onlyCategory()) : List.of();
        var lists = store.read(triggers, SourceLists.perTrigger(q.coVisitation(), triggers.size()), categories,
                q.trendingPerCategory(), q.newItems(), System.currentTimeMillis() - newWindowMs);

        // In-process work overlaps the Redis round trip.
        Map<Source, List<Long>> bySource = new EnumMap<>(Source.class);
        Optional<HnswIndex> index = ann.index();
        if (index.isPresent()) {
            bySource.put(Source.SESSION, EmbeddingNeighbours.session(index.get(), triggers,
                    SourceLists.perTrigger(q.session(), triggers.size()), q.session(), q.ann()));
            EmbeddingNeighbours.Interest interest =
                    EmbeddingNeighbours.interestOf(index.get(), recentItems(user, INTEREST_ITEMS));
            bySource.put(Source.ANN, EmbeddingNeighbours.interest(index.get(), interest, q.ann()));
            if (page.onlyCategory() != 0L) {
                bySource.put(Source.CATEGORY, EmbeddingNeighbours.inCategory(index.get(), page.exported(),
                        page.onlyCategory(), interest, q.categoryPageItems()));
            }
        } else if (counted && !user.recent().isEmpty()) {
            skip("ann", ann.unavailableReason(), 1);
        }
        bySource.put(Source.RECENT, recentItems(user, q.recent()));
        // What the user's own items found rides the lists' round, if there is one, instead of a round of its own
        // after it (ADR 48). Popular items are left out: every request uses them, so their values stay cached.
        long[] found = SourceLists.ids(bySource.values());
        lists.readAhead(found, found.length);
        List<Long> snapshot = popular(page);
        bySource.put(Source.POPULAR, snapshot.subList(0, Math.min(q.popular(), snapshot.size())));

        RetrievalStore.Lists redis = lists.get();
        bySource.put(Source.COVISITATION,
                SourceLists.cap(SourceLists.interleave(redis.coVisited()), q.coVisitation()));
        bySource.put(Source.TRENDING, SourceLists.concat(redis.trending(), Integer.MAX_VALUE));
        List<List<Long>> fresh = new ArrayList<>(redis.newInCategories());
        fresh.add(redis.newAnywhere());
        bySource.put(Source.NEW_ITEMS, SourceLists.concat(fresh, q.newItems()));

        SourceLists.keepCategory(bySource, page);
        if (counted) {
            bySource.forEach((s, ids) -> perSource.get(s).record(ids.size()));
        }
        Candidates out = merge(bySource, count);
        for (int i = q.popular(); i < snapshot.size() && !out.isFull(); i++) {
            out.offer(snapshot.get(i), Source.POPULAR);
        }
        if (redis.readRedis()) {
            out.readRedis();
        }
        return out;
    }

    /**
     * The popularity snapshot's items, best first: all of them, or on a category page those of its category, by the
     * catalog's category or else the ranking version's (the others would only be dropped), as a degraded answer
     * takes them.
     */
    private List<Long> popular(Page page) {
        if (page.onlyCategory() == 0L) {
            return popular.items();
        }
        PopularitySnapshot.Snapshot s = popular.snapshot();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.items().size(); i++) {
            if (s.category(i, page.exported()) == page.onlyCategory()) {
                out.add(s.items().get(i));
            }
        }
        return out;
    }

    /** Round-robin over the sources in priority order; later duplicates only add their tag. */
    static Candidates merge(Map<Source, List<Long>> bySource, int count) {
        Candidates out = new Candidates(count);
        List<Source> order = List.of(Source.SESSION, Source.COVISITATION, Source.ANN, Source.CATEGORY,
                Source.TRENDING, Source.NEW_ITEMS, Source.RECENT, Source.POPULAR);
        int longest = bySource.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (Source s : order) {
                List<Long> ids = bySource.get(s);
                if (ids != null && i < ids.size()) {
                    out.offer(ids.get(i), s);
                }
            }
        }
        return out;
    }

    private void skip(String source, String reason, int n) {
        skipped.computeIfAbsent(source + "/" + reason, k -> Counter.builder("streamrank.retrieval.skipped")
                .description("Requests for which a retrieval source could not run, by reason")
                .tag("source", source).tag("reason", reason).register(meters)).increment(n);
    }

    static List<Long> recentItems(UserFeatures user, int n) {
        return triggers(user, n, 0);
    }

    /**
     * The items whose neighbours are retrieved: the context item, if any, then the user's most recent distinct items,
     * {@code n} in all. The context item takes the place of the oldest click: the page is what the user looks at now.
     */
    static List<Long> triggers(UserFeatures user, int n, long contextItemId) {
        Set<Long> out = new LinkedHashSet<>();
        if (contextItemId > 0 && n > 0) {
            out.add(contextItemId);
        }
        for (RecentItem r : user.recent()) {
            if (out.size() >= n) {
                break;
            }
            out.add(r.itemId());
        }
        return new ArrayList<>(out);
    }

    /**
     * The categories whose trending and new items are retrieved: the context item's, if known, then those of the
     * user's most recent items, {@code n} distinct in all (as the triggers: the page comes first).
     */
    static List<Long> categories(UserFeatures user, int n, long contextCategory) {
        Set<Long> cats = new LinkedHashSet<>();
        if (contextCategory != 0L && n > 0) {
            cats.add(contextCategory);
        }
        for (RecentItem r : user.recent()) {
            if (cats.size() >= n) {
                break;
            }
            cats.add(r.categoryId());
        }
        return new ArrayList<>(cats);
    }
}
