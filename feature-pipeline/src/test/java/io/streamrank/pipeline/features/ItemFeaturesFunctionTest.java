package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.contract.features.ItemStats;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ItemFeaturesFunctionTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_040_000L;
    private static final long TICK = 100L;

    private static ClickEvent ev(long user, EventType type, long ts) {
        return new ClickEvent("e" + user + ts, user, 42L, 5L, type, ts);
    }

    private static List<String> ops(List<RedisWrite> out) {
        return out.stream().map(w -> w.op + " " + w.key + (w.op == RedisWrite.Op.ZADD ? " " + w.score : ""))
                .toList();
    }

    @Test
    void itemValuesStatsAndPopularityAreWrittenPerTickAndExpireOutOfTheirWindows() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                             new ItemFeaturesFunction("p:", Duration.ofMillis(TICK)), ClickEvent::itemId,
                             Types.LONG)) {
            h.processElement(ev(1, EventType.IMPRESSION, T0), T0);
            h.processElement(ev(1, EventType.CLICK, T0 + 1), T0 + 1);
            h.processElement(ev(2, EventType.CLICK, T0 + 10 * MIN), T0 + 10 * MIN);
            h.processElement(ev(2, EventType.BUY, T0 + 11 * MIN), T0 + 11 * MIN);
            h.setProcessingTime(TICK);
            List<RedisWrite> out = h.extractOutputValues();
            assertThat(ops(out)).containsExactly("SET p:i:42", "SET p:is:42", "ZADD p:pop:all 2.0",
                    "ZADD p:pop:c:5 2.0");
            assertThat(FeatureCodec.decodeItem(out.get(0).value).clicks1h()).isEqualTo(2);
            assertThat(out.get(0).ttlMs).isEqualTo(FeatureNames.ITEM_KEY_TTL.toMillis());
            ItemStats st = FeatureCodec.decodeItemStats(out.get(1).value);
            assertThat(st.last1h().impressions()).isEqualTo(1);
            assertThat(st.last1h().buys()).isEqualTo(1);
            assertThat(st.ctr()).isEqualTo(Math.round(ItemStats_ctr(2, 1) * 1e6) / 1e6);
            assertThat(out.get(1).ttlMs).isEqualTo(FeatureNames.ITEM_STATS_KEY_TTL.toMillis());

            // The first click's minute leaves the hour: one click left.
            h.processWatermark(T0 + 60 * MIN);
            h.setProcessingTime(2 * TICK);
            out = h.extractOutputValues();
            assertThat(FeatureCodec.decodeItem(out.get(4).value).clicks1h()).isEqualTo(1);

            // No click left in the hour: the item leaves the popularity sets, the day still counts.
            h.processWatermark(T0 + 75 * MIN);
            h.setProcessingTime(3 * TICK);
            out = h.extractOutputValues();
            assertThat(ops(out.subList(8, 12))).containsExactly("SET p:i:42", "SET p:is:42", "ZREM p:pop:all",
                    "ZREM p:pop:c:5");
            assertThat(FeatureCodec.decodeItemStats(out.get(9).value).last24h().clicks()).isEqualTo(2);

            h.processWatermark(T0 + 11 * MIN + FeatureNames.ITEM_STATS_KEY_TTL.toMillis() + MIN);
            h.setProcessingTime(10 * TICK);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    private static double ItemStats_ctr(int clicks, int impressions) {
        return (clicks + 20 * 0.05) / (Math.max(impressions, clicks) + 20);
    }
}
