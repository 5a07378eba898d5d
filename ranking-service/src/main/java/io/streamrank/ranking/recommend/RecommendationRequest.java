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
 * @param userId     the shopper
 * @param k          how many items to return (1..200, default from configuration)
 * @param candidates optional items to rank instead of retrieving candidates (at most 1,000)
 */
record RecommendationRequest(@NotNull @Positive Long userId, @Min(1) @Max(200) Integer k,
                             @Size(max = 1000) List<@NotNull @Positive Long> candidates) {
}
