package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
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

    @Test
    void afterARescaleEverySubtaskJudgesAgainstTheSmallestWatermarkOfTheOldOnes() throws Exception {
        // Two subtasks, one lagging half an hour behind the other (a partition catching up on a backlog), restored
        // at four: the lagging partition may now be read by any of them, so none may drop its backlog as late.
        OperatorSubtaskState both = twoSubtasks(T0, T0 + 1_800_000);
        for (int i = 0; i < 4; i++) {
            try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LateEvents(60_000L)),
                    128, 4, i)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, 128, 2, 4, i));
                h.open();
                h.processElement(ev("backlog", T0 + 600_000), T0 + 600_000); // after the lagging one's watermark
                h.processElement(ev("late", T0 - 60_001), T0 - 60_001);     // too late for both
                assertThat(h.extractOutputValues()).as("subtask %d", i).extracting(ClickEvent::eventId)
                        .containsExactly("backlog");
                assertThat(h.getSideOutput(DecodeEvents.DEAD_LETTERS)).as("subtask %d", i).hasSize(1);
            }
        }
    }

    @Test
    void restoredAtTheSameParallelismEachSubtaskKeepsItsOwnWatermark() throws Exception {
        // Not the smallest of them: a leading subtask's replayed records are judged as on its first run.
        OperatorSubtaskState both = twoSubtasks(T0, T0 + 1_800_000);
        for (int i = 0; i < 2; i++) {
            try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LateEvents(60_000L)),
                    128, 2, i)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, 128, 2, 2, i));
                h.open();
                h.processElement(ev("replayed", T0 + 600_000), T0 + 600_000);
                assertThat(h.extractOutputValues()).as("subtask %d", i).hasSize(i == 0 ? 1 : 0);
                var dead = h.getSideOutput(DecodeEvents.DEAD_LETTERS); // null: none routed aside
                assertThat(dead == null ? 0 : dead.size()).as("subtask %d", i).isEqualTo(i == 0 ? 0 : 1);
            }
        }
    }

    /** The state of two subtasks (parallelism 2) whose last watermarks were {@code first} and {@code second}. */
    private static OperatorSubtaskState twoSubtasks(long first, long second) throws Exception {
        long[] watermarks = {first, second};
        OperatorSubtaskState[] old = new OperatorSubtaskState[2];
        for (int i = 0; i < 2; i++) {
            try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LateEvents(60_000L)),
                    128, 2, i)) {
                h.open();
                h.processWatermark(watermarks[i]);
                h.processElement(ev("a" + i, watermarks[i]), watermarks[i]);
                old[i] = h.snapshot(1L, 1L);
            }
        }
        return AbstractStreamOperatorTestHarness.repackageState(old);
    }
}
