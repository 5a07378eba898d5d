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
 * watermark ahead and make everyone else's events late; one stamped further ahead of its own Kafka record than the
 * decoder allows does not count at all (during a backlog the wall clock is far ahead of the records: a single such
 * record would have made every later one of its partition late). Idleness is judged here too, on usable records only.
 */
public final class EventTimeWatermarks<T> implements WatermarkGenerator<T> {

    private final long boundMs;
    private final long idleMs;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    private long lastValidAt = System.currentTimeMillis();
    private boolean idle;

    EventTimeWatermarks(Duration bound) {
        this(bound, Duration.ZERO);
    }

    /**
     * @param idleness a partition without a record carrying a usable event time for this long stops holding back the
     *                 watermark (zero: never). Only such records count as activity: a partition that receives nothing
     *                 but unreadable records would otherwise hold every watermark downstream forever.
     */
    EventTimeWatermarks(Duration bound, Duration idleness) {
        this.boundMs = bound.toMillis();
        this.idleMs = idleness.toMillis();
    }

    /**
     * For the raw Kafka record values: event time read by {@link EventTimestamps}, ignored for the watermark when it is
     * further ahead of the record's Kafka timestamp than {@code maxFutureSkew} (such a record is rejected anyway).
     */
    public static WatermarkStrategy<KafkaRecord> strategy(Duration outOfOrderness, Duration idleness,
                                                          Duration maxFutureSkew) {
        long skew = maxFutureSkew.toMillis();
        return WatermarkStrategy
                .<KafkaRecord>forGenerator(ctx -> new EventTimeWatermarks<>(outOfOrderness, idleness))
                .withTimestampAssigner((record, kafkaTimestamp) -> EventTimestamps.forWatermark(record.value,
                        kafkaTimestamp, skew));
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE) {
            return; // no usable event time: neither a watermark nor activity
        }
        lastValidAt = System.currentTimeMillis();
        if (idle) {
            idle = false;
            output.markActive();
        }
        long t = capAtNow(eventTimestamp);
        if (t > maxTimestamp) {
            maxTimestamp = t;
            emit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idleMs > 0 && !idle && System.currentTimeMillis() - lastValidAt >= idleMs) {
            idle = true;
            output.markIdle();
            return;
        }
        if (!idle) {
            emit(output);
        }
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
