package io.streamrank.ranking.recommend;

import io.streamrank.ranking.recommend.RecommendationResponse.Explanation;
import io.streamrank.ranking.recommend.RecommendationResponse.FeatureAges;
import io.streamrank.ranking.recommend.RecommendationResponse.Item;
import io.streamrank.ranking.recommend.RecommendationResponse.ItemExplanation;
import io.streamrank.ranking.retrieval.Source;
import io.streamrank.ranking.rules.BusinessRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Builds responses; explanations are only materialised for the returned items, and only on request. */
final class ResponseAssembler {

    static final String SNAPSHOT = "popularity_snapshot";
    static final String RETRIEVAL_ORDER = "retrieval_order";

    private ResponseAssembler() {
    }

    static RecommendationResponse ranked(RecommendationQuery q, String requestId, String version, Ranked r,
                                         Map<String, Integer> dropped) {
        RankingInput in = r.input();
        int[] order = r.selection().order();
        List<Item> items = new ArrayList<>(order.length);
        for (int place = 0; place < order.length; place++) {
            int idx = order[place];
            long id = in.id(idx);
            ItemExplanation why = null;
            if (q.explain()) {
                long userAge = in.user().ageMs();
                long itemAge = in.featureAgeMs(idx);
                why = new ItemExplanation(Source.labels(in.candidates().sources(id)),
                        r.modelScores() == null ? null : (double) r.modelScores()[idx],
                        r.adjustments()[place] == null ? List.of() : r.adjustments()[place], in.category(idx),
                        in.categorySource(idx).label(),
                        new FeatureAges(userAge < 0 ? null : userAge, userAge >= 0 && !in.user().stale(),
                                itemAge < 0 ? null : itemAge, in.hasFeatures(idx)));
            }
            items.add(new Item(id, r.scores()[idx], why));
        }
        boolean degraded = r.modelScores() == null;
        Explanation explanation = !q.explain() ? null : new Explanation(in.candidates().size(),
                in.candidates().countBySource(), dropped, degraded ? 0 : in.size());
        return new RecommendationResponse(requestId, q.userId(), version, degraded,
                degraded ? RETRIEVAL_ORDER : null, items, explanation);
    }

    /** Redis unavailable: the page's order (the caller's candidates, else the popularity snapshot), top k. */
    static RecommendationResponse snapshot(RecommendationQuery q, String requestId, DegradedPage page) {
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(page.order()));
        Source source = q.hasCandidates() ? Source.REQUEST : Source.POPULARITY_SNAPSHOT;
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < distinct.size() && i < q.k(); i++) {
            // Redis was not read, so no category of the item is known here.
            ItemExplanation why = !q.explain() ? null : new ItemExplanation(List.of(source.label()), null, List.of(),
                    0L, CategorySource.UNKNOWN.label(), new FeatureAges(null, false, null, false));
            items.add(new Item(distinct.get(i), 1.0 / (i + 1), why));
        }
        Explanation explanation = !q.explain() ? null
                : new Explanation(distinct.size(), Map.of(source.label(), distinct.size()), dropped(page), 0);
        return new RecommendationResponse(requestId, q.userId(), "none", true, SNAPSHOT, items, explanation);
    }

    private static Map<String, Integer> dropped(DegradedPage page) {
        Map<String, Integer> dropped = new LinkedHashMap<>();
        if (page.excluded() > 0) {
            dropped.put(BusinessRules.EXCLUDED, page.excluded());
        }
        if (page.outside() > 0) {
            dropped.put(BusinessRules.OUTSIDE_CATEGORY, page.outside());
        }
        return dropped;
    }
}
