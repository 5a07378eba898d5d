package io.streamrank.pipeline.features;

import io.streamrank.contract.features.CoVisitState;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: co-visit counts per neighbour over 24 h, written as the sorted set {@code cv:<item>} of the
 * {@link FeatureNames#COVISIT_MAX_NEIGHBOURS} strongest neighbours scored by count; every write replaces the whole set
 * atomically, so Redis holds exactly the current top list whatever writes were lost or repeated before.
 *
 * <p>It follows {@link FeatureFunction}'s protocol (a co-visit marks the item dirty, a flush tick on the grid of
 * {@code flushInterval} writes it, the window timer of the newest bucket slides the window and, once the newest
 * co-visit has left it, ends the item; the pending flush is a timer in checkpointed state, so a restore loses no
 * write), with its state split in two (ADR 80): the small {@link CoVisitItemState}, which also holds a cold item's
 * few neighbours inline, and, once an item has more, {@link CoVisitNeighbours}' map, one slot of a few neighbours read
 * and written per co-visit. One {@code ValueState} holding the contract's {@link CoVisitState} was read, copied and
 * (with RocksDB) serialised whole on every co-visit: hundreds of KB for a hot item. Two states for every item made a
 * cold one (most are) pay a second state access per co-visit; inline it pays one, as before.
 */
public final class CoVisitFunction extends KeyedProcessFunction<Long, CoVisit, RedisWrite> {

    private static final long serialVersionUID = 1L;
    /** Safety net behind the cleanup timer, as FeatureFunction's; on the map it applies to each slot. */
    private static final StateTtlConfig TTL =
            FeatureFunction.ttl(FeatureNames.COVISIT_WINDOW.plus(FeatureNames.COVISIT_BUCKET).multipliedBy(2));

    private final RedisKeys keys;
    private final long flushIntervalMs;
    private transient ValueState<CoVisitItemState> items;
    private transient CoVisitNeighbours neighbours;
    private transient Counter flushes;

    /**
     * @param slideWrites accepted for symmetry with the other feature operators; co-visitation has one window, whose
     *                    timer is also the item's cleanup, so it registers the same timers either way
     */
    public CoVisitFunction(String keyPrefix, Duration flushInterval, boolean slideWrites) {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive");
        }
        this.keys = new RedisKeys(keyPrefix);
        this.flushIntervalMs = flushInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        items = getRuntimeContext().getState(itemState());
        neighbours = new CoVisitNeighbours(getRuntimeContext().getMapState(neighboursState()));
        flushes = getRuntimeContext().getMetricGroup().counter("streamrank_feature_flushes");
    }

    static ValueStateDescriptor<CoVisitItemState> itemState() {
        ValueStateDescriptor<CoVisitItemState> d = new ValueStateDescriptor<>("covisit-item", CoVisitItemState.class);
        d.enableTimeToLive(TTL);
        return d;
    }

    static MapStateDescriptor<Integer, long[]> neighboursState() {
        MapStateDescriptor<Integer, long[]> d = CoVisitNeighbours.descriptor("covisit-neighbours-by-slot");
        d.enableTimeToLive(TTL);
        return d;
    }

    @Override
    public void processElement(CoVisit v, Context ctx, Collector<RedisWrite> out) throws Exception {
        CoVisitItemState s = items.value();
        long t = v.timestamp;
        TimerService timers = ctx.timerService();
        if (s != null && t >= CoVisitState.expiryOf(s.maxTimestamp)) {
            // Idle for the window but the cleanup timer has not fired yet: end it as the cleanup would, start over.
            expire(ctx.getCurrentKey(), s, t, timers, out);
            neighbours.clear(s);
            s = null;
        }
        if (s == null) {
            s = CoVisitItemState.newItem();
        }
        s.maxTimestamp = Math.max(s.maxTimestamp, t);
        s.clock = Math.max(s.clock, t);
        neighbours.add(s, v.neighbour, t);
        // The newest bucket's window timer is also the item's cleanup timer (see onTimer).
        FeatureFunction.register(s, 0, CoVisitState.expiryOf(t), timers);
        FeatureFunction.markDirty(s, t, 1, timers, flushIntervalMs);
        items.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisWrite> out) throws Exception {
        CoVisitItemState s = items.value();
        if (s == null) {
            return;
        }
        TimerService timers = ctx.timerService();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (s.flushAt > 0) {
                flush(ctx.getCurrentKey(), s, out);
                items.update(s);
            }
            return;
        }
        if (timestamp >= CoVisitState.expiryOf(s.maxTimestamp)) {
            expire(ctx.getCurrentKey(), s, timestamp, timers, out);
            neighbours.clear(s);
            items.clear();
            return;
        }
        s.clock = Math.max(s.clock, timestamp);
        if (neighbours.evict(s, s.clock)) {
            FeatureFunction.markDirty(s, 0L, 1, timers, flushIntervalMs);
        }
        items.update(s);
    }

    /**
     * The item has been idle for the window at {@code t}: every bucket has left it, so the list is empty. It is
     * written if anything was left to drop or a write is pending, without reading the map (the caller clears it).
     */
    private void expire(long item, CoVisitItemState s, long t, TimerService timers, Collector<RedisWrite> out) {
        s.clock = Math.max(s.clock, t);
        if (s.tracked > 0) {
            s.dirtyValues |= 1;
        }
        if (s.flushAt > 0) {
            timers.deleteProcessingTimeTimer(s.flushAt);
        }
        if (s.dirtyValues != 0) {
            write(item, s, new String[0], new double[0], out);
        }
    }

    private void flush(long item, CoVisitItemState s, Collector<RedisWrite> out) throws Exception {
        List<String> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        neighbours.top(s, s.clock, FeatureNames.COVISIT_MAX_NEIGHBOURS, (nb, count) -> {
            members.add(Long.toString(nb));
            scores.add((double) count);
        });
        write(item, s, members.toArray(new String[0]), scores.stream().mapToDouble(Double::doubleValue).toArray(), out);
    }

    private void write(long item, CoVisitItemState s, String[] members, double[] scores, Collector<RedisWrite> out) {
        out.collect(RedisWrite.zreplace(keys.coVisitation(item), members, scores,
                FeatureNames.COVISIT_KEY_TTL.toMillis()).at(s.pendingEventTime));
        s.flushAt = 0;
        s.pendingEventTime = 0;
        s.dirtyValues = 0;
        flushes.inc();
    }
}
