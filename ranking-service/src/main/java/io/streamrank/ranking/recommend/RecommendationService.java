package io.streamrank.ranking.recommend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.features.FeatureStore;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.ScoringException;
import io.streamrank.ranking.recommend.RecommendationResponse.ScoredItem;
import io.streamrank.ranking.retrieval.CandidateRetriever;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * retrieve → features → score → top-K. Redis trouble answers from the in-process popularity snapshot; model trouble
 * answers in the retrieved order; both are marked {@code degraded} and counted, never a 5xx.
 */
@Service
class RecommendationService {

    private final FeatureStore store;
    private final CandidateRetriever retriever;
    private final PopularitySnapshot snapshot;
    private final ModelScorer scorer;
    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes;

    RecommendationService(FeatureStore store, CandidateRetriever retriever, PopularitySnapshot snapshot,
                          ModelScorer scorer, MeterRegistry meters) {
        this.store = store;
        this.retriever = retriever;
        this.snapshot = snapshot;
        this.scorer = scorer;
        this.meters = meters;
        this.outcomes = Map.of(
                "ok", outcome(meters, "ok"),
                "degraded_redis", outcome(meters, "degraded_redis"),
                "degraded_model", outcome(meters, "degraded_model"));
    }

    RecommendationResponse recommend(long userId, int k, List<Long> requested, String requestId) {
        return time("total", () -> rank(userId, k, requested, requestId));
    }

    private RecommendationResponse rank(long userId, int k, List<Long> requested, String requestId) {
        boolean explicit = requested != null && !requested.isEmpty();
        UserFeatures user;
        List<Long> candidates;
        Map<Long, ItemFeatures> items;
        try {
            user = time("features", () -> store.user(userId));
            List<Long> retrieved = explicit ? List.copyOf(new LinkedHashSet<>(requested))
                    : time("retrieve", () -> retriever.retrieve(user));
            candidates = retrieved;
            items = time("features", () -> store.items(retrieved));
        } catch (FeatureStoreUnavailableException e) {
            outcomes.get("degraded_redis").increment();
            return fallback(userId, k, explicit ? List.copyOf(new LinkedHashSet<>(requested)) : snapshot.items(),
                    requestId);
        }
        if (candidates.isEmpty()) {
            outcomes.get("ok").increment();
            return new RecommendationResponse(requestId, userId, scorer.version().orElse("none"), false, List.of());
        }
        int n = candidates.size();
        ModelInputBatch batch = new ModelInputBatch(n);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            long id = candidates.get(i);
            ItemFeatures f = items.getOrDefault(id, ItemFeatures.MISSING);
            batch.add(user, f, id, f.categoryId(), userId, now);
        }
        float[] scores;
        try {
            scores = time("score", () -> scorer.score(batch));
        } catch (ScoringException e) {
            outcomes.get("degraded_model").increment();
            return fallback(userId, k, candidates, requestId);
        }
        outcomes.get("ok").increment();
        return new RecommendationResponse(requestId, userId, scorer.version().orElseThrow(), false,
                TopK.of(candidates, scores, k));
    }

    /** Items in the given order with decreasing rank scores, marked degraded. */
    private static RecommendationResponse fallback(long userId, int k, List<Long> order, String requestId) {
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 0; i < order.size() && i < k; i++) {
            items.add(new ScoredItem(order.get(i), 1.0 / (i + 1)));
        }
        return new RecommendationResponse(requestId, userId, "none", true, items);
    }

    private <T> T time(String stage, Supplier<T> work) {
        return Timer.builder("streamrank.recommend.latency")
                .description("Recommendation latency by stage")
                .tag("stage", stage)
                .register(meters)
                .record(work);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("streamrank.recommend.requests")
                .description("Recommendation requests by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }
}
