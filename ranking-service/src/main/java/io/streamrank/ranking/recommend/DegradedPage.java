package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.retrieval.PopularitySnapshot;
import io.streamrank.ranking.rules.BusinessRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The order of an answer given without Redis: the caller's candidates, else the in-process popularity snapshot under
 * the category cap. The request's {@code exclude} and {@code categoryId} apply as they do to any other answer; with no
 * live features, an item's category is the catalog's the snapshot kept, else the one the version ranking the user was
 * trained with (ADR 82), and an item of unknown category is not on a category page (ADR 87).
 *
 * @param order    the items, best first
 * @param excluded how many the request's {@code exclude} took out
 * @param outside  how many a category page took out for being of another category, or of none known
 */
record DegradedPage(List<Long> order, int excluded, int outside) {

    /**
     * The snapshot's top k: the capped selection on any page (without the cap one hot category could fill an outage
     * page), the snapshot's order on a category page.
     */
    static DegradedPage popular(PopularitySnapshot.Snapshot s, RecommendationQuery q, ItemCategories exported,
                                BusinessRules rules) {
        int n = s.items().size();
        int[] kept = new int[n];
        int m = 0;
        int excluded = 0;
        int outside = 0;
        for (int i = 0; i < n; i++) {
            long id = s.items().get(i);
            if (q.exclude().contains(id)) {
                excluded++;
            } else if (q.categoryId() != 0L && s.category(i, exported) != q.categoryId()) {
                outside++;
            } else {
                kept[m++] = i;
            }
        }
        List<Long> out = new ArrayList<>(Math.min(m, q.k()));
        if (q.categoryId() != 0L) {
            for (int j = 0; j < m && j < q.k(); j++) {
                out.add(s.items().get(kept[j]));
            }
            return new DegradedPage(out, excluded, outside);
        }
        double[] scores = new double[m];
        long[] categories = new long[m];
        for (int j = 0; j < m; j++) {
            scores[j] = m - j;
            // The cap's key is the catalog's category, as before ADR 87: 0 (not capped) for unlisted items.
            categories[j] = s.categories()[kept[j]];
        }
        for (int idx : rules.categoryCap().select(scores, categories, q.k()).order()) {
            out.add(s.items().get(kept[idx]));
        }
        return new DegradedPage(out, excluded, outside);
    }

    /** The caller's candidates in their order, without those it excluded or, on a category page, of another one. */
    static DegradedPage candidates(RecommendationQuery q, ItemCategories exported) {
        List<Long> out = new ArrayList<>(q.candidates().size());
        int excluded = 0;
        int outside = 0;
        for (Long id : q.candidates()) {
            if (q.exclude().contains(id)) {
                excluded++;
            } else if (q.categoryId() != 0L && exported.category(id) != q.categoryId()) {
                outside++;
            } else {
                out.add(id);
            }
        }
        return new DegradedPage(out, excluded, outside);
    }
}
