package io.streamrank.ranking.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamrank.ranking.RankingProperties;
import java.time.Duration;

/** Builds the pooling every loaded version shares: its predictors, its rows per call and the meters they report to. */
final class PredictorPooling {

    private PredictorPooling() {
    }

    static LoadedModel.Pooling of(RankingProperties.Model model, MeterRegistry meters) {
        Timer predictorWait = Timer.builder("streamrank.model.predictor.wait")
                .description("Time a request waited until a model call took its rows (included in the score stage)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        DistributionSummary requestsPerCall = DistributionSummary.builder("streamrank.model.call.requests")
                .description("Requests scored together in one model call (dynamic batching of waiting requests)")
                .serviceLevelObjectives(1, 2, 3, 4, 6, 8)
                .register(meters);
        Counter inputShapes = Counter.builder("streamrank.model.input.shapes")
                .description("Input tensor sets a predictor made for a batch shape it did not keep (ADR 49): a few per"
                        + " predictor after a swap; rising steadily means the kept shapes thrash")
                .register(meters);
        return new LoadedModel.Pooling(model.predictors(), model.maxBatchRows(), predictorWait, requestsPerCall,
                inputShapes);
    }
}
