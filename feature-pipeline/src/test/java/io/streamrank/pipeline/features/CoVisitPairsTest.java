package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureNames;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CoVisitPairsTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent ev(long item, EventType type, long ts) {
        return new ClickEvent("e" + item + ts, 9L, item, 1L, type, ts);
    }

    @Test
    void interactionsCloseTogetherPairBothWaysAndTheSessionIsForgottenAfterTheGap() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, CoVisit> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new CoVisitPairs(), ClickEvent::userId,
                             Types.LONG)) {
            h.processElement(ev(1, EventType.CLICK, T0), T0);
            h.processElement(ev(5, EventType.IMPRESSION, T0 + MIN), T0 + MIN);
            h.processElement(ev(2, EventType.CART, T0 + 2 * MIN), T0 + 2 * MIN);
            assertThat(h.extractOutputValues()).extracting(CoVisit::toString)
                    .containsExactly("2~1@" + (T0 + 2 * MIN), "1~2@" + (T0 + 2 * MIN));

            h.processWatermark(T0 + 2 * MIN + FeatureNames.COVISIT_GAP.toMillis() + 10 * MIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            // An event that the gap alone would still pair with item 2 (within 30 min of it, behind the watermark but
            // inside no lateness): only the cleared state keeps it from pairing.
            h.processElement(ev(3, EventType.CLICK, T0 + 20 * MIN), T0 + 20 * MIN);
            assertThat(h.extractOutputValues()).as("the session was forgotten").hasSize(2);
        }
    }

    @Test
    void aLateEventStillAcceptedPairsWithTheSessionItBelongsTo() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, CoVisit> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new CoVisitPairs(java.time.Duration.ofMinutes(1)), ClickEvent::userId, Types.LONG)) {
            long gap = FeatureNames.COVISIT_GAP.toMillis();
            // The session's gap ends 10 s before a 10-minute grid point, where its cleanup timer used to sit.
            long t = T0 + 390_000L;
            assertThat((t + gap) % 600_000L).isEqualTo(590_000L);
            h.processElement(ev(1, EventType.CLICK, t), t);
            // The watermark passes that grid point; an event 25 s behind the watermark is still accepted by the job
            // (allowed lateness 1 min) and belongs to the session: the session must still be there.
            long wm = t + gap + 20_000;
            h.processWatermark(wm);
            h.processElement(ev(2, EventType.CLICK, t + gap - 5_000), wm);
            assertThat(h.extractOutputValues()).extracting(CoVisit::toString)
                    .containsExactly("2~1@" + (t + gap - 5_000), "1~2@" + (t + gap - 5_000));

            h.processWatermark(T0 + 3 * gap);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
