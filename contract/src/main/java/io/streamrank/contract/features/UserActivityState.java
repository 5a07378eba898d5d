package io.streamrank.contract.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.function.LongConsumer;

/**
 * The per-user behaviour-count state machine behind {@link UserActivity}: events per behaviour over 5 min, 1 h and
 * 24 h, and interactions per category over 1 h, each a sliding window of time buckets. Shared by the Flink job and the
 * batch (point-in-time) path. A Flink POJO.
 */
public final class UserActivityState {

    private static final int TYPES = EventType.values().length;

    public SlidingCounts last5m = new SlidingCounts(FeatureNames.USER_ACTIVITY_5M_BUCKET,
            FeatureNames.USER_ACTIVITY_5M_WINDOW, TYPES);
    public SlidingCounts last1h = new SlidingCounts(FeatureNames.USER_ACTIVITY_1H_BUCKET,
            FeatureNames.USER_ACTIVITY_1H_WINDOW, TYPES);
    public SlidingCounts last24h = new SlidingCounts(FeatureNames.USER_ACTIVITY_24H_BUCKET,
            FeatureNames.USER_ACTIVITY_24H_WINDOW, TYPES);
    public KeyedSlidingCounts categories1h = new KeyedSlidingCounts(FeatureNames.USER_ACTIVITY_1H_BUCKET,
            FeatureNames.USER_ACTIVITY_1H_WINDOW);
    public long maxTimestamp;

    /** The longest window's shape, to compute when a user's state ends (counts nothing). */
    private static final SlidingCounts LONGEST = new SlidingCounts(FeatureNames.USER_ACTIVITY_24H_BUCKET,
            FeatureNames.USER_ACTIVITY_24H_WINDOW, 1);

    public UserActivityState() {
    }

    /**
     * Event time at which a user whose newest event is at {@code newestEventTime} has left every window: the job drops
     * the user's state then, and a later event starts the user over. The hour bucket makes that 23 to 24 hours after
     * the event; the trainer's replay applies the same rule, so a user returning within that hour is not trained with
     * history the service no longer has.
     */
    public static long stateEnd(long newestEventTime) {
        return LONGEST.expiryOf(newestEventTime);
    }

    /**
     * Applies one event, evaluated at {@code clock} (the newest time the caller's windows have reached, at least the
     * event's own time for on-time events): buckets that already left a window are not counted.
     */
    public void add(ClickEvent e, long clock) {
        maxTimestamp = Math.max(maxTimestamp, e.timestamp());
        int slot = e.type().code();
        last5m.add(e.timestamp(), slot, clock);
        last1h.add(e.timestamp(), slot, clock);
        last24h.add(e.timestamp(), slot, clock);
        if (e.type().isInteraction()) {
            categories1h.add(e.timestamp(), e.categoryId(), clock);
        }
    }

    /** Drops buckets that left their window at {@code asOf}; true if anything changed. */
    public boolean evict(long asOf) {
        boolean changed = last5m.evict(asOf);
        changed |= last1h.evict(asOf);
        changed |= last24h.evict(asOf);
        changed |= categories1h.evict(asOf);
        return changed;
    }

    /** The event times at which {@code e}'s buckets leave their windows (when the value must be rewritten). */
    public void expiriesOf(ClickEvent e, LongConsumer out) {
        out.accept(last5m.expiryOf(e.timestamp()));
        out.accept(last1h.expiryOf(e.timestamp()));
        out.accept(last24h.expiryOf(e.timestamp()));
    }

    public boolean isEmpty() {
        return last24h.isEmpty() && last1h.isEmpty() && last5m.isEmpty() && categories1h.isEmpty();
    }

    public UserActivity snapshot(long asOf, long updatedAt) {
        return new UserActivity(maxTimestamp, BehaviourCounts.of(last5m.sums(asOf)),
                BehaviourCounts.of(last1h.sums(asOf)), BehaviourCounts.of(last24h.sums(asOf)),
                categories1h.counts(asOf), asOf, updatedAt);
    }
}
