package io.streamrank.contract.features;

/**
 * An item's behaviour counts and derived rates as stored in Redis under {@link RedisKeys#itemStats(long)}, next to
 * (not inside) the {@link ItemFeatures} value.
 *
 * @param categoryId category of the item (from its newest event)
 * @param last1h     events per behaviour in the hour up to {@code asOf} (1-minute buckets)
 * @param last24h    the same over 24 hours (1-hour buckets)
 * @param ctr        smoothed click-through rate over 24 h, see {@link ItemStatsState#ctr}
 * @param cvr        smoothed conversion rate (buys per click) over 24 h, see {@link ItemStatsState#cvr}
 * @param trending   interactions in the last 10 min against the hour's pace, see {@link ItemStatsState#trending}
 * @param asOf       event time the windows were evaluated at, epoch ms
 * @param updatedAt  wall-clock time the value was computed, epoch ms (feature age = now - updatedAt)
 */
public record ItemStats(long categoryId, BehaviourCounts last1h, BehaviourCounts last24h, double ctr, double cvr,
                        double trending, long asOf, long updatedAt) {

    public static final ItemStats MISSING = new ItemStats(0L, BehaviourCounts.ZERO, BehaviourCounts.ZERO,
            ItemStatsState.CTR_PRIOR, ItemStatsState.CVR_PRIOR, 0d, 0L, 0L);

    public boolean isMissing() {
        return categoryId == 0L;
    }

    /** How old this value is at wall-clock time {@code now}, in ms. */
    public long ageMs(long now) {
        return Math.max(0L, now - updatedAt);
    }
}
