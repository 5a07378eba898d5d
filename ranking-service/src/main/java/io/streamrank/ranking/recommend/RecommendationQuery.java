package io.streamrank.ranking.recommend;

import io.streamrank.ranking.rules.ItemIdSet;
import java.util.Arrays;
import java.util.List;

/**
 * A validated recommendation request.
 *
 * @param candidates     items to rank, or {@code null} to retrieve
 * @param candidateCount candidates to retrieve
 * @param exclude        items the caller does not want in the answer (those already on its page, and the context
 *                       item), {@link ItemIdSet#EMPTY} for none
 * @param contextItemId  the item the page is about (a product page), whose neighbours are retrieved first; 0: none
 * @param categoryId     the only category to return items of (a category page, ADR 87); 0: any
 */
record RecommendationQuery(long userId, int k, List<Long> candidates, int candidateCount, boolean explain,
                           ItemIdSet exclude, long contextItemId, long categoryId) {

    /** A query whose context item, if any, is excluded too: a product page does not recommend its own product. */
    static RecommendationQuery of(long userId, int k, List<Long> candidates, int candidateCount, boolean explain,
                                  long[] exclude, long contextItemId, long categoryId) {
        long[] ids = exclude;
        if (contextItemId > 0) {
            ids = Arrays.copyOf(exclude, exclude.length + 1);
            ids[exclude.length] = contextItemId;
        }
        return new RecommendationQuery(userId, k, candidates, candidateCount, explain,
                ids.length == 0 ? ItemIdSet.EMPTY : ItemIdSet.of(ids), contextItemId, categoryId);
    }

    boolean hasCandidates() {
        return candidates != null && !candidates.isEmpty();
    }
}
