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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ItemFeaturesFunctionTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_040_000L;
    private static final long TICK = 100L;
    /** The takeover span of a new run (the job's default: one popularity window). */
    private static final Duration TAKEOVER = Duration.ofHours(1);

    private static ClickEvent ev(long user, EventType type, long ts) {
        return new ClickEvent("e" + user + ts, user, 42L, 5L, type, ts);
    }

    /** Advances processing time one tick and returns what that flush wrote. */
    private static List<RedisWrite> tick(KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h,
                                         int n) throws Exception {
        int before = h.extractOutputValues().size();
        h.setProcessingTime(n * TICK);
        List<RedisWrite> all = h.extractOutputValues();
        return all.subList(before, all.size());
    }

    /** The item function keyed by item, flushing every {@link #TICK} of processing time, with sliding writes. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ItemFeaturesFunction("p:", Duration.ofMillis(TICK), true, TAKEOVER), ClickEvent::itemId, Types.LONG);
    }

    /** As {@link #harness()} for a job built as run {@code freshRun}, from {@code restored} state if not null. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> harness(
            long freshRun, OperatorSubtaskState restored) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ItemFeaturesFunction("p:", Duration.ofMillis(TICK), true, TAKEOVER, freshRun)), ClickEvent::itemId,
                Types.LONG);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static List<String> ops(List<RedisWrite> out) {
        return out.stream().map(w -> w.op + " " + w.key + (w.op == RedisWrite.Op.ZADD ? " " + w.score : ""))
                .toList();
    }

    private static RedisWrite value(List<RedisWrite> out, String key) {
        return out.stream().filter(w -> w.key.equals(key)).findFirst().orElseThrow();
    }

    @Test
    void itemValuesStatsAndPopularityAreWrittenPerTickAndExpireOutOfTheirWindows() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h = harness()) {
            h.processElement(ev(1, EventType.IMPRESSION, T0), T0);
            h.processElement(ev(1, EventType.CLICK, T0 + 1), T0 + 1);
            h.processElement(ev(2, EventType.CLICK, T0 + 10 * MIN), T0 + 10 * MIN);
            h.processElement(ev(2, EventType.BUY, T0 + 11 * MIN), T0 + 11 * MIN);
            List<RedisWrite> out = tick(h, 1);
            assertThat(ops(out)).containsExactlyInAnyOrder("SET p:i:42", "SET p:is:42", "ZADD p:pop:all 2.0",
                    "ZADD p:pop:c:5 2.0");
            assertThat(FeatureCodec.decodeItem(value(out, "p:i:42").value).clicks1h()).isEqualTo(2);
            assertThat(value(out, "p:i:42").ttlMs).isEqualTo(FeatureNames.ITEM_KEY_TTL.toMillis());
            ItemStats st = FeatureCodec.decodeItemStats(value(out, "p:is:42").value);
            assertThat(st.last1h().impressions()).isEqualTo(1);
            assertThat(st.last1h().buys()).isEqualTo(1);
            assertThat(st.ctr()).isEqualTo(Math.round((2 + 20 * 0.05) / (Math.max(1, 2) + 20d) * 1e6) / 1e6);
            assertThat(value(out, "p:is:42").ttlMs).isEqualTo(FeatureNames.ITEM_STATS_KEY_TTL.toMillis());

            // The first click's minute leaves the hour: one click left.
            h.processWatermark(T0 + 60 * MIN);
            out = tick(h, 2);
            assertThat(FeatureCodec.decodeItem(value(out, "p:i:42").value).clicks1h()).isEqualTo(1);

            // No click left in the hour: the item leaves the popularity sets, the day still counts.
            h.processWatermark(T0 + 75 * MIN);
            out = tick(h, 3);
            assertThat(ops(out)).containsExactlyInAnyOrder("SET p:i:42", "SET p:is:42", "ZREM p:pop:all",
                    "ZREM p:pop:c:5");
            assertThat(FeatureCodec.decodeItemStats(value(out, "p:is:42").value).last24h().clicks()).isEqualTo(2);

            // The newest event leaves the day: only the stats change, they are written at once and the key is dropped.
            int before = h.extractOutputValues().size();
            h.processWatermark(T0 + 24 * 60 * MIN + 30 * MIN);
            out = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            assertThat(ops(out)).containsExactly("SET p:is:42");
            assertThat(FeatureCodec.decodeItemStats(out.get(0).value).last24h()).isEqualTo(
                    io.streamrank.contract.features.BehaviourCounts.ZERO);
            h.setProcessingTime(10 * TICK);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
    @Test
    void anItemThatMovesCategoryLeavesTheOldCategorysPopularitySet() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h = harness()) {
            h.processElement(ev(1, EventType.CLICK, T0), T0);
            assertThat(ops(tick(h, 1))).contains("ZADD p:pop:c:5 1.0");

            // The catalog moved the item: newer events name category 6. Left in category 5's set it would be
            // retrieved there as trending for an hour (and kept alive by nothing but its key's TTL).
            h.processElement(new ClickEvent("moved", 2L, 42L, 6L, EventType.CLICK, T0 + MIN), T0 + MIN);
            assertThat(ops(tick(h, 2))).containsExactlyInAnyOrder("SET p:i:42", "SET p:is:42", "ZADD p:pop:all 2.0",
                    "ZREM p:pop:c:5", "ZADD p:pop:c:6 2.0");

            // Once moved, later writes touch only the new category's set.
            h.processElement(new ClickEvent("again", 3L, 42L, 6L, EventType.CLICK, T0 + 2 * MIN), T0 + 2 * MIN);
            assertThat(ops(tick(h, 3))).containsExactlyInAnyOrder("SET p:i:42", "SET p:is:42", "ZADD p:pop:all 3.0",
                    "ZADD p:pop:c:6 3.0");

            // Out of the hour: it leaves the set it is in, and only that one.
            h.processWatermark(T0 + 63 * MIN);
            assertThat(ops(tick(h, 4))).containsExactlyInAnyOrder("SET p:i:42", "SET p:is:42", "ZREM p:pop:all",
                    "ZREM p:pop:c:6");
        }
    }

    @Test
    void popularityWritesCarryTheRunTheStateBelongsToAndARestoreKeepsIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h = harness(7L, null)) {
            h.processElement(ev(1, EventType.CLICK, T0), T0);
            List<RedisWrite> out = tick(h, 1);
            assertThat(out).filteredOn(w -> w.key.startsWith("p:pop:")).hasSize(2).allSatisfy(w -> {
                assertThat(w.owner).isEqualTo("p:run:{" + w.key + "}");
                assertThat(w.run).isEqualTo(7L);
                assertThat(w.takeoverMs).isEqualTo(TAKEOVER.toMillis());
            });
            assertThat(out).filteredOn(w -> !w.key.startsWith("p:pop:")).allSatisfy(w -> assertThat(w.owner).isNull());
            snapshot = h.snapshot(1L, 2 * TICK);
        }
        // Restored (a failover, a savepoint) the job is still run 7, whenever its graph was built: its sets are its.
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h = harness(9L, snapshot)) {
            h.processWatermark(T0 + 63 * MIN);
            List<RedisWrite> out = tick(h, 3);
            assertThat(ops(out)).contains("ZREM p:pop:all", "ZREM p:pop:c:5");
            assertThat(out).filteredOn(w -> w.key.startsWith("p:pop:")).allSatisfy(w -> {
                assertThat(w.owner).isEqualTo("p:run:{" + w.key + "}");
                assertThat(w.run).isEqualTo(7L);
            });
            h.processWatermark(T0 + 25 * 60 * MIN);
            h.setProcessingTime(10 * TICK);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
        // Started without state it is a new run, which takes the sets over from the old one's members (gradually:
        // they stay for the takeover span).
        try (KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, RedisWrite> h = harness(9L, null)) {
            h.processElement(ev(1, EventType.CLICK, T0), T0);
            assertThat(tick(h, 1)).filteredOn(w -> w.key.startsWith("p:pop:")).extracting(w -> w.run)
                    .containsOnly(9L);
        }
    }
}
