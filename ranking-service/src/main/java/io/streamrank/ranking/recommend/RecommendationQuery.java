package io.streamrank.ranking.recommend;

import io.streamrank.ranking.rules.ItemIdSet;
import java.util.List;

/**
 * A validated recommendation request.
 *
 * @param candidates     items to rank, or {@code null} to retrieve
 * @param candidateCount candidates to retrieve
 * @param exclude        items the caller does not want in the answer (those already on its page), {@link
 *                       ItemIdSet#EMPTY} for none
 */
record RecommendationQuery(long userId, int k, List<Long> candidates, int candidateCount, boolean explain,
                           ItemIdSet exclude) {

    boolean hasCandidates() {
        return candidates != null && !candidates.isEmpty();
    }
}
