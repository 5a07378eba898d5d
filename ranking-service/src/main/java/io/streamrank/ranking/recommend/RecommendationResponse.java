package io.streamrank.ranking.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamrank.ranking.rules.Adjustment;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * @param requestId    also sent as the {@code X-Request-Id} header
 * @param modelVersion the model version that scored the items (the canary's for users of its cohort, ADR 55), or
 *                     {@code "none"} in fallback order
 * @param degraded     true when a dependency failed and the items are in fallback order (see docs/api.md)
 * @param fallback     with {@code degraded}: {@code popularity_snapshot} (Redis) or {@code retrieval_order} (model)
 * @param items        best first
 * @param explanation  with {@code explain=true}: what retrieval and the rules did for the whole request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecommendationResponse(String requestId, long userId, String modelVersion, boolean degraded, String fallback,
                              List<Item> items, Explanation explanation) {

    /**
     * @param score       final score (model logit plus rule adjustments; rank-based 1/(i+1) in fallback order)
     * @param explanation with {@code explain=true} only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(long itemId, double score, ItemExplanation explanation) {
    }

    /**
     * @param sources      every retrieval source that found the item
     * @param modelScore   the model's logit, absent in fallback order
     * @param adjustments  what each rule changed
     * @param categoryId     the category the item was ranked and capped under (0 = unknown)
     * @param categorySource where {@code categoryId} came from (ADR 82)
     * @param featureAges    how old the features used were
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemExplanation(List<String> sources, Double modelScore, List<Adjustment> adjustments, long categoryId,
                           @Schema(description = "where categoryId came from: the item's live features, else the "
                                   + "catalog, else the category the serving model version was trained with, else "
                                   + "unknown (0)", allowableValues = {"features", "catalog", "model", "unknown"})
                           String categorySource,
                           FeatureAges featureAges) {
    }

    /**
     * @param userMs   age of the user's feature value (now − updatedAt), absent when there is none
     * @param userUsed false when the value was missing or older than its max age
     * @param itemMs   age of the item's feature value, absent when there is none
     * @param itemUsed false when the value was missing or older than its max age
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FeatureAges(Long userMs, boolean userUsed, Long itemMs, boolean itemUsed) {
    }

    /**
     * @param retrieved         candidates after merging and de-duplication
     * @param retrievedBySource candidates per source (an item found by two sources counts for both)
     * @param dropped           candidates each filter rule removed before scoring
     * @param scored            candidates scored by the model (0 in fallback order)
     */
    record Explanation(int retrieved, Map<String, Integer> retrievedBySource, Map<String, Integer> dropped,
                       int scored) {
    }
}
