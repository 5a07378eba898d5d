package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
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
    /** Per subtask: its index, the job's parallelism then, and the last watermark it saw. */
    private transient ListState<Tuple3<Integer, Integer, Long>> checkpointedWatermark;
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
        TaskInfo task = getRuntimeContext().getTaskInfo();
        checkpointedWatermark.update(List.of(Tuple3.of(task.getIndexOfThisSubtask(),
                task.getNumberOfParallelSubtasks(), watermark)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Union state: every subtask gets every subtask's entry. Restored at the same parallelism (the same partitions
        // read by the same subtask) a subtask takes its own, as on the first run. After a rescale it takes the
        // smallest, which is safe for whichever partitions it now reads: a split list had handed each subtask some
        // entries with no regard to its new partitions, and one could take a leading subtask's watermark and send a
        // lagging partition's backlog to the dead letters as late. (A savepoint from before this state restores with
        // no floor once: the old split list "watermark" is not read, the lenient side.)
        checkpointedWatermark = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
                "watermark-floor", Types.TUPLE(Types.INT, Types.INT, Types.LONG)));
        TaskInfo task = getRuntimeContext().getTaskInfo();
        Long own = null;
        long min = Long.MAX_VALUE;
        boolean any = false;
        boolean rescaled = false;
        for (Tuple3<Integer, Integer, Long> w : checkpointedWatermark.get()) {
            min = Math.min(min, w.f2);
            any = true;
            rescaled |= w.f1 != task.getNumberOfParallelSubtasks();
            if (w.f0 == task.getIndexOfThisSubtask()) {
                own = w.f2;
            }
        }
        floor = !any ? Long.MIN_VALUE : !rescaled && own != null ? own : min;
        watermark = floor;
    }
}
