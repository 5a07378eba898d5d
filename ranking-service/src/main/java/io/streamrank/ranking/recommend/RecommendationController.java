package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/recommendations}: top-K for a user, retrieved or from the caller's candidates. */
@RestController
@RequestMapping("/v1/recommendations")
class RecommendationController {

    private final RecommendationService service;
    private final int defaultK;
    private final int defaultCandidates;

    RecommendationController(RecommendationService service, RankingProperties properties) {
        this.service = service;
        this.defaultK = properties.ranking().defaultK();
        this.defaultCandidates = properties.retrieval().candidates();
    }

    @Operation(summary = "Top-K items for a user from retrieved candidates")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    RecommendationResponse get(
            @Parameter(description = "the shopper") @RequestParam @Positive long userId,
            @Parameter(description = "items to return, 1..200") @RequestParam(required = false) @Min(1) @Max(200)
            Integer k,
            @Parameter(description = "candidates to retrieve and score, 1..1000")
            @RequestParam(required = false) @Min(1) @Max(1000) Integer candidateCount,
            @Parameter(description = "explain each item") @RequestParam(defaultValue = "false") boolean explain,
            HttpServletRequest request) {
        return service.recommend(new RecommendationQuery(userId, k == null ? defaultK : k, null,
                candidateCount == null ? defaultCandidates : candidateCount, explain), RequestIds.of(request));
    }

    @Operation(summary = "Top-K items for a user, optionally ranking the caller's own candidates")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    RecommendationResponse post(@Valid @RequestBody RecommendationRequest body, HttpServletRequest request) {
        var candidates = body.candidates() == null ? null : new ArrayList<>(new LinkedHashSet<>(body.candidates()));
        return service.recommend(new RecommendationQuery(body.userId(), body.k() == null ? defaultK : body.k(),
                candidates, body.candidateCount() == null ? defaultCandidates : body.candidateCount(),
                Boolean.TRUE.equals(body.explain())), RequestIds.of(request));
    }
}
