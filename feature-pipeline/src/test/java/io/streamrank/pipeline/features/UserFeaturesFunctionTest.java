package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.pipeline.redis.RedisWrite;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class UserFeaturesFunctionTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent click(long item, long cat, long ts) {
        return new ClickEvent("e" + item, 7L, item, cat, EventType.CLICK, ts);
    }

    private static UserFeatures last(List<RedisWrite> writes) {
        RedisWrite w = writes.get(writes.size() - 1);
        assertThat(w.op).isEqualTo(RedisWrite.Op.SET);
        assertThat(w.key).isEqualTo("p:u:7");
        assertThat(w.ttlMs).isEqualTo(FeatureNames.USER_KEY_TTL.toMillis());
        return FeatureCodec.decodeUser(w.value);
    }

    @Test
    void everyEventWritesTheUsersFeaturesAtOnceAndTheWindowSlidesOnTimersUntilStateIsCleared() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new UserFeaturesFunction("p:"), ClickEvent::userId, Types.LONG)) {
            h.processElement(click(1, 10, T0), T0);
            assertThat(last(h.extractOutputValues()).categoryCount5m(10L)).isEqualTo(1);

            h.processElement(click(2, 10, T0 + 2 * MIN), T0 + 2 * MIN);
            h.processElement(click(3, 11, T0 + 3 * MIN), T0 + 3 * MIN);
            UserFeatures f = last(h.extractOutputValues());
            assertThat(f.categoryCount5m(10L)).isEqualTo(2);
            assertThat(f.recent()).extracting(r -> r.itemId()).containsExactly(3L, 2L, 1L);

            // The first click leaves the 5-minute window: a timer rewrites the value without a new event.
            h.processWatermark(T0 + 5 * MIN);
            UserFeatures slid = last(h.extractOutputValues());
            assertThat(slid.categoryCount5m(10L)).isEqualTo(1);
            assertThat(slid.recent()).hasSize(3);

            h.processWatermark(T0 + 9 * MIN);
            assertThat(last(h.extractOutputValues()).categoryCounts5m()).isEmpty();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            // Idle for the key's TTL: keyed state is gone (Redis expires its copy on its own).
            h.processWatermark(T0 + 3 * MIN + FeatureNames.USER_KEY_TTL.toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
