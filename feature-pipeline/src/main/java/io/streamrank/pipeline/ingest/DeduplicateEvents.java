package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import io.streamrank.pipeline.features.FeatureFunction;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: drops an event whose {@code eventId} the user already sent within the retention (event time), so a
 * producer retry or a re-sent batch does not count twice ({@code streamrank_events_duplicate}). A user's first ids
 * are inline in its small {@link SeenEvents}, so an event of a user with few costs one value read and one write; past
 * {@link SeenEventIds#INLINE_IDS} they are in {@link SeenEventIds}' map, one slot of a few ids read and written per
 * event (ADR 80). State is cleared by an event-time timer once the user has been silent for the retention, with a
 * processing-time TTL as a safety net.
 */
public final class DeduplicateEvents extends KeyedProcessFunction<Long, ClickEvent, ClickEvent> {

    private static final long serialVersionUID = 1L;
    private final Duration retention;
    private final long retentionMs;
    private transient ValueState<SeenEvents> seen;
    private transient SeenEventIds ids;
    private transient Counter duplicates;
    private transient Counter unique;

    public DeduplicateEvents(Duration retention) {
        this.retention = retention;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(seenState(retentionMs));
        ids = new SeenEventIds(getRuntimeContext().getMapState(idsState(retentionMs)), retentionMs);
        duplicates = getRuntimeContext().getMetricGroup().counter("streamrank_events_duplicate");
        unique = getRuntimeContext().getMetricGroup().counter("streamrank_events_unique");
    }

    static ValueStateDescriptor<SeenEvents> seenState(long retentionMs) {
        ValueStateDescriptor<SeenEvents> d = new ValueStateDescriptor<>("seen-events", SeenEvents.class);
        d.enableTimeToLive(ttl(retentionMs));
        return d;
    }

    static MapStateDescriptor<Integer, long[]> idsState(long retentionMs) {
        MapStateDescriptor<Integer, long[]> d = SeenEventIds.descriptor("seen-event-ids-by-slot");
        d.enableTimeToLive(ttl(retentionMs));
        return d;
    }

    /** Safety net behind the cleanup timer; on the map it applies to each slot. */
    private static StateTtlConfig ttl(long retentionMs) {
        return FeatureFunction.ttl(Duration.ofMillis(retentionMs).plusHours(1));
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<ClickEvent> out) throws Exception {
        SeenEvents s = seen.value();
        if (s == null) {
            s = SeenEvents.newUser();
        }
        if (!ids.add(s, SeenEvents.hash(e.eventId()), e.timestamp())) {
            duplicates.inc();
            return;
        }
        // On the contract's 10-minute grid, which the trainer's replay forgets users by (ADR 81): a user has one timer
        // pending at a time, re-registered only as it moves.
        long cleanup = EventAdmission.dedupForgetsAt(e.timestamp(), retention);
        if (cleanup > s.cleanupTimer) {
            s.cleanupTimer = cleanup;
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        seen.update(s);
        unique.inc();
        out.collect(e);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClickEvent> out) throws Exception {
        SeenEvents s = seen.value();
        if (s != null && timestamp > s.maxTimestamp + retentionMs) {
            ids.clear(s);
            seen.clear();
        }
    }
}
