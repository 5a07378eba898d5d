package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.junit.jupiter.api.Test;

class ItemFeatureStateTest {

    private static final long MIN = 60_000L;

    private static ClickEvent ev(EventType type, long ts) {
        return new ClickEvent("e" + ts, 1L, 42L, 9L, type, ts);
    }

    @Test
    void clicksSlideOverOneHourInMinuteBuckets() {
        ItemFeatureState s = new ItemFeatureState();
        s.add(ev(EventType.CLICK, 0));
        s.add(ev(EventType.CLICK, 30 * MIN));
        s.add(ev(EventType.CART, 31 * MIN));
        assertThat(s.snapshot(0L).clicks1h()).isEqualTo(2);
        assertThat(s.categoryId).isEqualTo(9L);

        s.add(ev(EventType.CLICK, 60 * MIN + 5));
        assertThat(s.snapshot(0L).clicks1h()).as("the bucket at minute 0 left the window").isEqualTo(2);
        assertThat(s.bucketStarts).containsExactly(30 * MIN, 60 * MIN);
    }

    @Test
    void theNewestEventNamesTheCategoryWhateverTheArrivalOrder() {
        ItemFeatureState inOrder = new ItemFeatureState();
        inOrder.add(new ClickEvent("a", 1L, 42L, 7L, EventType.CLICK, 5 * MIN));
        inOrder.add(new ClickEvent("b", 1L, 42L, 8L, EventType.CLICK, 6 * MIN));
        ItemFeatureState late = new ItemFeatureState();
        late.add(new ClickEvent("b", 1L, 42L, 8L, EventType.CLICK, 6 * MIN));
        late.add(new ClickEvent("a", 1L, 42L, 7L, EventType.CLICK, 5 * MIN));

        assertThat(inOrder.categoryId).isEqualTo(8L);
        assertThat(late.categoryId).as("an older event arriving late does not move it").isEqualTo(8L);
    }

    @Test
    void outOfOrderClicksLandInTheirBucket() {
        ItemFeatureState s = new ItemFeatureState();
        s.add(ev(EventType.CLICK, 10 * MIN));
        s.add(ev(EventType.CLICK, 5 * MIN));
        s.add(ev(EventType.CLICK, 5 * MIN + 10));
        assertThat(s.bucketStarts).containsExactly(5 * MIN, 10 * MIN);
        assertThat(s.bucketClicks).containsExactly(2, 1);
        assertThat(s.clicks1h(7 * MIN)).isEqualTo(2);
    }

    @Test
    void expiryEmptiesTheState() {
        ItemFeatureState s = new ItemFeatureState();
        s.add(ev(EventType.CLICK, 0));
        assertThat(s.nextExpiry()).isEqualTo(60 * MIN);
        s.evict(60 * MIN);
        assertThat(s.hasClicks()).isFalse();
        assertThat(s.nextExpiry()).isEqualTo(-1L);
    }
}
