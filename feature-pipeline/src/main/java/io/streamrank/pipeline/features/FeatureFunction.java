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
 * value changes) and drop the state once the newest event has left the longest window. The pending flush is a timer
 * in checkpointed state, so a restore loses no write.
 */
public abstract class FeatureFunction<I, S extends FeatureState> extends KeyedProcessFunction<Long, I, RedisWrite> {

    private static final long serialVersionUID = 1L;

    private final FeatureLogic<I, S> logic;
    private final Class<S> stateClass;
    private final String stateName;
    private final long flushIntervalMs;
    private final boolean slideWrites;
    private transient ValueState<S> state;
    private transient Counter flushes;

    /**
     * @param slideWrites true: a value is rewritten whenever one of its windows slides past an event (exact sliding
     *                    windows in Redis); false: only when an event arrives (the value then shows the windows as of
     *                    its {@code asOf}; far fewer writes, timers and state accesses, see docs/features.md)
     */
    protected FeatureFunction(FeatureLogic<I, S> logic, Class<S> stateClass, String stateName,
                              Duration flushInterval, boolean slideWrites) {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive");
        }
        this.logic = logic;
        this.stateClass = stateClass;
        this.stateName = stateName;
        this.flushIntervalMs = flushInterval.toMillis();
        this.slideWrites = slideWrites;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<S> descriptor = new ValueStateDescriptor<>(stateName, stateClass);
        // Safety net behind the explicit cleanup timer (e.g. if timers are lost by a changed job graph).
        descriptor.enableTimeToLive(ttl(logic.stateTtl().multipliedBy(2)));
        state = getRuntimeContext().getState(descriptor);
        flushes = getRuntimeContext().getMetricGroup().counter("streamrank_feature_flushes");
    }

    @Override
    public void processElement(I input, Context ctx, Collector<RedisWrite> out) throws IOException {
        S s = state.value();
        long t = logic.eventTime(input);
        TimerService timers = ctx.timerService();
        if (s != null && t >= logic.cleanupTime(s.maxTimestamp)) {
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
        S state0 = s;
        // The longest window's timer of the newest event is also the key's cleanup timer (see onTimer).
        if (slideWrites) {
            logic.expiries(input, (window, time) -> register(state0, window, time, timers));
        } else {
            register(state0, 0, logic.cleanupTime(t), timers);
        }
        markDirty(s, t, logic.allValues(), timers, flushIntervalMs);
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
        if (timestamp >= logic.cleanupTime(s.maxTimestamp)) {
            expire(ctx.getCurrentKey(), s, timestamp, timers, out);
            state.clear();
            return;
        }
        s.clock = Math.max(s.clock, timestamp);
        int changed = logic.evict(s, s.clock);
        if (changed != 0) {
            markDirty(s, 0L, changed, timers, flushIntervalMs);
        }
        state.update(s);
    }

    /**
     * Registers a window timer unless the newest one of that window is already at that time (the common case for a
     * busy key, where Flink would only find the duplicate after a hash lookup). Older times are always registered.
     */
    static void register(FeatureState s, int window, long time, TimerService timers) {
        if (window >= s.windowTimers.length) {
            long[] grown = java.util.Arrays.copyOf(s.windowTimers, window + 1);
            java.util.Arrays.fill(grown, s.windowTimers.length, grown.length, Long.MIN_VALUE);
            s.windowTimers = grown;
        }
        if (time != s.windowTimers[window]) {
            if (time > s.windowTimers[window]) {
                s.windowTimers[window] = time;
            }
            timers.registerEventTimeTimer(time);
        }
    }

    /**
     * State TTL as a safety net behind the cleanup timers: checked lazily on access and dropped in full snapshots,
     * without the per-access incremental cleanup (which cost a third of the job's CPU in the benchmark). At least
     * {@link #MIN_SAFETY_NET}: Flink measures it in processing time from the last write, so state restored after an
     * outage longer than the TTL would read as expired although its events are still in their windows (duplicates
     * counted twice, session pairs lost); the event-time timers do the real cleanup.
     */
    public static StateTtlConfig ttl(Duration ttl) {
        Duration atLeast = ttl.compareTo(MIN_SAFETY_NET) < 0 ? MIN_SAFETY_NET : ttl;
        return StateTtlConfig.newBuilder(atLeast).disableCleanupInBackground().cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(10_000).build();
    }

    /** The shortest state TTL: longer than an outage the job is expected to be restored from. */
    public static final Duration MIN_SAFETY_NET = Duration.ofDays(7);

    /** The key has been idle for its TTL at {@code t}: writes what is still pending (e.g. the last bucket leaving). */
    private void expire(long key, S s, long t, TimerService timers, Collector<RedisWrite> out) {
        s.clock = Math.max(s.clock, t);
        s.dirtyValues |= logic.evict(s, s.clock);
        if (s.flushAt > 0) {
            timers.deleteProcessingTimeTimer(s.flushAt);
        }
        if (s.dirtyValues != 0) {
            flush(key, s, timers.currentProcessingTime(), out);
        }
    }

    /** Each write on its way out; returns it. The item operator marks its popularity writes with its job run. */
    protected RedisWrite stamp(RedisWrite w) {
        return w;
    }

    /**
     * Records that {@code values} changed (by an event at {@code eventTime}, or 0 for a slide) and makes sure a flush
     * timer is pending on the grid of {@code flushIntervalMs}.
     */
    static void markDirty(FeatureState s, long eventTime, int values, TimerService timers, long flushIntervalMs) {
        s.dirtyValues |= values;
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
        int values = s.dirtyValues | logic.evict(s, s.clock);
        long eventTime = s.pendingEventTime;
        logic.values(key, s, values, now, w -> out.collect(stamp(w.at(eventTime))));
        s.flushAt = 0;
        s.pendingEventTime = 0;
        s.dirtyValues = 0;
        flushes.inc();
    }
}
