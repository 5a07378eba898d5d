package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.junit.jupiter.api.Test;

class UserFeatureStateTest {

    private static final long MIN = 60_000L;

    private static ClickEvent ev(long item, long cat, EventType type, long ts) {
        return new ClickEvent("e" + item + "-" + ts, 1L, item, cat, type, ts);
    }

    @Test
    void categoryCountsSlideOverFiveMinutes() {
        UserFeatureState s = new UserFeatureState();
        s.add(ev(1, 7, EventType.CLICK, 0));
        s.add(ev(2, 7, EventType.CLICK, 2 * MIN));
        s.add(ev(3, 8, EventType.CART, 4 * MIN));
        assertThat(s.snapshot(0L).categoryCounts5m()).containsEntry(7L, 2).containsEntry(8L, 1);

        s.add(ev(4, 8, EventType.CLICK, 5 * MIN + 1));
        UserFeatures f = s.snapshot(0L);
        assertThat(f.categoryCount5m(7L)).as("the event at t=0 left the window").isEqualTo(1);
        assertThat(f.categoryCount5m(8L)).isEqualTo(2);
        assertThat(s.windowTimestamps).hasSize(3);
    }

    @Test
    void impressionsAreNotInteractions() {
        UserFeatureState s = new UserFeatureState();
        s.add(ev(1, 7, EventType.IMPRESSION, 1_000));
        UserFeatures f = s.snapshot(0L);
        assertThat(f.recent()).isEmpty();
        assertThat(f.categoryCounts5m()).isEmpty();
        assertThat(f.lastEventAt()).isEqualTo(1_000L);
    }

    @Test
    void recentItemsAreNewestFirstCappedAndOrderedByEventTime() {
        UserFeatureState s = new UserFeatureState();
        for (int i = 1; i <= FeatureNames.RECENT_ITEMS_MAX + 5; i++) {
            s.add(ev(i, 1, EventType.CLICK, i * 1_000L));
        }
        s.add(ev(999, 1, EventType.CLICK, 52_500L)); // late, lands between items 53 and 52
        UserFeatures f = s.snapshot(0L);
        assertThat(f.recent()).hasSize(FeatureNames.RECENT_ITEMS_MAX);
        assertThat(f.recent().get(0).itemId()).isEqualTo(55L);
        assertThat(f.recent().get(3).itemId()).isEqualTo(999L);
    }

    @Test
    void snapshotAtAnEarlierTimeSeesOnlyEarlierWindowEntries() {
        UserFeatureState s = new UserFeatureState();
        s.add(ev(1, 7, EventType.CLICK, 1 * MIN));
        s.add(ev(2, 7, EventType.CLICK, 3 * MIN));
        assertThat(s.snapshot(2 * MIN, 0L).categoryCount5m(7L)).isEqualTo(1);
        assertThat(s.nextWindowExpiry()).isEqualTo(6 * MIN);
        assertThat(s.evictWindow(9 * MIN)).isTrue();
        assertThat(s.nextWindowExpiry()).isEqualTo(-1L);
    }
}
