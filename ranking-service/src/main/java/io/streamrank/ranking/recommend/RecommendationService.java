package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.catalog.CatalogColumns;
import io.streamrank.ranking.catalog.CatalogStore;
import io.streamrank.ranking.features.FeatureStore;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import io.streamrank.ranking.features.ItemFeatureTable;
import io.streamrank.ranking.features.RedisConnection;
import io.streamrank.ranking.features.RedisRound;
import io.streamrank.ranking.features.UserView;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.recommend.RecommendMetrics.Outcome;
import io.streamrank.ranking.recommend.RecommendMetrics.Stage;
import io.streamrank.ranking.retrieval.CandidateRetriever;
import io.streamrank.ranking.retrieval.Candidates;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import io.streamrank.ranking.retrieval.Source;
import io.streamrank.ranking.rules.BusinessRules;
import io.streamrank.ranking.rules.ItemIdSet;
import io.streamrank.ranking.rules.ShownItems;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * user features → retrieve → candidate features → filter rules → score → boost and category cap → top-K. Redis
 * trouble answers from the in-process popularity snapshot; model trouble answers in retrieval order; both are marked
 * {@code degraded} and counted, never a 5xx. Redis reads: one round for the user (plus, with explicit candidates,
 * everything else); then, only for what the shared sub-second caches do not hold, fresh or stale (ADR 0025, 0047), one
 * for retrieval lists, which also carries the candidates' features and catalog entries (ADR 0048), or, when every list
 * was cached, one for those alone (ADR 0021); a third only for values still missing after the lists' round. The
 * rounds each request needed are recorded.
 */
@Service
class RecommendationService {

    private final RedisConnection redis;
    private final FeatureStore features;
    private final CatalogStore catalog;
    private final ShownItems shown;
    private final CandidateRetriever retriever;
    private final PopularitySnapshot snapshot;
    private final BusinessRules rules;
    private final CandidateScorer scoring;
    private final RecommendMetrics metrics;

    RecommendationService(RedisConnection redis, FeatureStore features, CatalogStore catalog, ShownItems shown,
                          CandidateRetriever retriever, PopularitySnapshot snapshot, BusinessRules rules,
                          CandidateScorer scoring, RecommendMetrics metrics) {
        this.redis = redis;
        this.features = features;
        this.catalog = catalog;
        this.shown = shown;
        this.retriever = retriever;
        this.snapshot = snapshot;
        this.rules = rules;
        this.scoring = scoring;
        this.metrics = metrics;
    }

    /**
     * @param warmup      the service's own warm-up request: nothing recorded as shown, nothing counted (ADR 53)
     * @param recordShown whether the request may record its answer as shown to the user; false (a request without the
     *                    write token under {@code record-shown=with-token}, ADR 84) still ranks and filters as any
     *                    other, and is counted
     */
    RecommendationResponse recommend(RecommendationQuery q, String requestId, boolean warmup, boolean recordShown) {
        RecommendMetrics.Stages stages = metrics.stages(!warmup);
        try {
            return rank(q, requestId, stages, warmup, recordShown);
        } finally {
            stages.record();
        }
    }

    private RecommendationResponse rank(RecommendationQuery q, String requestId, RecommendMetrics.Stages stages,
                                        boolean warmup, boolean recordShown) {
        long now = System.currentTimeMillis();
        UserView user;
        ItemIdSet recentlyShown;
        Candidates candidates;
        long[] ids;
        ItemFeatureTable items;
        CatalogColumns entries;
        try {
            stages.begin();
            RedisRound first = redis.round();
            Supplier<UserView> userReply = features.user(first, q.userId());
            Supplier<ItemIdSet> shownReply = shown.read(first, q.userId(), now);
            // With the caller's candidates the context item is only excluded: nothing is retrieved for it.
            ContextCategory context = ContextCategory.read(first, features, catalog,
                    q.hasCandidates() ? 0L : q.contextItemId());
            Supplier<ItemFeatureTable> itemsReply = null;
            Supplier<CatalogColumns> catalogReply = null;
            candidates = null;
            ids = null;
            if (q.hasCandidates()) {
                candidates = Candidates.of(q.candidates(), Source.REQUEST, q.candidates().size());
                ids = candidates.ids();
                itemsReply = features.items(first, ids);
                catalogReply = catalog.lookup(first, ids);
            }
            first.await();
            int rounds = 1;
            user = userReply.get();
            recentlyShown = shownReply.get();
            stages.end(Stage.FEATURES);
            if (candidates == null) {
                stages.begin();
                candidates = retriever.retrieve(user.features(), q.candidateCount(), q.contextItemId(),
                        context.category(scoring.itemCategories(q.userId())));
                stages.end(Stage.RETRIEVE);
                if (candidates.wereReadFromRedis()) {
                    rounds++;
                }
                stages.begin();
                RedisRound last = redis.round();
                ids = candidates.ids();
                itemsReply = features.items(last, ids);
                catalogReply = catalog.lookup(last, ids);
                if (!last.isEmpty()) {
                    last.await();
                    rounds++;
                }
            } else {
                stages.begin();
            }
            items = itemsReply.get();
            entries = catalogReply.get();
            stages.end(Stage.FEATURES);
            stages.redisRounds(rounds);
        } catch (FeatureStoreUnavailableException e) {
            stages.outcome(Outcome.DEGRADED_REDIS);
            Fallback page = q.hasCandidates() ? without(q.candidates(), q.exclude()) : capped(q.k(), q.exclude());
            rules.countExcluded(page.excluded());
            return ResponseAssembler.snapshot(q, requestId, page.order(), page.excluded());
        }

        stages.begin();
        BusinessRules.Filtered filtered = rules.filter(ids, q.exclude(), user.features(), recentlyShown, entries,
                now);
        stages.end(Stage.RULES);
        RankingInput input = new RankingInput(user, ids, filtered, items, entries, scoring.itemCategories(q.userId()),
                candidates, now);
        stages.categoryFallbacks(input);

        stages.begin();
        ModelScorer.Scored scored = scoring.score(input, q.userId(), !warmup);
        float[] modelScores = scored == null ? null : scored.scores();
        stages.end(Stage.SCORE);

        stages.begin();
        Ranked ranked = Ranked.of(input, modelScores, rules, q.k());
        stages.end(Stage.RULES);

        String version = scored == null ? "none" : scored.version();
        if (modelScores == null) {
            stages.outcome(Outcome.DEGRADED_MODEL);
        } else {
            stages.outcome(Outcome.OK);
            stages.scoredBy(version);
        }
        if (!warmup) {
            if (recordShown) {
                shown.record(q.userId(), ranked.itemIds(), now);
            } else {
                shown.notRecordedWithoutToken(ranked.itemIds());
            }
        }
        return ResponseAssembler.ranked(q, requestId, version, ranked, filtered.dropped());
    }

    /**
     * The popularity snapshot's top k under the category cap, as every other answer: without it an outage page could
     * come from one hot category. The snapshot's order is its score; the request's excluded items are left out before
     * the cap, as they are before it in any other answer.
     */
    private Fallback capped(int k, ItemIdSet exclude) {
        PopularitySnapshot.Snapshot s = snapshot.snapshot();
        int n = s.items().size();
        int[] kept = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!exclude.contains(s.items().get(i))) {
                kept[m++] = i;
            }
        }
        double[] scores = new double[m];
        long[] categories = new long[m];
        for (int j = 0; j < m; j++) {
            scores[j] = m - j;
            categories[j] = s.categories()[kept[j]];
        }
        int[] order = rules.categoryCap().select(scores, categories, k).order();
        List<Long> out = new ArrayList<>(order.length);
        for (int idx : order) {
            out.add(s.items().get(kept[idx]));
        }
        return new Fallback(out, n - m);
    }

    /** The caller's candidates without the ones it also excluded. */
    private static Fallback without(List<Long> candidates, ItemIdSet exclude) {
        if (exclude.isEmpty()) {
            return new Fallback(candidates, 0);
        }
        List<Long> out = new ArrayList<>(candidates.size());
        for (Long id : candidates) {
            if (!exclude.contains(id)) {
                out.add(id);
            }
        }
        return new Fallback(out, candidates.size() - out.size());
    }

    /** A degraded answer's order, and how many items the request's {@code exclude} took out of it. */
    private record Fallback(List<Long> order, int excluded) {
    }
}
