package io.streamrank.registry.pairs;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserActivityState;
import io.streamrank.contract.features.UserFeatureState;
import io.streamrank.contract.features.UserFeatures;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user and per-item feature state, advanced one event at a time with the contract's state machines: the very code
 * the Flink job runs, so a training row is what the ranking service would have read from Redis at that moment. That
 * includes how long a value is there to read: a user's value is gone {@link FeatureNames#USER_KEY_TTL} after the
 * user's last event (key TTL, the service's {@code user-max-age}) and the user starts over once the job drops the
 * state ({@link UserActivityState#stateEnd}, 23 to 24 h after the last event), an item's
 * {@link FeatureNames#ITEM_KEY_TTL} after its last write (key TTL, {@code item-max-age}). Without those limits a
 * returning user was trained with history the service no longer has, and every trained item "had features". It
 * applies what it is given: the late events and repeated event ids the job drops are dropped before, where the
 * events are read ({@code EventLog}, ADR 81).
 */
public final class FeatureReplay {

    private static final long USER_GONE_MS = FeatureNames.USER_KEY_TTL.toMillis();
    private static final long ITEM_GONE_MS = FeatureNames.ITEM_KEY_TTL.toMillis();
    private static final long CLICK_WINDOW_MS = FeatureNames.ITEM_CLICK_WINDOW.toMillis();

    private final Map<Long, UserFeatureState> users = new HashMap<>();
    private final Map<Long, ItemFeatureState> items = new HashMap<>();

    /** The user's features as the service reads them at event time {@code t}, from the events applied so far. */
    public UserFeatures user(long userId, long t) {
        UserFeatureState s = users.get(userId);
        return s == null || t - s.maxTimestamp >= USER_GONE_MS ? UserFeatures.EMPTY : s.snapshot(t, t);
    }

    /**
     * The item's features as the service reads them at event time {@code t}: {@link ItemFeatures#MISSING} for an
     * item never seen or whose value has expired since its last write.
     */
    public ItemFeatures item(long itemId, long t) {
        ItemFeatureState s = items.get(itemId);
        return s == null || t - lastWrite(s) >= ITEM_GONE_MS ? ItemFeatures.MISSING : s.snapshot(t, t);
    }

    /** Whether any event of the item was applied: a trained embedding row, whatever its features. */
    public boolean seen(long itemId) {
        return items.containsKey(itemId);
    }

    public void apply(ClickEvent e) {
        UserFeatureState u = users.get(e.userId());
        if (u == null || e.timestamp() >= UserActivityState.stateEnd(u.maxTimestamp)) {
            // The job has dropped the idle user's state by then (23 to 24 h after the newest event, on the hour): the
            // user starts over, as in Redis.
            u = new UserFeatureState();
            users.put(e.userId(), u);
        }
        u.add(e);
        items.computeIfAbsent(e.itemId(), id -> new ItemFeatureState()).add(e);
    }

    /**
     * When the job last wrote the item's value: at its newest event, or when its newest click's minute left the hour
     * (the window slides and the value is rewritten with the lower count), whichever is later.
     */
    private static long lastWrite(ItemFeatureState s) {
        long write = s.maxTimestamp;
        if (s.bucketStarts.length > 0) {
            write = Math.max(write, s.bucketStarts[s.bucketStarts.length - 1] + CLICK_WINDOW_MS);
        }
        return write;
    }
}
