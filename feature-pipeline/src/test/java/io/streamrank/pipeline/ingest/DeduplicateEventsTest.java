package io.streamrank.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.pipeline.KeyedHarness;
import io.streamrank.pipeline.KeyedHarness.Backend;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeduplicateEventsTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;
    private static final long T1 = 1_700_000_400_000L;

    private static ClickEvent ev(String id, long user, long ts) {
        return new ClickEvent(id, user, 10L, 1L, EventType.CLICK, ts);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ClickEvent> harness(
            Duration retention, Backend backend, OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.open(new DeduplicateEvents(retention), ClickEvent::userId, backend, snapshot);
    }

    /** User 1's remembered ids, inline or from all slots (a user has either): hash → event time. */
    private static Map<Long, Long> ids(KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, ClickEvent> h,
                                       Duration retention) throws Exception {
        Map<Long, Long> ids = new HashMap<>();
        Map<Integer, long[]> slots = KeyedHarness.mapEntries(h, DeduplicateEvents.idsState(retention.toMillis()), 1L);
        SeenEvents s = KeyedHarness.value(h, DeduplicateEvents.seenState(retention.toMillis()), 1L);
        if (s != null && s.inline != null) {
            assertThat(slots).isEmpty();
            slots = Map.of(-1, s.inline);
        }
        slots.forEach((slot, pairs) -> {
            for (int i = 0; i < pairs.length; i += 2) {
                assertThat(slot).isIn(-1, SeenEventIds.slot(pairs[i]));
                ids.put(pairs[i], pairs[i + 1]);
            }
        });
        return ids;
    }

    /** The first id after {@code after} ("x1", "x2", …) whose hash falls into the slot of {@code id}'s. */
    private static String sameSlot(String id, int after) {
        for (int i = after + 1; ; i++) {
            if (SeenEventIds.slot(SeenEvents.hash("x" + i)) == SeenEventIds.slot(SeenEvents.hash(id))) {
                return "x" + i;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRepeatedEventIdOfTheSameUserIsDroppedUntilTheRetentionHasPassed(Backend backend) throws Exception {
        try (var h = harness(Duration.ofMinutes(10), backend, null)) {
            h.processElement(ev("a", 1, T0), T0);
            h.processElement(ev("a", 1, T0), T0);
            h.processElement(ev("b", 1, T0 + 1), T0 + 1);
            h.processElement(ev("a", 2, T0 + 2), T0 + 2);
            h.processElement(ev("b", 1, T0 + 5 * MIN), T0 + 5 * MIN);
            assertThat(h.extractOutputValues()).extracting(e -> e.eventId() + "/" + e.userId())
                    .containsExactly("a/1", "b/1", "a/2");

            // 10 minutes of event time later the user's ids are forgotten: a replay that late counts again, although
            // no timer has dropped the id from the map yet.
            h.processElement(ev("c", 1, T0 + 11 * MIN), T0 + 11 * MIN);
            h.processElement(ev("a", 1, T0 + 11 * MIN), T0 + 11 * MIN);
            assertThat(h.extractOutputValues()).hasSize(5);

            // The header holds both users before the cleanup (a "cleared" check on a misspelt state name would pass
            // whatever the cleanup did), and nothing after it. Their few ids are inline: the map is empty
            // (DeduplicateInlineTest has the cleanup of a user with ids in the map).
            String seen = DeduplicateEvents.seenState(1).getName();
            String ids = DeduplicateEvents.idsState(1).getName();
            assertThat(KeyedHarness.keysWithState(h, seen)).isEqualTo(2);
            assertThat(KeyedHarness.keysWithState(h, ids)).isZero();
            h.processWatermark(T0 + 30 * MIN);
            assertThat(KeyedHarness.keysWithState(h, seen, ids)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSlotLeavesItsExpiredIdsBehindWhenItIsWrittenAgain(Backend backend) throws Exception {
        Duration retention = Duration.ofMinutes(10);
        String second = sameSlot("a", 0);
        String third = sameSlot("a", Integer.parseInt(second.substring(1)));
        try (var h = harness(retention, backend, null)) {
            // Ids in the slot of "a", enough to take the user past the inline bound: its ids are in the map.
            int last = Integer.parseInt(third.substring(1));
            for (int i = 0; i < SeenEventIds.INLINE_IDS; i++) {
                String filler = sameSlot("a", last);
                last = Integer.parseInt(filler.substring(1));
                h.processElement(ev(filler, 1, T0), T0);
            }
            int fillers = h.extractOutputValues().size();
            h.processElement(ev("a", 1, T0), T0);
            h.processElement(ev("b", 1, T0 + MIN), T0 + MIN);
            h.processElement(ev(second, 1, T0 + 5 * MIN), T0 + 5 * MIN);
            assertThat(ids(h, retention)).hasSize(fillers + 3);
            assertThat(KeyedHarness.value(h, DeduplicateEvents.seenState(1), 1L).inline).as("spilled").isNull();

            // Written at +12 min, the slot drops "a" and the fillers (older than +2); "b" (+1), in another slot,
            // waits for its slot.
            h.processElement(ev(third, 1, T0 + 12 * MIN), T0 + 12 * MIN);
            assertThat(ids(h, retention)).containsOnlyKeys(SeenEvents.hash("b"), SeenEvents.hash(second),
                    SeenEvents.hash(third));
            // Expired but not yet dropped, "b" no longer counts as seen.
            h.processElement(ev("b", 1, T0 + 13 * MIN), T0 + 13 * MIN);
            assertThat(h.extractOutputValues().subList(fillers, h.extractOutputValues().size()))
                    .extracting(ClickEvent::eventId).containsExactly("a", "b", second, third, "b");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void beyondTheCapTheOldestIdsAreForgottenInOnePass(Backend backend) throws Exception {
        Duration retention = Duration.ofHours(1);
        try (var h = harness(retention, backend, null)) {
            for (int i = 0; i < SeenEventIds.PRUNE_AT; i++) {
                h.processElement(ev("e" + i, 1, T1 + i), T1 + i);
            }
            assertThat(ids(h, retention)).as("up to the pruning point nothing is forgotten")
                    .hasSize(SeenEventIds.PRUNE_AT);

            h.processElement(ev("e" + SeenEventIds.PRUNE_AT, 1, T1 + SeenEventIds.PRUNE_AT),
                    T1 + SeenEventIds.PRUNE_AT);
            Map<Long, Long> left = ids(h, retention);
            assertThat(left).hasSize(SeenEvents.MAX_ENTRIES);
            assertThat(left.values()).allMatch(t -> t > T1 + SeenEventIds.PRUNE_AT - SeenEvents.MAX_ENTRIES);

            int before = h.extractOutputValues().size();
            h.processElement(ev("e0", 1, T1 + 10_000), T1 + 10_000);
            h.processElement(ev("e" + SeenEventIds.PRUNE_AT, 1, T1 + 10_000), T1 + 10_000);
            assertThat(h.extractOutputValues().subList(before, h.extractOutputValues().size()))
                    .as("the oldest id was forgotten, the newest not").extracting(ClickEvent::eventId)
                    .containsExactly("e0");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRememberedIdsSurviveARestore(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(Duration.ofMinutes(10), backend, null)) {
            h.processElement(ev("a", 1, T0), T0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness(Duration.ofMinutes(10), backend, snapshot)) {
            restored.processElement(ev("a", 1, T0 + MIN), T0 + MIN);
            restored.processElement(ev("b", 1, T0 + MIN), T0 + MIN);
            assertThat(restored.extractOutputValues()).extracting(ClickEvent::eventId).containsExactly("b");
        }
    }

    @Test
    void theHashSeparatesSimilarIds() {
        assertThat(SeenEvents.hash("tb-1")).isNotEqualTo(SeenEvents.hash("tb-2")).isEqualTo(SeenEvents.hash("tb-1"));
    }
}
