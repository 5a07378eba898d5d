package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecommendMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecommendMetrics metrics = new RecommendMetrics(meters);

    @Test
    void onlyTheNewestEightVersionsKeepAScoredSeriesSoANightlySwapDoesNotGrowTheScrapeForever() {
        List<String> nights = IntStream.rangeClosed(1, 10).mapToObj(n -> "v202612" + String.format("%02d", n)).toList();
        nights.forEach(v -> {
            metrics.scoredBy(v);
            metrics.scoredBy(v);
        });

        assertThat(versions()).containsExactlyInAnyOrderElementsOf(nights.subList(2, 10));
        assertThat(meters.get("streamrank.recommend.scored").tag("model_version", "v20261210").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aVersionStillScoringAfterItsSeriesWasRemovedGetsItBackFromZero() {
        metrics.scoredBy("production");
        for (int i = 1; i <= RecommendMetrics.KEPT_VERSIONS; i++) {
            metrics.scoredBy("canary-" + i);
        }
        assertThat(versions()).doesNotContain("production");

        metrics.scoredBy("production");

        assertThat(versions()).contains("production").doesNotContain("canary-1").hasSize(8);
        assertThat(meters.get("streamrank.recommend.scored").tag("model_version", "production").counter().count())
                .isEqualTo(1);
    }

    private List<String> versions() {
        return meters.find("streamrank.recommend.scored").counters().stream().map(Counter::getId)
                .map(id -> id.getTag("model_version")).toList();
    }
}
