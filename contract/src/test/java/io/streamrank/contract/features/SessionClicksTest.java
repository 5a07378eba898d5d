package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionClicksTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static List<Long> add(SessionClicks s, long item, EventType type, long ts) {
        List<Long> out = new ArrayList<>();
        s.add(new ClickEvent("e" + ts, 1L, item, 3L, type, ts), (nb, at) -> out.add(nb));
        return out;
    }

    @Test
    void anInteractionPairsWithTheOtherItemsOfTheSessionWithinTheGap() {
        SessionClicks s = new SessionClicks();
        assertThat(add(s, 1, EventType.CLICK, T0)).isEmpty();
        assertThat(add(s, 2, EventType.CLICK, T0 + MIN)).containsExactly(1L);
        assertThat(add(s, 9, EventType.IMPRESSION, T0 + 2 * MIN)).as("impressions do not co-visit").isEmpty();
        assertThat(add(s, 1, EventType.CART, T0 + 3 * MIN)).as("an item never pairs with itself").containsExactly(2L);
        assertThat(s.items).containsExactly(1L, 2L);
        assertThat(add(s, 3, EventType.CLICK, T0 + 32 * MIN)).as("item 2 is more than 30 min back")
                .containsExactly(1L);
        assertThat(s.expiredAt(T0 + 62 * MIN)).isFalse();
        assertThat(s.expiredAt(T0 + 62 * MIN + 1)).isTrue();
    }

    @Test
    void aPairsTimeIsTheLaterInteractionsWhicheverArrivedFirst() {
        ClickEvent first = new ClickEvent("a", 1L, 1L, 3L, EventType.CLICK, T0 - MIN);
        ClickEvent second = new ClickEvent("b", 1L, 2L, 3L, EventType.CLICK, T0 + MIN);
        List<long[]> inOrder = new ArrayList<>();
        SessionClicks a = new SessionClicks();
        a.add(first, (nb, at) -> inOrder.add(new long[] {nb, at}));
        a.add(second, (nb, at) -> inOrder.add(new long[] {nb, at}));
        List<long[]> outOfOrder = new ArrayList<>();
        SessionClicks b = new SessionClicks();
        b.add(second, (nb, at) -> outOfOrder.add(new long[] {nb, at}));
        b.add(first, (nb, at) -> outOfOrder.add(new long[] {nb, at}));

        assertThat(inOrder).singleElement().satisfies(p -> assertThat(p).containsExactly(1L, T0 + MIN));
        assertThat(outOfOrder).singleElement().satisfies(p -> assertThat(p).containsExactly(2L, T0 + MIN));
    }

    @Test
    void onlyTheLastFewItemsAreKept() {
        SessionClicks s = new SessionClicks();
        for (int i = 0; i < 25; i++) {
            add(s, 100 + i, EventType.CLICK, T0 + i);
        }
        assertThat(s.items).hasSize(FeatureNames.COVISIT_SESSION_ITEMS).startsWith(124L);
        assertThat(add(s, 500, EventType.CLICK, T0 + 30)).hasSize(FeatureNames.COVISIT_SESSION_ITEMS);
    }
}
