package io.streamrank.pipeline.batch;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.pipeline.features.FeatureLogic;
import io.streamrank.pipeline.features.FeatureState;
import io.streamrank.pipeline.redis.RedisWrite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Replays one key's recorded events through a streaming {@link FeatureLogic} in event-time order and emits, for every
 * event, the key's values as they stood just before it (evaluated at the event's time, from earlier events only: no
 * leakage from the future), and once at the end the key's values at the cut-off time {@code asOf}: what Redis would
 * hold once the streaming job's watermark has reached {@code asOf}. Window timers are replayed as the streaming
 * operator fires them (every expiry and cleanup time up to the cut-off), so both paths evaluate the windows at the same
 * times. Only {@code SET} values are emitted (per-key features, not the popularity sets).
 *
 * <p>The key's events are buffered until the end of its input (in BATCH execution one key at a time), then sorted by
 * (time, event id); ties within one millisecond of one key may thus order differently than in the stream.
 */
public final class PointInTimeFeatures<S extends FeatureState> extends KeyedProcessFunction<Long, ClickEvent, FeatureRow> {

    private static final long serialVersionUID = 1L;

    private final FeatureLogic<ClickEvent, S> logic;
    private final long asOf;
    private transient ListState<ClickEvent> events;

    /** @param asOf cut-off event time of the final values; {@code Long.MAX_VALUE} evaluates each key at its last event */
    public PointInTimeFeatures(FeatureLogic<ClickEvent, S> logic, long asOf) {
        this.logic = logic;
        this.asOf = asOf;
    }

    @Override
    public void open(OpenContext openContext) {
        events = getRuntimeContext().getListState(
                new ListStateDescriptor<>("events", TypeInformation.of(ClickEvent.class)));
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<FeatureRow> out) throws Exception {
        events.add(e);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureRow> out) throws Exception {
        List<ClickEvent> sorted = new ArrayList<>();
        events.get().forEach(sorted::add);
        events.clear();
        sorted.sort(Comparator.comparingLong(ClickEvent::timestamp).thenComparing(ClickEvent::eventId));
        long key = ctx.getCurrentKey();
        // Without a cut-off each key is evaluated at its last event: no window timer after it counts.
        long cutoff = asOf == Long.MAX_VALUE ? Long.MIN_VALUE : asOf;
        S s = null;
        long[] lastTimer = {Long.MIN_VALUE};
        for (ClickEvent e : sorted) {
            long t = e.timestamp();
            if (s != null && t >= logic.cleanupTime(s.maxTimestamp)) {
                s = null;
            }
            if (s != null) {
                s.clock = Math.max(s.clock, t);
                logic.evict(s, s.clock);
                emit(FeatureRow.POINT_IN_TIME, e.eventId(), t, key, s, out);
            } else {
                s = logic.newState();
            }
            s.maxTimestamp = Math.max(s.maxTimestamp, t);
            s.clock = Math.max(s.clock, t);
            logic.apply(s, e);
            logic.expiries(e, (window, x) -> lastTimer[0] = x <= cutoff ? Math.max(lastTimer[0], x) : lastTimer[0]);
        }
        if (s != null) {
            s.clock = Math.max(s.clock, lastTimer[0]);
            logic.evict(s, s.clock);
            emit(FeatureRow.FINAL, "", s.clock, key, s, out);
        }
    }

    private void emit(String kind, String eventId, long t, long key, S s, Collector<FeatureRow> out) {
        // Stamped with the evaluation time, not the wall clock, so the output is reproducible.
        logic.values(key, s, logic.allValues(), s.clock, (RedisWrite w) -> {
            if (w.op == RedisWrite.Op.SET) {
                out.collect(new FeatureRow(kind, eventId, t, w.key, w.value));
            }
        });
    }
}
