package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/recommendations")
class RecommendationController {

    private final RecommendationService service;
    private final int defaultK;

    RecommendationController(RecommendationService service, RankingProperties properties) {
        this.service = service;
        this.defaultK = properties.ranking().defaultK();
    }

    @GetMapping
    RecommendationResponse get(@RequestParam @Positive long userId,
                               @RequestParam(required = false) @Min(1) @Max(200) Integer k,
                               HttpServletRequest request) {
        return service.recommend(userId, k == null ? defaultK : k, null, RequestIds.of(request));
    }

    @PostMapping
    RecommendationResponse post(@Valid @RequestBody RecommendationRequest body, HttpServletRequest request) {
        return service.recommend(body.userId(), body.k() == null ? defaultK : body.k(), body.candidates(),
                RequestIds.of(request));
    }
}
