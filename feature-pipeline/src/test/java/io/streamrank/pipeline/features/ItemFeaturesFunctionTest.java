package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.pipeline.redis.RedisWrite;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ItemFeaturesFunctionTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_040_000L;

    private static ClickEvent ev(long user, EventType type, long ts) {
        return new ClickEvent("e" + user + ts, user, 42L, 5L, type, ts);
    }

    @Test
    void clicksUpdateItemValueAndPopularitySetsAndExpireOutOfTheHour() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new ItemFeaturesFunction("p:"), ClickEvent::itemId, Types.LONG)) {
            h.processElement(ev(1, EventType.CLICK, T0), T0);
            h.processElement(ev(2, EventType.CLICK, T0 + 10 * MIN), T0 + 10 * MIN);
            List<RedisWrite> out = h.extractOutputValues();
            RedisWrite item = out.get(out.size() - 3);
            assertThat(item.key).isEqualTo("p:i:42");
            assertThat(FeatureCodec.decodeItem(item.value).clicks1h()).isEqualTo(2);
            assertThat(out.subList(out.size() - 2, out.size())).extracting(w -> w.op + " " + w.key + " " + w.score)
                    .containsExactly("ZADD p:pop:all 2.0", "ZADD p:pop:c:5 2.0");

            // A cart is not a click but still keeps the item's value fresh.
            h.processElement(ev(3, EventType.CART, T0 + 11 * MIN), T0 + 11 * MIN);
            assertThat(FeatureCodec.decodeItem(h.extractOutputValues().get(out.size()).value).clicks1h()).isEqualTo(2);

            h.processWatermark(T0 + 60 * MIN);
            out = h.extractOutputValues();
            assertThat(FeatureCodec.decodeItem(out.get(out.size() - 3).value).clicks1h()).isEqualTo(1);

            h.processWatermark(T0 + 70 * MIN);
            out = h.extractOutputValues();
            assertThat(out.subList(out.size() - 2, out.size())).extracting(w -> w.op + " " + w.key)
                    .containsExactly("ZREM p:pop:all", "ZREM p:pop:c:5");

            h.processWatermark(T0 + 11 * MIN + FeatureNames.ITEM_KEY_TTL.toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
