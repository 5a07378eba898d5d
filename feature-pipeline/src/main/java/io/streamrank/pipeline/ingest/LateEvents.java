package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets events through unless they are later than the allowed lateness behind the watermark: an event at or behind
 * the watermark but within {@code allowedLateness} still updates its windows (counted as
 * {@code streamrank_events_late_accepted}); anything older goes to {@link DecodeEvents#DEAD_LETTERS} with reason
 * {@code late_event} and is counted ({@code streamrank_events_late_dropped}). Never fails on input.
 *
 * <p>The watermark is this source subtask's, computed from the events before each one exactly as
 * {@link EventTimeWatermarks} computes it (newest event time - bound - 1). The newest event time is checkpointed, so
 * after a failure the records replayed from the checkpoint are judged against the same watermark as on the first run,
 * not against none: which events count as too late never depends on timing or restarts.
 */
public final class LateEvents extends ProcessFunction<ClickEvent, ClickEvent> implements CheckpointedFunction {

    public static final String REASON = "late_event";

    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMs;
    private final long allowedLatenessMs;
    private transient Counter lateDropped;
    private transient Counter lateAccepted;
    private transient ListState<Long> checkpointedMaxTimestamp;
    private transient volatile long maxTimestamp;

    public LateEvents(long outOfOrdernessMs, long allowedLatenessMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup();
        lateDropped = metrics.counter("streamrank_events_late_dropped");
        lateAccepted = metrics.counter("streamrank_events_late_accepted");
        // How far event time trails the wall clock at this source subtask (grows while the source is idle).
        metrics.gauge("streamrank_watermark_lag_ms", () -> maxTimestamp == Long.MIN_VALUE ? 0L
                : Math.max(0L, System.currentTimeMillis() - watermark()));
    }

    private long watermark() {
        long max = maxTimestamp;
        return max == Long.MIN_VALUE ? Long.MIN_VALUE : max - outOfOrdernessMs - 1;
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<ClickEvent> out) {
        long wm = watermark();
        long t = EventTimeWatermarks.capAtNow(e.timestamp());
        if (t > maxTimestamp) {
            maxTimestamp = t;
        }
        if (wm != Long.MIN_VALUE && e.timestamp() <= wm) {
            if (e.timestamp() < wm - allowedLatenessMs) {
                lateDropped.inc();
                ctx.output(DecodeEvents.DEAD_LETTERS, new DeadLetter(REASON, "timestamp",
                        "event is " + (wm - e.timestamp()) + " ms behind the watermark; at most "
                                + allowedLatenessMs + " ms are allowed",
                        new String(EventCodec.encode(e), StandardCharsets.UTF_8), System.currentTimeMillis()));
                return;
            }
            lateAccepted.inc();
        }
        out.collect(e);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedMaxTimestamp.update(List.of(maxTimestamp));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedMaxTimestamp = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("max-event-time", Long.class));
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (Long t : checkpointedMaxTimestamp.get()) {
            min = Math.min(min, t);
            any = true;
        }
        // After rescaling a subtask may get another subtask's entry: the smallest one is safe for all of them.
        maxTimestamp = any ? min : Long.MIN_VALUE;
    }
}
