package io.streamrank.pipeline.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.pipeline.features.UserFeatureLogic;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PointInTimeFeaturesTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent click(String id, long item, long ts) {
        return new ClickEvent(id, 7L, item, 3L, EventType.CLICK, ts);
    }

    @Test
    void eachEventSeesOnlyEarlierEventsEvenWhenRecordedOutOfOrderAndTheFinalValueFollowsTheCutOff()
            throws Exception {
        long cutoff = T0 + 6 * MIN + 30_000;
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, FeatureRow> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new PointInTimeFeatures<>(new UserFeatureLogic("p:"), cutoff), ClickEvent::userId,
                             Types.LONG)) {
            h.processElement(click("c", 3, T0 + 2 * MIN), T0 + 2 * MIN);
            h.processElement(click("a", 1, T0), T0);
            h.processElement(click("b", 2, T0 + MIN), T0 + MIN);
            assertThat(h.extractOutputValues()).as("nothing before the key's input ends").isEmpty();
            h.processWatermark(Long.MAX_VALUE);

            List<FeatureRow> rows = h.extractOutputValues();
            List<FeatureRow> before = rows.stream().filter(r -> r.kind.equals(FeatureRow.POINT_IN_TIME)
                    && r.key.equals("p:u:7")).toList();
            assertThat(before).extracting(r -> r.eventId).containsExactly("b", "c");
            UserFeatures beforeC = FeatureCodec.decodeUser(before.get(1).value);
            assertThat(beforeC.recent()).extracting(r -> r.itemId()).containsExactly(2L, 1L);
            assertThat(beforeC.asOf()).isEqualTo(T0 + 2 * MIN);
            assertThat(rows).filteredOn(r -> r.key.equals("p:ua:7")).hasSize(3);

            FeatureRow last = rows.stream().filter(r -> r.kind.equals(FeatureRow.FINAL) && r.key.equals("p:u:7"))
                    .findFirst().orElseThrow();
            UserFeatures atCutoff = FeatureCodec.decodeUser(last.value);
            // The last window timer before the cut-off fires at +6 min: only the click at +2 min is inside 5 minutes.
            assertThat(atCutoff.categoryCount5m(3L)).isEqualTo(1);
            assertThat(atCutoff.recent()).hasSize(3);
            assertThat(FeatureRow.parse(last.toLine()).value).isEqualTo(last.value);

            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
