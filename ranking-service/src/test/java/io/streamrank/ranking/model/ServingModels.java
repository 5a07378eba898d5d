package io.streamrank.ranking.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.ranking.RankingProperties;

/** Builds the model-serving beans outside Spring for tests of other packages (their constructors stay package-private). */
public final class ServingModels {

    private ServingModels() {
    }

    public static ModelScorer scorer(RankingProperties properties, MeterRegistry meters) {
        return new ModelScorer(properties, meters);
    }

    /** Loads and swaps in the version to serve before it returns, like the service's start-up. */
    public static ModelWatcher watcher(RankingProperties properties, ModelScorer scorer, MeterRegistry meters) {
        return new ModelWatcher(properties, scorer, meters);
    }

    public static void stop(ModelWatcher watcher, ModelScorer scorer) {
        if (watcher != null) {
            watcher.stop();
        }
        scorer.close();
    }
}
