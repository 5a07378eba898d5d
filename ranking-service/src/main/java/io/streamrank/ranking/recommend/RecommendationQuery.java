package io.streamrank.ranking.recommend;

import java.util.List;

/**
 * A validated recommendation request.
 *
 * @param candidates     items to rank, or {@code null} to retrieve
 * @param candidateCount candidates to retrieve
 */
record RecommendationQuery(long userId, int k, List<Long> candidates, int candidateCount, boolean explain) {

    boolean hasCandidates() {
        return candidates != null && !candidates.isEmpty();
    }
}
