package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserActivityState;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Per user: the original feature value ({@code u:}, recent items, 5-minute category counts, last event time) and the
 * behaviour counts ({@code ua:}), both from the contract's state machines.
 */
public final class UserFeatureLogic implements FeatureLogic<ClickEvent, UserState> {

    private static final long serialVersionUID = 1L;
    /** The exact 5-minute category window slides on a 10-second grid: at most 10 s late, far fewer timers. */
    private static final long CATEGORY_WINDOW_GRID_MS = 10_000L;
    private static final long CATEGORY_WINDOW_MS = FeatureNames.USER_CATEGORY_WINDOW.toMillis();
    private static final UserActivityState WINDOWS = new UserActivityState();

    private final String keyPrefix;
    private transient RedisKeys keys;

    public UserFeatureLogic(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    private RedisKeys keys() {
        if (keys == null) {
            keys = new RedisKeys(keyPrefix);
        }
        return keys;
    }

    @Override
    public UserState newState() {
        return new UserState();
    }

    @Override
    public long eventTime(ClickEvent e) {
        return e.timestamp();
    }

    @Override
    public Duration stateTtl() {
        return FeatureNames.USER_ACTIVITY_24H_WINDOW.plus(FeatureNames.USER_ACTIVITY_24H_BUCKET);
    }

    @Override
    public void apply(UserState s, ClickEvent e) {
        s.features.add(e);
        s.activity.add(e, s.clock);
    }

    @Override
    public void expiries(ClickEvent e, LongConsumer out) {
        if (e.type().isInteraction()) {
            long leaves = e.timestamp() + CATEGORY_WINDOW_MS;
            out.accept(Math.floorDiv(leaves + CATEGORY_WINDOW_GRID_MS - 1, CATEGORY_WINDOW_GRID_MS)
                    * CATEGORY_WINDOW_GRID_MS);
        }
        WINDOWS.expiriesOf(e, out);
    }

    @Override
    public boolean evict(UserState s, long asOf) {
        boolean changed = s.features.evictWindow(asOf);
        changed |= s.activity.evict(asOf);
        return changed;
    }

    @Override
    public void values(long userId, UserState s, long updatedAt, Consumer<RedisWrite> out) {
        out.accept(RedisWrite.set(keys().user(userId),
                FeatureCodec.encodeUser(s.features.snapshot(s.clock, updatedAt)),
                FeatureNames.USER_KEY_TTL.toMillis()));
        out.accept(RedisWrite.set(keys().userActivity(userId),
                FeatureCodec.encodeUserActivity(s.activity.snapshot(s.clock, updatedAt)),
                FeatureNames.USER_ACTIVITY_KEY_TTL.toMillis()));
    }
}
