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
 * <p>The watermark is the source's (the minimum over the partitions this subtask reads, see
 * {@link EventTimeWatermarks}). The last one seen is checkpointed and serves as a floor after a restore, so the records
 * replayed from the checkpoint are judged against (nearly) the same watermark as on the first run instead of against
 * none until the source has re-established it.
 */
public final class LateEvents extends ProcessFunction<ClickEvent, ClickEvent> implements CheckpointedFunction {

    public static final String REASON = "late_event";

    private static final long serialVersionUID = 1L;

    private final long allowedLatenessMs;
    private transient Counter lateDropped;
    private transient Counter lateAccepted;
    private transient ListState<Long> checkpointedWatermark;
    private transient long floor;
    private transient volatile long watermark;

    public LateEvents(long allowedLatenessMs) {
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup();
        lateDropped = metrics.counter("streamrank_events_late_dropped");
        lateAccepted = metrics.counter("streamrank_events_late_accepted");
        // How far event time trails the wall clock at this source subtask (grows while the source is idle).
        metrics.gauge("streamrank_watermark_lag_ms", () -> watermark == Long.MIN_VALUE ? 0L
                : Math.max(0L, System.currentTimeMillis() - watermark));
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<ClickEvent> out) {
        long wm = Math.max(ctx.timerService().currentWatermark(), floor);
        watermark = wm;
        if (wm != Long.MIN_VALUE && e.timestamp() <= wm) {
            if (e.timestamp() < wm - allowedLatenessMs) {
                lateDropped.inc();
                DeadLetter dead = new DeadLetter(REASON, "timestamp",
                        "event is " + (wm - e.timestamp()) + " ms behind the watermark; at most "
                                + allowedLatenessMs + " ms are allowed",
                        new String(EventCodec.encode(e), StandardCharsets.UTF_8), System.currentTimeMillis());
                // The clickstream's key (the user id, as the ingest endpoint sends it): the record's own key is not
                // carried past decoding, and a replayed late event should land in its user's partition.
                dead.key = Long.toString(e.userId()).getBytes(StandardCharsets.UTF_8);
                ctx.output(DecodeEvents.DEAD_LETTERS, dead);
                return;
            }
            lateAccepted.inc();
        }
        out.collect(e);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedWatermark.update(List.of(watermark));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Union state: after a rescale every subtask gets every subtask's last watermark, and the smallest is safe for
        // whichever partitions it now reads. A split list handed each subtask some entries with no regard to its new
        // partitions: one could take a leading subtask's watermark and send a lagging partition's backlog to the dead
        // letters as late. (A new name: state of the old split list "watermark" in a savepoint is left unread, so
        // the first restore after this change judges with no floor, the lenient side.)
        checkpointedWatermark = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("watermark-floor", Long.class));
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (Long w : checkpointedWatermark.get()) {
            min = Math.min(min, w);
            any = true;
        }
        floor = any ? min : Long.MIN_VALUE;
        watermark = floor;
    }
}
