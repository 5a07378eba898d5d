package io.streamrank.ranking.recommend;

import java.util.List;

/**
 * @param requestId    also sent as the {@code X-Request-Id} header
 * @param modelVersion the model that scored the items, or {@code "none"} in fallback order
 * @param degraded     true when a dependency failed and the items are in fallback order (see README)
 * @param items        best first
 */
record RecommendationResponse(String requestId, long userId, String modelVersion, boolean degraded,
                              List<ScoredItem> items) {

    record ScoredItem(long itemId, double score) {
    }
}
