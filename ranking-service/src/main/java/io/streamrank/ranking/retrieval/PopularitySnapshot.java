package io.streamrank.ranking.retrieval;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.FeatureStore;
import io.streamrank.ranking.features.FeatureStoreUnavailableException;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * An in-process copy of the globally popular items, refreshed in the background. It is the answer of last resort
 * when Redis is slow or down (responses are then marked {@code degraded}); a failed refresh keeps the last copy.
 */
@Component
public class PopularitySnapshot {

    private final FeatureStore store;
    private final int size;
    private volatile List<Long> items = List.of();

    PopularitySnapshot(FeatureStore store, RankingProperties properties) {
        this.store = store;
        this.size = properties.ranking().maxCandidates();
    }

    @Scheduled(fixedDelayString = "${streamrank.ranking.popularity-refresh}", initialDelay = 0)
    void refresh() {
        try {
            items = store.popular(size);
        } catch (FeatureStoreUnavailableException e) {
            // keep the previous snapshot
        }
    }

    /** The most popular items, best first; empty until the first successful refresh. */
    public List<Long> items() {
        return items;
    }
}
