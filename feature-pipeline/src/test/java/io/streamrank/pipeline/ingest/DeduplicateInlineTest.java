package io.streamrank.pipeline.ingest;

import static io.streamrank.pipeline.Adr80Snapshots.RETENTION;
import static io.streamrank.pipeline.Adr80Snapshots.T0;
import static io.streamrank.pipeline.Adr80Snapshots.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.pipeline.Adr80Snapshots;
import io.streamrank.pipeline.KeyedHarness;
import io.streamrank.pipeline.KeyedHarness.Backend;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A user's ids inline in its header up to {@link SeenEventIds#INLINE_IDS}, then in the map. */
class DeduplicateInlineTest {

    private static final long MIN = 60_000L;
    private static final String SEEN = DeduplicateEvents.seenState(1).getName();
    private static final String IDS = DeduplicateEvents.idsState(1).getName();

    private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ClickEvent> harness(
            Backend backend, OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.open(new DeduplicateEvents(RETENTION), ClickEvent::userId, backend, snapshot);
    }

    private static SeenEvents header(KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ?> h, long user)
            throws Exception {
        return KeyedHarness.value(h, DeduplicateEvents.seenState(RETENTION.toMillis()), user);
    }

    /** The ids in {@code user}'s map, from all slots. */
    private static int mapped(KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ?> h, long user)
            throws Exception {
        return KeyedHarness.mapEntries(h, DeduplicateEvents.idsState(RETENTION.toMillis()), user).values().stream()
                .mapToInt(pairs -> pairs.length / 2).sum();
    }

    /** Feeds {@code ids} (with user and time) and returns how many came out, i.e. were not duplicates. */
    private static int unique(KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ClickEvent> h,
                              ClickEvent... events) throws Exception {
        int before = h.extractOutputValues().size();
        for (ClickEvent e : events) {
            h.processElement(e, e.timestamp());
        }
        return h.extractOutputValues().size() - before;
    }

    private static ClickEvent[] ids(String prefix, int from, int to, long t) {
        ClickEvent[] out = new ClickEvent[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = click(prefix + i, 1, t + i);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUserWithFewIdsKeepsThemInlineWithNothingInTheMapAndItsCleanupClearsThem(Backend backend) throws Exception {
        try (var h = harness(backend, null)) {
            assertThat(unique(h, click("a", 1, T0), click("b", 1, T0 + 1), click("a", 1, T0 + 2))).isEqualTo(2);
            assertThat(header(h, 1).inline).hasSize(4);
            assertThat(KeyedHarness.mapEntries(h, DeduplicateEvents.idsState(RETENTION.toMillis()), 1L)).isEmpty();
            assertThat(KeyedHarness.keysWithState(h, IDS)).isZero();

            // Written 11 minutes on, the inline ids drop those that left the retention; "a" counts again.
            assertThat(unique(h, click("c", 1, T0 + 11 * MIN), click("a", 1, T0 + 11 * MIN))).isEqualTo(2);
            assertThat(header(h, 1).inline).hasSize(4);

            assertThat(KeyedHarness.keysWithState(h, SEEN)).isOne();
            h.processWatermark(T0 + 40 * MIN);
            assertThat(KeyedHarness.keysWithState(h, SEEN, IDS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aUserSpillsPastTheBoundStillKnowsTheIdsItSawInlineAndItsCleanupClearsBothStates(Backend backend)
            throws Exception {
        int bound = SeenEventIds.INLINE_IDS;
        OperatorSubtaskState snapshot;
        try (var h = harness(backend, null)) {
            assertThat(unique(h, ids("e", 0, bound, T0))).isEqualTo(bound);
            assertThat(header(h, 1).inline).as("at the bound, still inline").hasSize(2 * bound);
            assertThat(KeyedHarness.keysWithState(h, IDS)).isZero();

            assertThat(unique(h, click("e" + bound, 1, T0 + bound))).isOne();
            assertThat(header(h, 1).inline).as("spilled").isNull();
            assertThat(header(h, 1).entries).isEqualTo(bound + 1);
            assertThat(mapped(h, 1)).isEqualTo(bound + 1);
            assertThat(unique(h, ids("e", 0, bound + 1, T0 + MIN))).as("every id seen inline is still known")
                    .isZero();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(backend, snapshot)) {
            assertThat(unique(h, click("e0", 1, T0 + 2 * MIN), click("f", 1, T0 + 2 * MIN))).isOne();
            // The retention later, every id has expired but the user stays in the map.
            assertThat(unique(h, click("g", 1, T0 + 15 * MIN), click("e1", 1, T0 + 15 * MIN))).isEqualTo(2);
            assertThat(header(h, 1).inline).isNull();
            assertThat(KeyedHarness.keysWithState(h, SEEN)).isOne();
            assertThat(KeyedHarness.keysWithState(h, IDS)).isOne();

            h.processWatermark(T0 + 40 * MIN);
            assertThat(KeyedHarness.keysWithState(h, SEEN, IDS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // Cleared, the user starts over inline.
            assertThat(unique(h, click("e0", 1, T0 + 41 * MIN))).isOne();
            assertThat(header(h, 1).inline).hasSize(2);
            assertThat(KeyedHarness.keysWithState(h, IDS)).isZero();
        }
    }

    /** A savepoint of ADR 80 as it landed (every id in the map) restores; its users stay in the map. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSnapshotOfTheLayoutBeforeInlineIdsRestores(Backend backend) throws Exception {
        try (var h = harness(backend, Adr80Snapshots.read("dedup", backend))) {
            assertThat(header(h, 1).inline).as("restored as spilled").isNull();
            assertThat(mapped(h, 1)).isEqualTo(3);
            assertThat(mapped(h, 2)).isEqualTo(40);
            assertThat(unique(h, click("a", 1, T0 + MIN), click("u7", 2, T0 + MIN), click("d", 1, T0 + MIN),
                    click("a", 3, T0 + MIN))).isEqualTo(2);
            assertThat(mapped(h, 1)).isEqualTo(4);
            assertThat(header(h, 3).inline).as("a new user is inline").hasSize(2);
            assertThat(KeyedHarness.mapEntries(h, DeduplicateEvents.idsState(RETENTION.toMillis()), 3L)).isEmpty();

            h.processWatermark(T0 + 40 * MIN);
            assertThat(KeyedHarness.keysWithState(h, SEEN, IDS)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** The restore above relies on Flink evolving a POJO's serializer; a class it took for a generic type would not. */
    @Test
    void theHeaderIsAFlinkPojo() {
        assertThat(TypeInformation.of(SeenEvents.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
