package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateEventsTest {

    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent ev(String id, long ts) {
        return new ClickEvent(id, 1L, 10L, 1L, EventType.CLICK, ts);
    }

    private static OneInputStreamOperatorTestHarness<ClickEvent, ClickEvent> harness() throws Exception {
        // Watermark = newest - 2 s - 1 ms; up to 60 s behind it still counts.
        return ProcessFunctionTestHarnesses.forProcessFunction(new LateEvents(2_000L, 60_000L));
    }

    @Test
    void eventsBehindTheWatermarkCountWithinTheLatenessAndGoToDeadLettersBeyondIt() throws Exception {
        try (var h = harness()) {
            h.processElement(ev("a", T0 + 100_000), 0L);
            h.processElement(ev("b", T0 + 99_000), 0L);          // out of order, within the bound
            h.processElement(ev("c", T0 + 90_000), 0L);          // behind the watermark, within the lateness
            h.processElement(ev("d", T0 + 100_000 - 2_001 - 60_001), 0L);  // one ms too late
            assertThat(h.extractOutputValues()).extracting(ClickEvent::eventId).containsExactly("a", "b", "c");
            var dead = h.getSideOutput(DecodeEvents.DEAD_LETTERS);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.getValue().reason).isEqualTo("late_event");
                assertThat(r.getValue().raw).contains("\"eventId\":\"d\"");
            });
        }
    }

    @Test
    void theWatermarkSurvivesARestoreSoReplayedEventsAreJudgedTheSame() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(ev("a", T0 + 100_000), 0L);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new LateEvents(2_000L, 60_000L)))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(ev("late", T0), 0L);
            assertThat(restored.extractOutputValues()).isEmpty();
            assertThat(restored.getSideOutput(DecodeEvents.DEAD_LETTERS)).hasSize(1);
        }
    }
}
