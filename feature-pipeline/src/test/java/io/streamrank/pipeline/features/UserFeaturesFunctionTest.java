package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.UserActivity;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class UserFeaturesFunctionTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;
    private static final long TICK = 100L;

    private static ClickEvent ev(long item, long cat, EventType type, long ts) {
        return new ClickEvent("e" + item + ts, 7L, item, cat, type, ts);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new UserFeaturesFunction("p:", Duration.ofMillis(TICK), true), ClickEvent::userId, Types.LONG);
    }

    private static RedisWrite write(List<RedisWrite> out, String key) {
        RedisWrite w = out.stream().filter(x -> x.key.equals(key)).reduce((a, b) -> b).orElseThrow();
        assertThat(w.op).isEqualTo(RedisWrite.Op.SET);
        return w;
    }

    @Test
    void eventsUpdateStateAtOnceAndWriteBothValuesOncePerFlushTick() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            h.processElement(ev(1, 10, EventType.CLICK, T0), T0);
            h.processElement(ev(2, 10, EventType.CART, T0 + 2_000), T0 + 2_000);
            h.processElement(ev(3, 11, EventType.IMPRESSION, T0 + 3_000), T0 + 3_000);
            assertThat(h.extractOutputValues()).as("nothing before the tick").isEmpty();

            h.setProcessingTime(1_000 + TICK);
            List<RedisWrite> out = h.extractOutputValues();
            assertThat(out).extracting(w -> w.key).containsExactly("p:u:7", "p:ua:7");
            RedisWrite u = write(out, "p:u:7");
            assertThat(u.ttlMs).isEqualTo(FeatureNames.USER_KEY_TTL.toMillis());
            assertThat(u.eventTime).as("the oldest event the write makes visible").isEqualTo(T0);
            UserFeatures f = FeatureCodec.decodeUser(u.value);
            assertThat(f.recent()).extracting(r -> r.itemId()).containsExactly(2L, 1L);
            assertThat(f.categoryCount5m(10L)).isEqualTo(2);
            assertThat(f.lastEventAt()).isEqualTo(T0 + 3_000);
            assertThat(f.updatedAt()).isEqualTo(1_000 + TICK);
            UserActivity a = FeatureCodec.decodeUserActivity(write(out, "p:ua:7").value);
            assertThat(a.last5m().clicks()).isEqualTo(1);
            assertThat(a.last5m().carts()).isEqualTo(1);
            assertThat(a.last5m().impressions()).isEqualTo(1);
            assertThat(a.categoryCount1h(10L)).isEqualTo(2);
            assertThat(a.categoryCount1h(11L)).as("impressions are not interactions").isZero();

            h.setProcessingTime(1_000 + 5 * TICK);
            assertThat(h.extractOutputValues()).as("no change, no write").hasSize(2);
        }
    }

    @Test
    void windowsSlideOnWatermarksAndStateIsClearedAfterTheTtl() throws Exception {
        try (var h = harness()) {
            h.processElement(ev(1, 10, EventType.CLICK, T0), T0);
            h.processElement(ev(2, 10, EventType.CLICK, T0 + 2 * MIN), T0 + 2 * MIN);
            h.setProcessingTime(TICK);

            // The first click leaves the 5-minute window: the value is rewritten without a new event.
            h.processWatermark(T0 + 5 * MIN + 10_000);
            h.setProcessingTime(2 * TICK);
            List<RedisWrite> out = h.extractOutputValues();
            RedisWrite slid = write(out, "p:u:7");
            assertThat(FeatureCodec.decodeUser(slid.value).categoryCount5m(10L)).isEqualTo(1);
            assertThat(FeatureCodec.decodeUser(slid.value).recent()).hasSize(2);
            assertThat(slid.eventTime).as("a slide makes no new event visible").isZero();
            assertThat(FeatureCodec.decodeUserActivity(write(out, "p:ua:7").value).last5m().clicks()).isEqualTo(1);

            h.processWatermark(T0 + 2 * 60 * MIN);
            h.setProcessingTime(3 * TICK);
            UserActivity a = FeatureCodec.decodeUserActivity(write(h.extractOutputValues(), "p:ua:7").value);
            assertThat(a.last1h().clicks()).isZero();
            assertThat(a.last24h().clicks()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.processWatermark(T0 + 2 * MIN + FeatureNames.USER_ACTIVITY_KEY_TTL.toMillis() + MIN);
            h.setProcessingTime(10 * TICK);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void withoutSlideWritesOnlyEventsWriteAndTheKeyIsStillCleanedUp() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new UserFeaturesFunction("p:", Duration.ofMillis(TICK), false), ClickEvent::userId, Types.LONG)) {
            h.processElement(ev(1, 10, EventType.CLICK, T0), T0);
            h.setProcessingTime(TICK);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numEventTimeTimers()).as("only the cleanup timer").isEqualTo(1);

            h.processWatermark(T0 + 2 * 60 * MIN);
            h.setProcessingTime(2 * TICK);
            assertThat(h.extractOutputValues()).as("windows slid, nothing written").hasSize(2);

            h.processElement(ev(2, 11, EventType.CLICK, T0 + 2 * 60 * MIN), T0 + 2 * 60 * MIN);
            h.setProcessingTime(3 * TICK);
            UserFeatures f = FeatureCodec.decodeUser(write(h.extractOutputValues(), "p:u:7").value);
            assertThat(f.categoryCounts5m()).as("evaluated when the event is written").isEqualTo(java.util.Map.of(11L, 1));

            h.processWatermark(T0 + 2 * 60 * MIN + FeatureNames.USER_ACTIVITY_KEY_TTL.toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSnapshotCarriesPendingWritesAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement(ev(1, 10, EventType.CLICK, T0), T0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UserFeaturesFunction("p:", Duration.ofMillis(TICK), true)),
                ClickEvent::userId, Types.LONG)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(TICK);
            assertThat(FeatureCodec.decodeUser(write(restored.extractOutputValues(), "p:u:7").value).recent())
                    .extracting(r -> r.itemId()).containsExactly(1L);
        }
    }
}
