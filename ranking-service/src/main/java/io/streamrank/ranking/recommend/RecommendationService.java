package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
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
import io.streamrank.ranking.retrieval.Page;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import io.streamrank.ranking.retrieval.Source;
import io.streamrank.ranking.rules.BusinessRules;
import io.streamrank.ranking.rules.ItemIdSet;
import io.streamrank.ranking.rules.ShownItems;
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
    private final ContextSimilarity similarity;

    RecommendationService(RedisConnection redis, FeatureStore features, CatalogStore catalog, ShownItems shown,
                          CandidateRetriever retriever, PopularitySnapshot snapshot, BusinessRules rules,
                          CandidateScorer scoring, RecommendMetrics metrics, ContextSimilarity similarity) {
        this.redis = redis;
        this.features = features;
        this.catalog = catalog;
        this.shown = shown;
        this.retriever = retriever;
        this.snapshot = snapshot;
        this.rules = rules;
        this.scoring = scoring;
        this.metrics = metrics;
        this.similarity = similarity;
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
        // The service's own warm-up leaves the meters of what requests find (features, sources, rules) alone (ADR 90).
        boolean counted = !warmup;
        BusinessRules requestRules = rules.counting(counted);
        // The table of the version that ranks the user (ADR 82), for retrieval, scoring and a degraded answer alike.
        ItemCategories exported = scoring.itemCategories(q.userId());
        UserView user;
        ItemIdSet recentlyShown;
        Candidates candidates;
        long[] ids;
        ItemFeatureTable items;
        CatalogColumns entries;
        try {
            stages.begin();
            RedisRound first = redis.round();
            Supplier<UserView> userReply = features.user(first, q.userId(), counted);
            Supplier<ItemIdSet> shownReply = shown.read(first, q.userId(), now);
            // With the caller's candidates the context item is only excluded: nothing is retrieved for it. On a
            // category page that category is the only one retrieved: the item's would not be used.
            ContextCategory context = ContextCategory.read(first, features, catalog,
                    q.hasCandidates() || q.categoryId() != 0L ? 0L : q.contextItemId());
            Supplier<ItemFeatureTable> itemsReply = null;
            Supplier<CatalogColumns> catalogReply = null;
            candidates = null;
            ids = null;
            if (q.hasCandidates()) {
                candidates = Candidates.of(q.candidates(), Source.REQUEST, q.candidates().size());
                ids = candidates.ids();
                itemsReply = features.items(first, ids, counted);
                catalogReply = catalog.lookup(first, ids);
            }
            first.await();
            int rounds = 1;
            user = userReply.get();
            recentlyShown = shownReply.get();
            stages.end(Stage.FEATURES);
            if (candidates == null) {
                stages.begin();
                candidates = retriever.retrieve(user.features(), q.candidateCount(),
                        new Page(q.contextItemId(), context.category(exported), q.categoryId(), exported), counted);
                stages.end(Stage.RETRIEVE);
                if (candidates.wereReadFromRedis()) {
                    rounds++;
                }
                stages.begin();
                RedisRound last = redis.round();
                ids = candidates.ids();
                itemsReply = features.items(last, ids, counted);
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
            DegradedPage page = q.hasCandidates() ? DegradedPage.candidates(q, exported)
                    : DegradedPage.popular(snapshot.snapshot(), q, exported, requestRules);
            requestRules.countDegraded(BusinessRules.EXCLUDED, page.excluded());
            requestRules.countDegraded(BusinessRules.OUTSIDE_CATEGORY, page.outside());
            return ResponseAssembler.snapshot(q, requestId, page);
        }

        stages.begin();
        BusinessRules.Filtered filtered = requestRules.filter(ids, q.exclude(), user.features(), recentlyShown,
                entries, now);
        stages.end(Stage.RULES);
        RankingInput input = new RankingInput(user, ids, filtered, items, entries, exported, candidates, now,
                q.categoryId());
        requestRules.droppedOutsideCategory(filtered.dropped(), input.outsideCategory());
        stages.categoryFallbacks(input);

        stages.begin();
        ModelScorer.Scored scored = scoring.score(input, q.userId(), counted);
        float[] modelScores = scored == null ? null : scored.scores();
        stages.end(Stage.SCORE);

        stages.begin();
        // A category page is one category: the cap would only cut it short.
        Ranked ranked = Ranked.of(input, modelScores, requestRules, q.k(), q.categoryId() != 0L,
                modelScores == null ? null : similarity.of(q.contextItemId(), input, exported));
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
}
