package io.streamrank.pipeline.features;

import static io.streamrank.pipeline.Adr80Snapshots.HOUR;
import static io.streamrank.pipeline.Adr80Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.features.FeatureNames;
import io.streamrank.pipeline.Adr80Snapshots;
import io.streamrank.pipeline.KeyedHarness;
import io.streamrank.pipeline.KeyedHarness.Backend;
import io.streamrank.pipeline.redis.RedisWrite;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An item's neighbours inline in its header until they pass {@link CoVisitNeighbours#INLINE_LONGS}, then the map. */
class CoVisitInlineTest {

    private static final String ITEM = CoVisitFunction.itemState().getName();
    private static final String NEIGHBOURS = CoVisitFunction.neighboursState().getName();
    private static final long TICK = Adr80Snapshots.FLUSH.toMillis();
    /** Neighbours of one bucket each (three longs) an item holds inline at most. */
    private static final int AT_THE_BOUND = CoVisitNeighbours.INLINE_LONGS / 3;

    private static KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> harness(
            Backend backend, OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.open(Adr80Snapshots.coVisitFunction(), v -> v.item, backend, snapshot);
    }

    private static CoVisitItemState header(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, ?> h, long item)
            throws Exception {
        return KeyedHarness.value(h, CoVisitFunction.itemState(), item);
    }

    /** The neighbours in {@code item}'s map, from all slots. */
    private static long mapped(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, ?> h, long item) throws Exception {
        return KeyedHarness.mapEntries(h, CoVisitFunction.neighboursState(), item).values().stream()
                .mapToInt(CoVisitSlot::size).sum();
    }

    private static String last(KeyedOneInputStreamOperatorTestHarness<Long, CoVisit, RedisWrite> h) {
        List<RedisWrite> writes = h.extractOutputValues();
        return writes.get(writes.size() - 1).toString();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aColdItemKeepsItsNeighboursInlineWithNothingInTheMapAndItsEndClearsThem(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            h.processElement(new CoVisit(1, 2, T0), T0);
            h.processElement(new CoVisit(1, 3, T0 + 1), T0 + 1);
            h.processElement(new CoVisit(1, 2, T0 + 5 * HOUR), T0 + 5 * HOUR);
            assertThat(CoVisitSlot.size(header(h, 1).inline)).isEqualTo(2);
            assertThat(KeyedHarness.mapEntries(h, CoVisitFunction.neighboursState(), 1L)).isEmpty();
            assertThat(KeyedHarness.keysWithState(h, NEIGHBOURS)).isZero();
            h.setProcessingTime(TICK);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1 2=2.0 3=1.0");

            // A window timer drops the first hour from the inline entries, as from a slot.
            h.processWatermark(T0 + 24 * HOUR);
            h.setProcessingTime(2 * TICK);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1 2=1.0");
            assertThat(CoVisitSlot.size(header(h, 1).inline)).isOne();

            assertThat(KeyedHarness.keysWithState(h, ITEM)).isOne();
            h.processWatermark(T0 + 5 * HOUR + FeatureNames.COVISIT_WINDOW.toMillis() + 3 * HOUR);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1");
            assertThat(KeyedHarness.keysWithState(h, ITEM, NEIGHBOURS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anItemSpillsPastTheBoundStaysSpilledUntilItsEndAndItsEndClearsBothStates(Backend backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(backend, null)) {
            h.processElement(new CoVisit(1, 1, T0), T0);
            for (int nb = 1; nb <= AT_THE_BOUND; nb++) {
                h.processElement(new CoVisit(1, nb, T0 + nb), T0 + nb);
            }
            assertThat(header(h, 1).inline).as("at the bound, still inline").hasSize(CoVisitNeighbours.INLINE_LONGS);
            assertThat(KeyedHarness.keysWithState(h, NEIGHBOURS)).isZero();

            h.processElement(new CoVisit(1, 1_000, T0 + 100), T0 + 100);
            assertThat(header(h, 1).inline).as("spilled").isNull();
            assertThat(header(h, 1).tracked).isEqualTo(AT_THE_BOUND + 1);
            assertThat(mapped(h, 1)).isEqualTo(AT_THE_BOUND + 1);
            h.setProcessingTime(TICK);
            assertThat(h.extractOutputValues().get(0).members).hasSize(AT_THE_BOUND + 1).startsWith("1", "2");
            assertThat(h.extractOutputValues().get(0).scores).startsWith(2.0, 1.0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(backend, snapshot)) {
            // Five hours on, one more neighbour; then the first hour leaves and the item is down to two neighbours,
            // still in the map.
            h.processElement(new CoVisit(1, 2_000, T0 + 5 * HOUR), T0 + 5 * HOUR);
            h.processWatermark(T0 + 24 * HOUR);
            h.processElement(new CoVisit(1, 3_000, T0 + 24 * HOUR), T0 + 24 * HOUR);
            assertThat(header(h, 1).inline).isNull();
            assertThat(mapped(h, 1)).isEqualTo(2);
            h.setProcessingTime(2 * TICK);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1 2000=1.0 3000=1.0");

            assertThat(KeyedHarness.keysWithState(h, ITEM)).isOne();
            assertThat(KeyedHarness.keysWithState(h, NEIGHBOURS)).isOne();
            long end = T0 + 24 * HOUR + FeatureNames.COVISIT_WINDOW.toMillis() + HOUR;
            h.processWatermark(end);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1");
            assertThat(KeyedHarness.keysWithState(h, ITEM, NEIGHBOURS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();

            // Ended, the item starts over inline.
            h.processElement(new CoVisit(1, 7, end + 1), end + 1);
            assertThat(CoVisitSlot.size(header(h, 1).inline)).isOne();
            assertThat(KeyedHarness.keysWithState(h, NEIGHBOURS)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theBoundIsOnTheInlineSizeSoAFewNeighboursWithManyBucketsSpillToo(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            // Four neighbours co-visited every hour: after 22 hours 4 × (2 + 22) longs, at the bound; the 23rd hour's
            // first co-visit takes it past.
            for (int hour = 0; hour < 24; hour++) {
                if (hour == 22) {
                    assertThat(header(h, 1).inline).hasSize(CoVisitNeighbours.INLINE_LONGS);
                }
                for (int nb = 1; nb <= 4; nb++) {
                    h.processElement(new CoVisit(1, nb, T0 + hour * HOUR), T0 + hour * HOUR);
                }
            }
            assertThat(header(h, 1).inline).isNull();
            assertThat(mapped(h, 1)).isEqualTo(4);
            h.setProcessingTime(TICK);
            assertThat(last(h)).isEqualTo("ZREPLACE p:cv:1 1=24.0 2=24.0 3=24.0 4=24.0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bucketsThatLeftTheWindowDoNotCountTowardTheBound(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            // At the bound after hours 0–21 (as above); no watermark, so no window timer has dropped anything.
            for (int hour = 0; hour < 22; hour++) {
                for (int nb = 1; nb <= 4; nb++) {
                    h.processElement(new CoVisit(1, nb, T0 + hour * HOUR), T0 + hour * HOUR);
                }
            }
            assertThat(header(h, 1).inline).hasSize(CoVisitNeighbours.INLINE_LONGS);

            // Hour 30: one more bucket would pass the bound, but the first hours have left the 24-hour window.
            h.processElement(new CoVisit(1, 1, T0 + 30 * HOUR), T0 + 30 * HOUR);

            assertThat(header(h, 1).inline).as("still inline").isNotNull()
                    .hasSizeLessThan(CoVisitNeighbours.INLINE_LONGS);
            assertThat(mapped(h, 1)).isZero();
            assertThat(header(h, 1).tracked).isEqualTo(4);
            h.setProcessingTime(TICK);
            assertThat(last(h)).startsWith("ZREPLACE p:cv:1 1=").contains(" 2=", " 3=", " 4=");
        }
    }

    /** A savepoint of ADR 80 as it landed (every neighbour in the map) restores; its items stay in the map. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSnapshotOfTheLayoutBeforeInlineEntriesRestores(Backend backend) throws Exception {
        try (var h = harness(backend, Adr80Snapshots.read("covisit", backend))) {
            assertThat(header(h, 1).inline).as("restored as spilled").isNull();
            assertThat(mapped(h, 1)).isEqualTo(2);
            assertThat(mapped(h, 2)).isEqualTo(40);
            h.setProcessingTime(TICK);
            assertThat(h.extractOutputValues()).extracting(RedisWrite::toString)
                    .contains("ZREPLACE p:cv:1 2=2.0 3=1.0");
            assertThat(h.extractOutputValues()).filteredOn(w -> w.key.equals("p:cv:2")).singleElement()
                    .satisfies(w -> assertThat(w.members).hasSize(40).startsWith("10", "11"));

            h.processElement(new CoVisit(1, 4, T0 + 3), T0 + 3);
            h.processElement(new CoVisit(3, 5, T0 + 3), T0 + 3);
            assertThat(mapped(h, 1)).isEqualTo(3);
            assertThat(CoVisitSlot.size(header(h, 3).inline)).as("a new item is inline").isOne();
            assertThat(KeyedHarness.mapEntries(h, CoVisitFunction.neighboursState(), 3L)).isEmpty();
            h.setProcessingTime(2 * TICK);
            assertThat(h.extractOutputValues()).extracting(RedisWrite::toString)
                    .contains("ZREPLACE p:cv:1 2=2.0 3=1.0 4=1.0", "ZREPLACE p:cv:3 5=1.0");

            h.processWatermark(T0 + FeatureNames.COVISIT_WINDOW.toMillis() + 2 * HOUR);
            assertThat(KeyedHarness.keysWithState(h, ITEM, NEIGHBOURS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** The restore above relies on Flink evolving a POJO's serializer; a class it took for a generic type would not. */
    @Test
    void theHeaderIsAFlinkPojo() {
        assertThat(TypeInformation.of(CoVisitItemState.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
