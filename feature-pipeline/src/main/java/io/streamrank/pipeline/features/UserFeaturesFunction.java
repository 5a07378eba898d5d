package io.streamrank.pipeline.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatureState;
import io.streamrank.pipeline.redis.RedisWrite;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps the user's {@link UserFeatureState} and writes the user's feature value to Redis on every event
 * (so it is visible within the sink's latency, not when a window closes) and again when an event-time timer slides
 * the 5-minute window past an old entry. State is cleared once the user has been idle for the key's TTL.
 */
public final class UserFeaturesFunction extends KeyedProcessFunction<Long, ClickEvent, RedisWrite> {

    private static final long serialVersionUID = 1L;
    private static final long TTL_MS = FeatureNames.USER_KEY_TTL.toMillis();

    private final String keyPrefix;
    private transient RedisKeys keys;
    private transient ValueState<UserFeatureState> state;

    public UserFeaturesFunction(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    @Override
    public void open(OpenContext openContext) {
        keys = new RedisKeys(keyPrefix);
        ValueStateDescriptor<UserFeatureState> descriptor =
                new ValueStateDescriptor<>("user-features", UserFeatureState.class);
        // Safety net behind the explicit cleanup timer (e.g. if timers are lost by a changed job graph).
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(FeatureNames.USER_KEY_TTL.multipliedBy(2)).build());
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ClickEvent event, Context ctx, Collector<RedisWrite> out) throws IOException {
        UserFeatureState s = state.value();
        if (s == null) {
            s = new UserFeatureState();
        }
        s.add(event);
        state.update(s);
        out.collect(write(event.userId(), s, s.maxTimestamp));
        scheduleTimers(ctx.timerService(), s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisWrite> out) throws IOException {
        UserFeatureState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp >= s.maxTimestamp + TTL_MS) {
            state.clear();
            return;
        }
        if (s.evictWindow(timestamp)) {
            state.update(s);
            out.collect(write(ctx.getCurrentKey(), s, timestamp));
        }
        scheduleTimers(ctx.timerService(), s);
    }

    private RedisWrite write(long userId, UserFeatureState s, long asOf) {
        String value = FeatureCodec.encodeUser(s.snapshot(asOf, System.currentTimeMillis()));
        return RedisWrite.set(keys.user(userId), value, TTL_MS);
    }

    private static void scheduleTimers(org.apache.flink.streaming.api.TimerService timers, UserFeatureState s) {
        long expiry = s.nextWindowExpiry();
        if (expiry > 0) {
            timers.registerEventTimeTimer(expiry);
        }
        timers.registerEventTimeTimer(s.maxTimestamp + TTL_MS);
    }
}
