package io.streamrank.pipeline.ingest;

import io.streamrank.contract.event.ClickEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded-out-of-orderness watermarks ({@code newest event time - bound - 1}) that advance on every event rather than
 * only on the periodic tick, plus idleness detection. Advancing per event makes the watermark at any record a function
 * of the records before it, so what counts as too late is the same on every run and after a restore (see
 * {@link LateEvents}); the watermark only moves when the newest time grows, so this costs one comparison per event.
 *
 * <p>An event stamped in the future (accepted up to the decoder's skew) counts only up to the wall clock: one producer
 * with a fast clock must not push the watermark ahead and make everyone else's events late.
 */
public final class EventTimeWatermarks implements WatermarkGenerator<ClickEvent> {

    private final long boundMs;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    EventTimeWatermarks(Duration bound) {
        this.boundMs = bound.toMillis();
    }

    /** Event time from {@link ClickEvent#timestamp()}; a source partition silent for {@code idleness} is skipped. */
    public static WatermarkStrategy<ClickEvent> strategy(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<ClickEvent> s = WatermarkStrategy
                .<ClickEvent>forGenerator(ctx -> new EventTimeWatermarks(outOfOrderness))
                .withTimestampAssigner((e, previous) -> e.timestamp());
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(ClickEvent event, long eventTimestamp, WatermarkOutput output) {
        long t = capAtNow(eventTimestamp);
        if (t > maxTimestamp) {
            maxTimestamp = t;
            emit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        emit(output);
    }

    /** The time an event advances event time to: its own, but never beyond the wall clock. */
    static long capAtNow(long eventTimestamp) {
        long now = System.currentTimeMillis();
        return eventTimestamp > now ? now : eventTimestamp;
    }

    private void emit(WatermarkOutput output) {
        if (maxTimestamp == Long.MIN_VALUE) {
            return;
        }
        long wm = maxTimestamp - boundMs - 1;
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
