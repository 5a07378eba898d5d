package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.auth.OpenRead;
import io.streamrank.ranking.warmup.WarmupToken;
import io.streamrank.ranking.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/recommendations}: top-K for a user, retrieved or from the caller's candidates. */
@RestController
@RequestMapping("/v1/recommendations")
class RecommendationController {

    /** For the API's users: what an answer leaves behind (docs/api.md, "Rules"; ADR 84). */
    private static final String SHOWN = "The items answered are recorded as shown to the user and left out of that "
            + "user's answers for the shown window (10 min by default), so repeating a request pages through further "
            + "items. Where the service runs with streamrank.rules.record-shown=with-token, only answers to requests "
            + "that carry the API write token (Authorization: Bearer <token>) are recorded; any other request gets the "
            + "same answer and records nothing. No request needs the token.";

    private static final long[] NONE = new long[0];

    private final RecommendationService service;
    private final int defaultK;
    private final int defaultCandidates;
    private final WarmupToken warmup;
    private final ShownRecording recording;
    private final ConcurrencyLimit limit;

    RecommendationController(RecommendationService service, RankingProperties properties, WarmupToken warmup,
                             ShownRecording recording, ConcurrencyLimit limit) {
        this.service = service;
        this.limit = limit;
        this.warmup = warmup;
        this.recording = recording;
        this.defaultK = properties.ranking().defaultK();
        this.defaultCandidates = properties.retrieval().candidates();
    }

    @Operation(summary = "Top-K items for a user from retrieved candidates", description = SHOWN, parameters = {
            @Parameter(name = "userId", in = ParameterIn.QUERY, required = true, description = "the shopper",
                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
            @Parameter(name = "k", in = ParameterIn.QUERY, description = "items to return, 1.." + QueryParameters.MAX_K,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1",
                            maximum = "" + QueryParameters.MAX_K)),
            @Parameter(name = "candidateCount", in = ParameterIn.QUERY,
                    description = "candidates to retrieve and score, 1.." + QueryParameters.MAX_CANDIDATES,
                    schema = @Schema(type = "integer", format = "int32", minimum = "1",
                            maximum = "" + QueryParameters.MAX_CANDIDATES)),
            @Parameter(name = "explain", in = ParameterIn.QUERY, description = "explain each item",
                    schema = @Schema(type = "boolean", defaultValue = "false")),
            @Parameter(name = "exclude", in = ParameterIn.QUERY, description = "items not to return, such as those "
                    + "already on the page: ids separated by commas, or the parameter repeated; at most "
                    + QueryParameters.MAX_EXCLUDE, explode = Explode.TRUE,
                    array = @ArraySchema(maxItems = QueryParameters.MAX_EXCLUDE, schema = @Schema(type = "integer",
                            format = "int64", minimum = "1"))),
            @Parameter(name = "contextItemId", in = ParameterIn.QUERY, description = "the item the page is about (a "
                    + "product page): its neighbours (HNSW, co-visitation) and its category's trending and new items "
                    + "are retrieved first, and it is not returned",
                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
            @Parameter(name = "categoryId", in = ParameterIn.QUERY, description = "only items of this category (a "
                    + "category page): its trending and new items are retrieved, every other candidate is dropped "
                    + "before scoring, and the per-category cap does not apply; the page may hold fewer than k items",
                    schema = @Schema(type = "integer", format = "int64", minimum = "1"))})
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    RecommendationResponse get(HttpServletRequest request) throws InterruptedException {
        // Parameters read by hand, not bound by @RequestParam: see QueryParameters.
        return recommend(QueryParameters.read(request, defaultK, defaultCandidates), request);
    }

    @Operation(summary = "Top-K items for a user, optionally ranking the caller's own candidates",
            description = SHOWN)
    @OpenRead // the GET above with its input in a body: as open as the GET (ADR 78)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    RecommendationResponse post(@Valid @RequestBody RecommendationRequest body, HttpServletRequest request)
            throws InterruptedException {
        var candidates = body.candidates() == null ? null : new ArrayList<>(new LinkedHashSet<>(body.candidates()));
        return recommend(RecommendationQuery.of(body.userId(), body.k() == null ? defaultK : body.k(),
                candidates, body.candidateCount() == null ? defaultCandidates : body.candidateCount(),
                Boolean.TRUE.equals(body.explain()), body.exclude() == null ? NONE
                : body.exclude().stream().mapToLong(Long::longValue).toArray(),
                body.contextItemId() == null ? 0 : body.contextItemId(),
                body.categoryId() == null ? 0 : body.categoryId()), request);
    }

    /** Ranks under a concurrency slot, taken only now that the input is read and valid (see ConcurrencyLimit). */
    private RecommendationResponse recommend(RecommendationQuery query, HttpServletRequest request)
            throws InterruptedException {
        limit.acquire(request);
        try {
            return service.recommend(query, RequestIds.of(request), warmup.isWarmup(request),
                    recording.records(request));
        } finally {
            limit.release();
        }
    }
}
