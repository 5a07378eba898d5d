package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserActivityState;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Per user: the original feature value ({@code u:}, recent items, 5-minute category counts, last event time) and the
 * behaviour counts ({@code ua:}), both from the contract's state machines.
 */
public final class UserFeatureLogic implements FeatureLogic<ClickEvent, UserState> {

    /** Value bits: the original user value ({@code u:}) and the behaviour counts ({@code ua:}). */
    static final int USER = 1;
    static final int ACTIVITY = 2;

    private static final long serialVersionUID = 1L;
    /**
     * Both 5-minute windows (the exact category window of {@code u:} and the 10-second buckets of {@code ua:}) slide
     * on one 10-second grid: a value is at most 10 s late to drop an event, and one timer serves both.
     */
    private static final long FIVE_MINUTE_GRID_MS = 10_000L;
    private static final long FIVE_MINUTES_MS = FeatureNames.USER_CATEGORY_WINDOW.toMillis();
    private static final UserActivityState WINDOWS = new UserActivityState();

    private final RedisKeys keys;

    public UserFeatureLogic(String keyPrefix) {
        this.keys = new RedisKeys(keyPrefix);
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
    public long cleanupTime(long newestEventTime) {
        return UserActivityState.stateEnd(newestEventTime);
    }

    @Override
    public Duration stateTtl() {
        return FeatureNames.USER_ACTIVITY_24H_WINDOW.plus(FeatureNames.USER_ACTIVITY_24H_BUCKET);
    }

    @Override
    public int allValues() {
        return USER | ACTIVITY;
    }

    @Override
    public void apply(UserState s, ClickEvent e) {
        s.features.add(e);
        s.activity.add(e, s.clock);
    }

    @Override
    public void expiries(ClickEvent e, WindowTimer out) {
        long leaves = e.timestamp() + FIVE_MINUTES_MS;
        out.accept(0, Math.floorDiv(leaves + FIVE_MINUTE_GRID_MS - 1, FIVE_MINUTE_GRID_MS) * FIVE_MINUTE_GRID_MS);
        out.accept(1, WINDOWS.last1h.expiryOf(e.timestamp()));
        out.accept(2, WINDOWS.last24h.expiryOf(e.timestamp()));
    }

    @Override
    public int evict(UserState s, long asOf) {
        return (s.features.evictWindow(asOf) ? USER : 0) | (s.activity.evict(asOf) ? ACTIVITY : 0);
    }

    @Override
    public void values(long userId, UserState s, int values, long updatedAt, Consumer<RedisWrite> out) {
        if ((values & USER) != 0) {
            out.accept(RedisWrite.set(keys.user(userId),
                    FeatureCodec.encodeUser(s.features.snapshot(s.clock, updatedAt)),
                    FeatureNames.USER_KEY_TTL.toMillis()));
        }
        if ((values & ACTIVITY) != 0) {
            out.accept(RedisWrite.set(keys.userActivity(userId),
                    FeatureCodec.encodeUserActivity(s.activity.snapshot(s.clock, updatedAt)),
                    FeatureNames.USER_ACTIVITY_KEY_TTL.toMillis()));
        }
    }
}
