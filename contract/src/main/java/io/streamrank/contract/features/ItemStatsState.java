package io.streamrank.contract.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.function.LongConsumer;

/**
 * The per-item state machine behind {@link ItemStats}: events per behaviour over 1 h (1-minute buckets) and 24 h
 * (1-hour buckets), from which smoothed CTR/CVR and a trending score are derived. Shared by the Flink job and the batch
 * (point-in-time) path. A Flink POJO.
 */
public final class ItemStatsState {

    /** CTR of an item nobody has seen yet, and how many impressions of evidence it weighs. */
    public static final double CTR_PRIOR = 0.05;
    public static final double CTR_PRIOR_WEIGHT = 20d;
    /** Buys per click of an unknown item, and how many clicks of evidence it weighs. */
    public static final double CVR_PRIOR = 0.02;
    public static final double CVR_PRIOR_WEIGHT = 50d;
    /** The recent span the trending score compares with the hour's average pace. */
    public static final long TRENDING_SPAN_MS = 10 * 60_000L;

    private static final int TYPES = EventType.values().length;

    public SlidingCounts last1h = new SlidingCounts(FeatureNames.ITEM_STATS_1H_BUCKET,
            FeatureNames.ITEM_STATS_1H_WINDOW, TYPES);
    public SlidingCounts last24h = new SlidingCounts(FeatureNames.ITEM_STATS_24H_BUCKET,
            FeatureNames.ITEM_STATS_24H_WINDOW, TYPES);
    public long categoryId;
    public long maxTimestamp;

    public ItemStatsState() {
    }

    /** Applies one event evaluated at {@code clock}; see {@link UserActivityState#add}. */
    public void add(ClickEvent e, long clock) {
        // The newest event names the category; ties go to the larger id so that arrival order never matters.
        if (e.timestamp() > maxTimestamp || (e.timestamp() == maxTimestamp && e.categoryId() > categoryId)) {
            categoryId = e.categoryId();
        }
        maxTimestamp = Math.max(maxTimestamp, e.timestamp());
        last1h.add(e.timestamp(), e.type().code(), clock);
        last24h.add(e.timestamp(), e.type().code(), clock);
    }

    public boolean evict(long asOf) {
        boolean changed = last1h.evict(asOf);
        changed |= last24h.evict(asOf);
        return changed;
    }

    public void expiriesOf(ClickEvent e, LongConsumer out) {
        out.accept(last1h.expiryOf(e.timestamp()));
        out.accept(last24h.expiryOf(e.timestamp()));
    }

    public boolean isEmpty() {
        return last1h.isEmpty() && last24h.isEmpty();
    }

    public ItemStats snapshot(long asOf, long updatedAt) {
        BehaviourCounts h1 = BehaviourCounts.of(last1h.sums(asOf));
        BehaviourCounts h24 = BehaviourCounts.of(last24h.sums(asOf));
        int recent = 0;
        for (EventType t : EventType.values()) {
            if (t.isInteraction()) {
                recent += last1h.sumSince(t.code(), asOf, TRENDING_SPAN_MS);
            }
        }
        return new ItemStats(categoryId, h1, h24, ctr(h24), cvr(h24), trending(recent, h1.interactions()), asOf,
                updatedAt);
    }

    /**
     * Bayesian-smoothed click-through rate {@code (clicks + w·prior) / (max(impressions, clicks) + w)}. Impressions
     * are floored at clicks because some sources (e.g. Taobao page views) log clicks without impressions.
     */
    public static double ctr(BehaviourCounts c) {
        return (c.clicks() + CTR_PRIOR_WEIGHT * CTR_PRIOR) / (Math.max(c.impressions(), c.clicks()) + CTR_PRIOR_WEIGHT);
    }

    /** Bayesian-smoothed conversion rate {@code (buys + w·prior) / (clicks + w)}. */
    public static double cvr(BehaviourCounts c) {
        return (c.buys() + CVR_PRIOR_WEIGHT * CVR_PRIOR) / (c.clicks() + CVR_PRIOR_WEIGHT);
    }

    /**
     * How far the last 10 minutes run ahead of the hour's average pace, in Poisson standard deviations:
     * {@code (recent - hour/6) / sqrt(hour/6 + 1)}. Positive while an item heats up, negative while it cools down;
     * grows with volume, so one click on a cold item does not top the list.
     */
    public static double trending(int recent10m, int hour) {
        double expected = hour * (TRENDING_SPAN_MS / 3_600_000d);
        return (recent10m - expected) / Math.sqrt(expected + 1d);
    }
}
