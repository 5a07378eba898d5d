package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DeduplicateEventsTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent ev(String id, long user, long ts) {
        return new ClickEvent(id, user, 10L, 1L, EventType.CLICK, ts);
    }

    @Test
    void aRepeatedEventIdOfTheSameUserIsDroppedUntilTheRetentionHasPassed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new DeduplicateEvents(Duration.ofMinutes(10)), ClickEvent::userId, Types.LONG)) {
            h.processElement(ev("a", 1, T0), T0);
            h.processElement(ev("a", 1, T0), T0);
            h.processElement(ev("b", 1, T0 + 1), T0 + 1);
            h.processElement(ev("a", 2, T0 + 2), T0 + 2);
            h.processElement(ev("b", 1, T0 + 5 * MIN), T0 + 5 * MIN);
            assertThat(h.extractOutputValues()).extracting(e -> e.eventId() + "/" + e.userId())
                    .containsExactly("a/1", "b/1", "a/2");

            // 10 minutes of event time later the user's ids are forgotten: a replay that late counts again.
            h.processElement(ev("c", 1, T0 + 11 * MIN), T0 + 11 * MIN);
            h.processElement(ev("a", 1, T0 + 11 * MIN), T0 + 11 * MIN);
            assertThat(h.extractOutputValues()).hasSize(5);

            h.processWatermark(T0 + 30 * MIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theHashSeparatesSimilarIdsAndTheCapForgetsTheOldest() {
        assertThat(SeenEvents.hash("tb-1")).isNotEqualTo(SeenEvents.hash("tb-2")).isEqualTo(SeenEvents.hash("tb-1"));
        SeenEvents s = new SeenEvents();
        for (int i = 0; i <= SeenEvents.MAX_ENTRIES; i++) {
            s.add(SeenEvents.hash("e" + i), T0, 60 * MIN);
        }
        assertThat(s.hashes).hasSize(SeenEvents.MAX_ENTRIES);
        assertThat(s.contains(SeenEvents.hash("e0"))).isFalse();
        assertThat(s.contains(SeenEvents.hash("e" + SeenEvents.MAX_ENTRIES))).isTrue();
    }
}
