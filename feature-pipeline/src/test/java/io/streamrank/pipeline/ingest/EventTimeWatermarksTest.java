package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class EventTimeWatermarksTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void theWatermarkAdvancesOnEachNewerEventButNeverPastTheWallClock() {
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput out = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };
        EventTimeWatermarks<byte[]> g = new EventTimeWatermarks<>(Duration.ofSeconds(2));
        g.onEvent(null, T0, out);
        g.onEvent(null, T0 - 500, out);
        g.onEvent(null, T0 + 1_000, out);
        g.onPeriodicEmit(out);
        g.onEvent(null, Long.MIN_VALUE, out);
        assertThat(emitted).containsExactly(T0 - 2_001, T0 + 1_000 - 2_001);

        long farFuture = System.currentTimeMillis() + 3_600_000L;
        g.onEvent(null, farFuture, out);
        assertThat(emitted.get(emitted.size() - 1)).isLessThan(farFuture - 3_000_000L);
    }

    @Test
    void eventTimeIsReadFromTheRawRecordAndUnreadableRecordsHaveNone() {
        byte[] event = EventCodec.encode(new ClickEvent("e", 1L, 2L, 3L, EventType.CLICK, T0));
        assertThat(EventTimestamps.of(event)).isEqualTo(T0);
        assertThat(EventTimestamps.of(("{\"eventId\":\"timestamp\",\"x\":{\"timestamp\":5},\"timestamp\":" + T0 + "}")
                .getBytes(StandardCharsets.UTF_8))).as("only the top-level field counts").isEqualTo(T0);
        assertThat(EventTimestamps.of("{oops".getBytes(StandardCharsets.UTF_8))).isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimestamps.of("{\"timestamp\":\"soon\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimestamps.of("[1,2]".getBytes(StandardCharsets.UTF_8))).isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimestamps.of(null)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anEventStampedFurtherAheadOfItsKafkaRecordThanAllowedDoesNotMoveTheWatermark() {
        byte[] micros = ("{\"timestamp\":" + T0 * 1000 + "}").getBytes(StandardCharsets.UTF_8);
        byte[] onTime = ("{\"timestamp\":" + T0 + "}").getBytes(StandardCharsets.UTF_8);
        long skew = 120_000L;
        // During a backlog the record was produced at T0, read hours later: capped at the wall clock only, the
        // microseconds would have moved the watermark to now and made the rest of the backlog late.
        assertThat(EventTimestamps.forWatermark(micros, T0, skew)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimestamps.forWatermark(onTime, T0 + 5_000, skew)).isEqualTo(T0);
        assertThat(EventTimestamps.forWatermark(onTime, T0 - skew, skew)).as("exactly the skew ahead").isEqualTo(T0);
        assertThat(EventTimestamps.forWatermark(onTime, T0 - skew - 1, skew)).isEqualTo(Long.MIN_VALUE);
        assertThat(EventTimestamps.forWatermark(onTime, -1L, skew)).as("no Kafka timestamp known").isEqualTo(T0);
        assertThat(EventTimestamps.forWatermark(onTime, T0 + 86_400_000L, skew))
                .as("a replay of recorded events: stamped long after them").isEqualTo(T0);
    }

    @Test
    void onlyRecordsWithAUsableEventTimeKeepAPartitionActive() throws Exception {
        List<String> signals = new ArrayList<>();
        WatermarkOutput out = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                signals.add("wm " + watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
                signals.add("idle");
            }

            @Override
            public void markActive() {
                signals.add("active");
            }
        };
        EventTimeWatermarks<byte[]> g = new EventTimeWatermarks<>(Duration.ofSeconds(2), Duration.ofMillis(50));
        g.onEvent(null, T0, out);
        Thread.sleep(80);
        // Unreadable records keep coming: they are no activity, so the partition still goes idle and stops holding
        // back the watermark of the partitions that do have events.
        g.onEvent(null, Long.MIN_VALUE, out);
        g.onPeriodicEmit(out);
        g.onEvent(null, Long.MIN_VALUE, out);
        g.onPeriodicEmit(out);
        g.onEvent(null, T0 + 10_000, out);

        assertThat(signals).containsExactly("wm " + (T0 - 2_001), "idle", "active", "wm " + (T0 + 10_000 - 2_001));
    }
}
