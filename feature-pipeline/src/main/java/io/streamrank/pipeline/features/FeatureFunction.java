package io.streamrank.pipeline.features;

import io.streamrank.pipeline.redis.RedisWrite;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drives a {@link FeatureLogic} in a keyed stream: every input updates the key's state at once and marks the key
 * dirty; dirty keys write their absolute values on the next flush tick (a processing-time timer on a grid of
 * {@code flushInterval}), so a burst of events on one key costs one Redis write per tick while every change is visible
 * within about one tick plus the sink's round trip. Event-time timers slide the windows (and mark the key dirty when a
 * value changes) and drop the state once the key has been idle for the logic's TTL. The pending flush is a timer in
 * checkpointed state, so a restore loses no write.
 */
public abstract class FeatureFunction<I, S extends FeatureState> extends KeyedProcessFunction<Long, I, RedisWrite> {

    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000L;

    private final FeatureLogic<I, S> logic;
    private final Class<S> stateClass;
    private final String stateName;
    private final long flushIntervalMs;
    private transient ValueState<S> state;
    private transient Counter flushes;

    protected FeatureFunction(FeatureLogic<I, S> logic, Class<S> stateClass, String stateName,
                              Duration flushInterval) {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive");
        }
        this.logic = logic;
        this.stateClass = stateClass;
        this.stateName = stateName;
        this.flushIntervalMs = flushInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<S> descriptor = new ValueStateDescriptor<>(stateName, stateClass);
        // Safety net behind the explicit cleanup timer (e.g. if timers are lost by a changed job graph).
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(logic.stateTtl().multipliedBy(2)).build());
        state = getRuntimeContext().getState(descriptor);
        flushes = getRuntimeContext().getMetricGroup().counter("streamrank_feature_flushes");
    }

    @Override
    public void processElement(I input, Context ctx, Collector<RedisWrite> out) throws IOException {
        S s = state.value();
        long t = logic.eventTime(input);
        long ttl = logic.stateTtl().toMillis();
        TimerService timers = ctx.timerService();
        if (s != null && t >= s.maxTimestamp + ttl) {
            // Idle for its TTL but the cleanup timer has not fired yet: end it as the cleanup would, start over.
            expire(ctx.getCurrentKey(), s, t, timers, out);
            s = null;
        }
        if (s == null) {
            s = logic.newState();
        }
        s.maxTimestamp = Math.max(s.maxTimestamp, t);
        s.clock = Math.max(s.clock, t);
        logic.apply(s, input);
        logic.expiries(input, timers::registerEventTimeTimer);
        timers.registerEventTimeTimer(cleanupTime(t, ttl));
        markDirty(s, t, timers);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisWrite> out) throws IOException {
        S s = state.value();
        if (s == null) {
            return;
        }
        TimerService timers = ctx.timerService();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (s.flushAt > 0) {
                flush(ctx.getCurrentKey(), s, timers.currentProcessingTime(), out);
                state.update(s);
            }
            return;
        }
        if (timestamp >= s.maxTimestamp + logic.stateTtl().toMillis()) {
            expire(ctx.getCurrentKey(), s, timestamp, timers, out);
            state.clear();
            return;
        }
        s.clock = Math.max(s.clock, timestamp);
        if (logic.evict(s, s.clock)) {
            markDirty(s, 0L, timers);
        }
        state.update(s);
    }

    /**
     * When to check whether a key with an event at {@code t} has been idle for {@code ttlMs}: on a one-minute grid, so
     * a busy key has one pending cleanup timer per minute, not one per event.
     */
    public static long cleanupTime(long t, long ttlMs) {
        return Math.floorDiv(t, MINUTE) * MINUTE + MINUTE + ttlMs;
    }

    /** The key has been idle for its TTL at {@code t}: writes what is still pending (e.g. the last bucket leaving). */
    private void expire(long key, S s, long t, TimerService timers, Collector<RedisWrite> out) {
        s.clock = Math.max(s.clock, t);
        boolean changed = logic.evict(s, s.clock);
        if (s.flushAt > 0) {
            timers.deleteProcessingTimeTimer(s.flushAt);
        }
        if (s.flushAt > 0 || changed) {
            flush(key, s, timers.currentProcessingTime(), out);
        }
    }

    private void markDirty(S s, long eventTime, TimerService timers) {
        if (eventTime > 0 && (s.pendingEventTime == 0 || eventTime < s.pendingEventTime)) {
            s.pendingEventTime = eventTime;
        }
        if (s.flushAt == 0) {
            long now = timers.currentProcessingTime();
            s.flushAt = Math.floorDiv(now, flushIntervalMs) * flushIntervalMs + flushIntervalMs;
            timers.registerProcessingTimeTimer(s.flushAt);
        }
    }

    private void flush(long key, S s, long now, Collector<RedisWrite> out) {
        logic.evict(s, s.clock);
        long eventTime = s.pendingEventTime;
        logic.values(key, s, now, w -> out.collect(w.at(eventTime)));
        s.flushAt = 0;
        s.pendingEventTime = 0;
        flushes.inc();
    }
}
