package io.streamrank.contract.features;

import java.util.List;
import java.util.Map;

/**
 * A user's live features as stored in Redis.
 *
 * @param recent           last interactions, newest first, at most {@link FeatureNames#RECENT_ITEMS_MAX}
 * @param categoryCounts5m interactions per category in the 5 minutes up to {@code asOf}
 * @param lastEventAt      event time of the newest event, epoch ms
 * @param asOf             event time the windowed values are computed for, epoch ms
 * @param updatedAt        wall-clock time the value was computed, epoch ms (freshness)
 */
public record UserFeatures(List<RecentItem> recent, Map<Long, Integer> categoryCounts5m, long lastEventAt,
                           long asOf, long updatedAt) {

    public static final UserFeatures EMPTY = new UserFeatures(List.of(), Map.of(), 0L, 0L, 0L);

    public UserFeatures {
        recent = List.copyOf(recent);
        categoryCounts5m = Map.copyOf(categoryCounts5m);
    }

    public int categoryCount5m(long categoryId) {
        return categoryCounts5m.getOrDefault(categoryId, 0);
    }
}
