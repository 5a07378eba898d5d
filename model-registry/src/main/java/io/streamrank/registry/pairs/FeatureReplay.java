package io.streamrank.registry.pairs;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatureState;
import io.streamrank.contract.features.UserFeatures;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user and per-item feature state, advanced one event at a time with the contract's state machines: the very code
 * the Flink job runs, so a training row is what the ranking service would have read from Redis at that moment.
 */
public final class FeatureReplay {

    private final Map<Long, UserFeatureState> users = new HashMap<>();
    private final Map<Long, ItemFeatureState> items = new HashMap<>();

    /** The user's features as of event time {@code t}, from the events applied so far. */
    public UserFeatures user(long userId, long t) {
        UserFeatureState s = users.get(userId);
        return s == null ? UserFeatures.EMPTY : s.snapshot(t, t);
    }

    /** The item's features as of event time {@code t}; {@link ItemFeatures#MISSING} for an item never seen. */
    public ItemFeatures item(long itemId, long t) {
        ItemFeatureState s = items.get(itemId);
        return s == null ? ItemFeatures.MISSING : s.snapshot(t, t);
    }

    public void apply(ClickEvent e) {
        users.computeIfAbsent(e.userId(), id -> new UserFeatureState()).add(e);
        items.computeIfAbsent(e.itemId(), id -> new ItemFeatureState()).add(e);
    }
}
