package io.streamrank.pipeline.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded-out-of-orderness watermarks ({@code newest event time - bound - 1}) with idleness, applied in the Kafka
 * source so that every partition (split) has its own generator and the source emits the minimum over its partitions:
 * one partition read ahead of another (normal when a backlog is caught up) never makes the other's events late.
 *
 * <p>The generator advances on every event rather than only on the periodic tick, and Flink forwards per-event split
 * watermarks immediately, so the watermark at any record is a function of the records read before it (what counts as
 * too late does not depend on timing when a subtask reads one partition); it only moves when the newest time grows.
 * An event stamped in the future counts only up to the wall clock, so one producer with a fast clock cannot push the
 * watermark ahead and make everyone else's events late.
 */
public final class EventTimeWatermarks<T> implements WatermarkGenerator<T> {

    private final long boundMs;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    EventTimeWatermarks(Duration bound) {
        this.boundMs = bound.toMillis();
    }

    /** For the raw Kafka record values: event time read by {@link EventTimestamps}. */
    public static WatermarkStrategy<byte[]> strategy(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<byte[]> s = WatermarkStrategy
                .<byte[]>forGenerator(ctx -> new EventTimeWatermarks<>(outOfOrderness))
                .withTimestampAssigner((value, previous) -> EventTimestamps.of(value));
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
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
