package io.streamrank.ranking.ann;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.ranking.Conditions;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.ModelWatcher;
import io.streamrank.ranking.model.ServingModels;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real trained model loaded through DJL and its item embeddings indexed: the index follows the served version as
 * soon as it is swapped in. At start-up the index's first check runs before the model is loaded; waiting for the next
 * periodic check delayed the warm-up and readiness by up to {@code ann-reload-check} (ADR 53).
 */
class AnnIndexIT {

    @TempDir
    Path cache;

    @Test
    void theIndexIsBuiltWhenAModelIsSwappedInNotAtTheNextPeriodicCheck() throws Exception {
        // A period far longer than the test: only the swap itself can start the build.
        RankingProperties properties = properties(TestModels.trainedWithEmbeddings(), Duration.ofHours(1));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ModelScorer scorer = ServingModels.scorer(properties, meters);
        AnnIndex ann = new AnnIndex(scorer, properties, meters);
        ModelWatcher watcher = null;
        try {
            assertThat(Conditions.within(Duration.ofSeconds(10), () -> "no_model".equals(ann.unavailableReason())))
                    .as("the first periodic check ran and found no model").isTrue();

            watcher = ServingModels.watcher(properties, scorer, meters);
            assertThat(scorer.version()).isPresent();

            assertThat(Conditions.within(Duration.ofSeconds(30), () -> ann.index().isPresent()))
                    .as("index built after the swap, long before the next periodic check").isTrue();
            assertThat(ann.unavailableReason()).isNull();
            assertThat(ann.index().orElseThrow().size()).isEqualTo(TestModels.CATEGORIES.size() * 30);
            assertThat(meters.get("streamrank.ann.index.items").gauge().value())
                    .isEqualTo(TestModels.CATEGORIES.size() * 30.0);
        } finally {
            ann.close();
            ServingModels.stop(watcher, scorer);
        }
    }

    private RankingProperties properties(Path models, Duration annReloadCheck) {
        RankingProperties.Model model = new RankingProperties.Model(models.toString(), 1, 2000, "cpu",
                cache.toString(), Duration.ZERO, false, 0, 0);
        RankingProperties.Retrieval retrieval = new RankingProperties.Retrieval(500, 3, 100, 100, 100, 3, 40, 20, 10,
                100, annReloadCheck, 0, Duration.ofSeconds(2), Duration.ofSeconds(30), 1_000, true);
        return new RankingProperties(null, null, model, null, retrieval, null, null, null, null, null, null,
                new RankingProperties.Rollout(0, 0, 1));
    }
}
