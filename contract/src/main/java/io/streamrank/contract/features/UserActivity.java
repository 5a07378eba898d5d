package io.streamrank.contract.features;

import java.util.Map;

/**
 * A user's behaviour counts as stored in Redis under {@link RedisKeys#userActivity(long)}, next to (not inside) the
 * {@link UserFeatures} value, so readers of the older value are unaffected.
 *
 * @param lastEventAt       event time of the user's newest event, epoch ms
 * @param last5m            events per behaviour in the 5 minutes up to {@code asOf} (10-second buckets)
 * @param last1h            the same over 1 hour (1-minute buckets)
 * @param last24h           the same over 24 hours (1-hour buckets)
 * @param categoryCounts1h  interactions (impressions excluded) per category over 1 hour (1-minute buckets)
 * @param asOf              event time the windows were evaluated at, epoch ms
 * @param updatedAt         wall-clock time the value was computed, epoch ms (feature age = now - updatedAt)
 */
public record UserActivity(long lastEventAt, BehaviourCounts last5m, BehaviourCounts last1h, BehaviourCounts last24h,
                           Map<Long, Integer> categoryCounts1h, long asOf, long updatedAt) {

    public static final UserActivity EMPTY = new UserActivity(0L, BehaviourCounts.ZERO, BehaviourCounts.ZERO,
            BehaviourCounts.ZERO, Map.of(), 0L, 0L);

    public UserActivity {
        categoryCounts1h = Map.copyOf(categoryCounts1h);
    }

    public int categoryCount1h(long categoryId) {
        return categoryCounts1h.getOrDefault(categoryId, 0);
    }

    /** How old this value is at wall-clock time {@code now}, in ms. */
    public long ageMs(long now) {
        return Math.max(0L, now - updatedAt);
    }
}
