package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
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
        EventTimeWatermarks g = new EventTimeWatermarks(Duration.ofSeconds(2));
        ClickEvent e = new ClickEvent("x", 1L, 2L, 3L, EventType.CLICK, T0);
        g.onEvent(e, T0, out);
        g.onEvent(e, T0 - 500, out);
        g.onEvent(e, T0 + 1_000, out);
        g.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(T0 - 2_001, T0 + 1_000 - 2_001);

        long farFuture = System.currentTimeMillis() + 3_600_000L;
        g.onEvent(e, farFuture, out);
        assertThat(emitted.get(emitted.size() - 1)).isLessThan(farFuture - 3_000_000L);
    }
}
