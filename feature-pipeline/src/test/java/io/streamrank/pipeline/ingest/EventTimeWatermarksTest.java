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
}
