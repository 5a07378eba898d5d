package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateEventsTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent ev(String id, long ts) {
        return new ClickEvent(id, 1L, 10L, 1L, EventType.CLICK, ts);
    }

    private static OneInputStreamOperatorTestHarness<ClickEvent, ClickEvent> harness() throws Exception {
        // Up to 60 s behind the watermark still counts.
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LateEvents(60_000L)));
    }

    @Test
    void eventsBehindTheWatermarkCountWithinTheLatenessAndGoToDeadLettersBeyondIt() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(ev("early", T0 - 600_000), T0 - 600_000);   // no watermark yet: nothing is late
            h.processWatermark(T0 + 98_000);
            h.processElement(ev("a", T0 + 100_000), T0 + 100_000);
            h.processElement(ev("b", T0 + 99_000), T0 + 99_000);          // ahead of the watermark: on time
            h.processElement(ev("c", T0 + 90_000), T0 + 90_000);          // behind it, within the lateness
            h.processElement(ev("d", T0 + 98_000 - 60_001), 0L);         // one ms too late
            assertThat(h.extractOutputValues()).extracting(ClickEvent::eventId)
                    .containsExactly("early", "a", "b", "c");
            var dead = h.getSideOutput(DecodeEvents.DEAD_LETTERS);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.getValue().reason).isEqualTo("late_event");
                assertThat(r.getValue().raw).contains("\"eventId\":\"d\"");
                assertThat(new String(r.getValue().key, java.nio.charset.StandardCharsets.UTF_8))
                        .as("keyed by user id, as the clickstream is").isEqualTo("1");
            });
        }
    }

    @Test
    void theLastWatermarkSurvivesARestoreSoReplayedEventsAreJudgedAgainstIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processWatermark(T0 + 100_000);
            h.processElement(ev("a", T0 + 100_000), T0 + 100_000);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(ev("late", T0), T0);
            assertThat(restored.extractOutputValues()).isEmpty();
            assertThat(restored.getSideOutput(DecodeEvents.DEAD_LETTERS)).hasSize(1);
        }
    }
}
