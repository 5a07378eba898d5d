package io.streamrank.registry.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatureState;
import io.streamrank.contract.features.UserFeatureState;
import io.streamrank.contract.model.FeatureVectorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PairBuilderTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int NEGATIVES = 4;

    // User 1 browses category 100; users 2 and 3 click item 11 just before and just after user 1 does.
    private final ClickEvent first = click("e1", 1, 10, 0);
    private final ClickEvent otherUserBefore = click("eA", 2, 11, 30);
    private final ClickEvent second = click("e2", 1, 11, 60);
    private final ClickEvent otherUserAfter = click("eB", 3, 11, 90);
    private final ClickEvent third = click("e3", 1, 12, 120);
    private final List<ClickEvent> events = List.of(first, otherUserBefore, second, otherUserAfter, third);

    @Test
    void positiveRowOfAnEventSeesOnlyEarlierEvents() {
        TrainingPairs pairs = PairBuilder.build(events, NEGATIVES, 7L, 0);

        long t = second.timestamp();
        UserFeatureState userBefore = new UserFeatureState();
        userBefore.add(first);
        ItemFeatureState itemBefore = new ItemFeatureState();
        itemBefore.add(otherUserBefore);
        float[] expected = FeatureVectorizer.row(userBefore.snapshot(t, t), itemBefore.snapshot(t, t), 11, 100, t);

        List<Integer> pairsOfSecond = pairsAt(pairs, t);
        assertThat(pairsOfSecond).hasSize(NEGATIVES);
        for (int p : pairsOfSecond) {
            float[] row = pairs.positiveRow(p);
            assertThat(row).containsExactly(expected);
            // Spelled out: one earlier interaction (not two), one earlier click on the item (not two or three).
            assertThat(row[4]).isEqualTo((float) Math.log1p(1));
            assertThat(row[0]).isEqualTo((float) Math.log1p(1));
            assertThat(row[3]).isEqualTo((float) Math.log1p(1));
        }
    }

    @Test
    void negativeRowsShareTheUserSnapshotOfTheEvent() {
        TrainingPairs pairs = PairBuilder.build(events, NEGATIVES, 7L, 0);

        // Before e2 the only other item ever seen is 10 (clicked by user 1 at e1).
        long t = second.timestamp();
        UserFeatureState userBefore = new UserFeatureState();
        userBefore.add(first);
        ItemFeatureState item10 = new ItemFeatureState();
        item10.add(first);
        float[] expected = FeatureVectorizer.row(userBefore.snapshot(t, t), item10.snapshot(t, t), 10, 100, t);

        for (int p : pairsAt(pairs, t)) {
            assertThat(pairs.negativeRow(p)).containsExactly(expected);
        }
    }

    @Test
    void onlyInteractionsWithItemsSeenBeforeBecomePositives() {
        assertThat(PairBuilder.build(List.of(first), NEGATIVES, 7L, 0).size()).isZero();
        // e1, eA and e3 are each the first sight of their item: serving could not have retrieved it with features.
        TrainingPairs pairs = PairBuilder.build(events, NEGATIVES, 7L, 0);
        assertThat(pairs.size()).isEqualTo(2 * NEGATIVES);
        assertThat(IntStream.range(0, pairs.size()).mapToLong(pairs::timestamp).distinct())
                .containsExactly(second.timestamp(), otherUserAfter.timestamp());
        for (int p = 0; p < pairs.size(); p++) {
            assertThat(pairs.positiveRow(p)[7]).as("positive item has features").isEqualTo(1f);
        }
    }

    @Test
    void eventsOfTheSameInstantDoNotSeeEachOther() {
        // A click and a cart on item 11 in the same second: the cart's row must not know about the click.
        ClickEvent click = click("s1", 1, 11, 60);
        ClickEvent cart = new ClickEvent("s2", 1, 11, 100, EventType.CART, click.timestamp());
        TrainingPairs pairs = PairBuilder.build(List.of(first, otherUserBefore, click, cart), NEGATIVES, 7L, 0);

        assertThat(pairs.size()).isPositive();
        for (int p = 0; p < pairs.size(); p++) {
            assertThat(pairs.timestamp(p)).isEqualTo(click.timestamp());
            assertThat(pairs.positiveRow(p)[2]).as("item in the user's recent items").isZero();
            assertThat(pairs.positiveRow(p)[4]).as("recent size").isEqualTo((float) Math.log1p(1));
        }
    }

    @Test
    void idsAndContextOfEachPairAreTheEventsUserItemAndEarlierInteractions() {
        TrainingPairs pairs = PairBuilder.build(events, NEGATIVES, 7L, 0);

        for (int p : pairsAt(pairs, second.timestamp())) {
            assertThat(pairs.positives().userId(p)).isEqualTo(1L);
            assertThat(pairs.positives().itemId(p)).isEqualTo(11L);
            assertThat(pairs.negatives().userId(p)).isEqualTo(1L);
            assertThat(java.util.Arrays.copyOf(pairs.positives().recentItemIds(p), 2)).containsExactly(10L, 0L);
            assertThat(pairs.negatives().recentItemIds(p)).isEqualTo(pairs.positives().recentItemIds(p));
        }
    }

    @Test
    void impressionsAreNotLabelled() {
        ClickEvent impression = new ClickEvent("i", 1, 11, 100, EventType.IMPRESSION, T0 + 10_000);

        assertThat(PairBuilder.build(List.of(first, impression), NEGATIVES, 7L, 0).size()).isZero();
    }

    @Test
    void sameSeedGivesTheSamePairs() {
        List<ClickEvent> many = browsing(50);
        TrainingPairs a = PairBuilder.build(many, NEGATIVES, 3L, 0);
        TrainingPairs b = PairBuilder.build(many, NEGATIVES, 3L, 0);

        assertThat(a.size()).isEqualTo(b.size());
        for (int p = 0; p < a.size(); p++) {
            assertThat(a.negativeRow(p)).containsExactly(b.negativeRow(p));
        }
    }

    @Test
    void maxPairsKeepsTheNewestPairs() {
        TrainingPairs pairs = PairBuilder.build(events, NEGATIVES, 7L, NEGATIVES);

        assertThat(pairs.size()).isEqualTo(NEGATIVES);
        IntStream.range(0, pairs.size())
                .forEach(p -> assertThat(pairs.timestamp(p)).isEqualTo(otherUserAfter.timestamp()));
    }

    @Test
    void validationIsTheLatestTenthAndNoEventStraddlesTheSplit() {
        TrainingPairs pairs = PairBuilder.build(browsing(200), NEGATIVES, 3L, 0);

        int split = pairs.validationStart();
        assertThat(split).isBetween((int) (pairs.size() * 0.9), pairs.size() - 1);
        assertThat(pairs.timestamp(split - 1)).isLessThan(pairs.timestamp(split));
    }

    private static List<Integer> pairsAt(TrainingPairs pairs, long t) {
        return IntStream.range(0, pairs.size()).filter(p -> pairs.timestamp(p) == t).boxed().toList();
    }

    /** One user clicking through items of two categories, a minute apart. */
    private static List<ClickEvent> browsing(int n) {
        List<ClickEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ClickEvent("b" + i, 1, 1 + i % 17, 100 + i % 2, EventType.CLICK, T0 + i * 60_000L));
        }
        return out;
    }

    private static ClickEvent click(String id, long user, long item, int seconds) {
        return new ClickEvent(id, user, item, 100, EventType.CLICK, T0 + seconds * 1000L);
    }
}
