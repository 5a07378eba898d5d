package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.features.FeatureNames;
import io.streamrank.pipeline.KeyedHarness;
import io.streamrank.pipeline.KeyedHarness.Backend;
import io.streamrank.pipeline.redis.RedisWrite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoVisitFunctionTest {

    private static final String ITEM = CoVisitFunction.itemState().getName();
    private static final String NEIGHBOURS = CoVisitFunction.neighboursState().getName();

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;
    private static final long TICK = 100L;

    private static KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> harness(
            Backend backend, OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.open(new CoVisitFunction("p:", Duration.ofMillis(TICK), true), v -> v.item, backend,
                snapshot);
    }

    /**
     * Item 1's neighbours, inline or from all slots (an item has either: the other is empty), with their buckets as
     * (hours after T0 → count).
     */
    private static Map<Long, Map<Long, Long>> neighbours(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, ?> h)
            throws Exception {
        Map<Long, Map<Long, Long>> out = new TreeMap<>();
        Map<Integer, long[]> slots = KeyedHarness.mapEntries(h, CoVisitFunction.neighboursState(), 1L);
        CoVisitItemState s = KeyedHarness.value(h, CoVisitFunction.itemState(), 1L);
        if (s != null && s.inline != null) {
            assertThat(slots).isEmpty();
            slots = Map.of(-1, s.inline);
        }
        slots.forEach((slot, neighbours) -> {
            for (int at = 0; at < neighbours.length; at = CoVisitSlot.next(neighbours, at)) {
                assertThat(slot).isIn(-1, CoVisitNeighbours.slot(neighbours[at]));
                Map<Long, Long> b = new TreeMap<>();
                for (long packed : CoVisitSlot.buckets(neighbours, at)) {
                    b.put((packed >>> 32) - T0 / HOUR, packed & 0xFFFF_FFFFL);
                }
                out.put(neighbours[at], b);
            }
        });
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theTopNeighboursReplaceTheWholeSetAndLeaveItWithTheDay(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            h.processElement(new CoVisit(1, 2, T0), T0);
            h.processElement(new CoVisit(1, 3, T0 + 1), T0 + 1);
            h.processElement(new CoVisit(1, 2, T0 + 5 * HOUR), T0 + 5 * HOUR);
            h.setProcessingTime(TICK);
            assertThat(h.extractOutputValues()).extracting(RedisWrite::toString)
                    .containsExactly("ZREPLACE p:cv:1 2=2.0 3=1.0");
            assertThat(h.extractOutputValues().get(0).ttlMs).isEqualTo(FeatureNames.COVISIT_KEY_TTL.toMillis());

            h.processWatermark(T0 + 24 * HOUR);
            h.setProcessingTime(2 * TICK);
            assertThat(h.extractOutputValues().get(1)).hasToString("ZREPLACE p:cv:1 2=1.0");

            // The header holds the item before its end (a "cleared" check on a misspelt state name would pass
            // whatever the cleanup did), and nothing after it. A cold item's neighbours are inline: the map is empty
            // (CoVisitInlineTest has the end of an item with neighbours in the map).
            assertThat(KeyedHarness.keysWithState(h, ITEM)).isOne();
            assertThat(KeyedHarness.keysWithState(h, NEIGHBOURS)).isZero();
            h.processWatermark(T0 + 5 * HOUR + FeatureNames.COVISIT_WINDOW.toMillis() + 3 * HOUR);
            h.setProcessingTime(3 * TICK);
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1))
                    .as("an empty replacement deletes the set").hasToString("ZREPLACE p:cv:1");
            assertThat(KeyedHarness.keysWithState(h, ITEM, NEIGHBOURS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachNeighbourKeepsItsOwnBucketsAndAWindowTimerDropsThoseThatLeft(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            h.processElement(new CoVisit(1, 2, T0), T0);
            h.processElement(new CoVisit(1, 2, T0 + 10), T0 + 10);
            h.processElement(new CoVisit(1, 3, T0 + 1), T0 + 1);
            h.processElement(new CoVisit(1, 2, T0 + 5 * HOUR), T0 + 5 * HOUR);
            assertThat(neighbours(h)).isEqualTo(Map.of(2L, Map.of(0L, 2L, 5L, 1L), 3L, Map.of(0L, 1L)));

            // The first hour leaves the window: neighbour 3 had nothing else and goes, 2 keeps its later bucket.
            h.processWatermark(T0 + 24 * HOUR);
            assertThat(neighbours(h)).isEqualTo(Map.of(2L, Map.of(5L, 1L)));
            // A co-visit whose hour has already left the window at the item's clock does not count.
            h.processElement(new CoVisit(1, 4, T0 + 2), T0 + 2);
            assertThat(neighbours(h)).containsOnlyKeys(2L);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSnapshotCarriesThePendingWriteAcrossARestore(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(backend, null)) {
            h.processElement(new CoVisit(1, 2, T0), T0);
            h.processElement(new CoVisit(1, 3, T0 + 1), T0 + 1);
            snapshot = h.snapshot(1L, 1L);
            assertThat(h.extractOutputValues()).isEmpty();
        }
        try (var restored = harness(backend, snapshot)) {
            restored.setProcessingTime(TICK);
            assertThat(restored.extractOutputValues()).extracting(RedisWrite::toString)
                    .containsExactly("ZREPLACE p:cv:1 2=1.0 3=1.0");
            restored.processElement(new CoVisit(1, 3, T0 + 2), T0 + 2);
            restored.setProcessingTime(2 * TICK);
            assertThat(restored.extractOutputValues().get(1)).hasToString("ZREPLACE p:cv:1 3=2.0 2=1.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void beyondTheCapTheWeakestAreForgottenInOnePassBackToTheCap(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            // 999 strong neighbours (two co-visits each), then weak ones (one each) up to the pruning point.
            int strong = CoVisitNeighbours.CAP - 1;
            for (int nb = 1; nb <= strong; nb++) {
                h.processElement(new CoVisit(1, nb, T0), T0);
                h.processElement(new CoVisit(1, nb, T0 + 1), T0 + 1);
            }
            int weak = CoVisitNeighbours.PRUNE_AT - strong;
            for (int i = 0; i < weak; i++) {
                h.processElement(new CoVisit(1, 5_000 - i, T0 + 2), T0 + 2);
            }
            assertThat(neighbours(h)).as("up to the pruning point nothing is forgotten")
                    .hasSize(CoVisitNeighbours.PRUNE_AT);

            // One more: the weakest go at once, ties the larger id first, so the smallest weak id stays.
            h.processElement(new CoVisit(1, 9_000, T0 + 3), T0 + 3);
            Map<Long, Map<Long, Long>> left = neighbours(h);
            assertThat(left).hasSize(CoVisitNeighbours.CAP).containsKey((long) strong)
                    .containsKey(5_000L - weak + 1).doesNotContainKey(5_000L - weak + 2).doesNotContainKey(9_000L);

            h.setProcessingTime(TICK);
            List<RedisWrite> writes = h.extractOutputValues();
            assertThat(writes.get(writes.size() - 1).members).hasSize(FeatureNames.COVISIT_MAX_NEIGHBOURS)
                    .startsWith("1", "2", "3");
        }
    }
}
