package io.streamrank.ranking.recommend;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /v1/recommendations}.
 *
 * @param userId         the shopper
 * @param k              how many items to return (1..200, default from configuration)
 * @param candidates     optional items to rank instead of retrieving candidates (1 to 1,000; an empty list is
 *                       refused rather than read as "retrieve", which would rank items the caller did not give)
 * @param candidateCount how many candidates to retrieve when {@code candidates} is absent (1..1,000)
 * @param explain        add per-item sources, model score, rule adjustments and feature ages
 * @param exclude        items not to return, such as those already on the caller's page (at most 200)
 * @param contextItemId  the item the page is about: its neighbours and its category's trending and new items are
 *                       retrieved first, and it is not returned
 * @param categoryId     the only category to return items of (a category page), without the per-category cap
 */
record RecommendationRequest(@NotNull @Positive Long userId, @Min(1) @Max(QueryParameters.MAX_K) Integer k,
                             @Size(min = 1, max = QueryParameters.MAX_CANDIDATES) List<@NotNull @Positive Long> candidates,
                             @Min(1) @Max(QueryParameters.MAX_CANDIDATES) Integer candidateCount, Boolean explain,
                             @Size(max = QueryParameters.MAX_EXCLUDE) List<@NotNull @Positive Long> exclude,
                             @Positive Long contextItemId, @Positive Long categoryId) {
}
