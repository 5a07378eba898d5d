package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserActivityStateTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static ClickEvent ev(EventType type, long cat, long ts) {
        return new ClickEvent("e" + ts, 1L, 100L + ts % 7, cat, type, ts);
    }

    @Test
    void behavioursAreCountedOverFiveMinutesAnHourAndADay() {
        UserActivityState s = new UserActivityState();
        s.add(ev(EventType.CLICK, 5, T0), T0);
        s.add(ev(EventType.IMPRESSION, 5, T0 + 1_000), T0 + 1_000);
        s.add(ev(EventType.CART, 6, T0 + 10 * MIN), T0 + 10 * MIN);
        s.add(ev(EventType.BUY, 6, T0 + 2 * 60 * MIN), T0 + 2 * 60 * MIN);

        UserActivity a = s.snapshot(T0 + 2 * 60 * MIN, 42L);
        assertThat(a.last5m()).isEqualTo(new BehaviourCounts(0, 0, 0, 0, 1));
        assertThat(a.last1h()).isEqualTo(new BehaviourCounts(0, 0, 0, 0, 1));
        assertThat(a.last24h()).isEqualTo(new BehaviourCounts(1, 1, 1, 0, 1));
        assertThat(a.categoryCounts1h()).as("impressions are not interactions").isEqualTo(Map.of(6L, 1));
        assertThat(a.lastEventAt()).isEqualTo(T0 + 2 * 60 * MIN);
        assertThat(a.updatedAt()).isEqualTo(42L);
        assertThat(a.ageMs(50L)).isEqualTo(8L);

        UserActivity earlier = s.snapshot(T0 + 10 * MIN, 0L);
        assertThat(earlier.last5m().carts()).isEqualTo(1);
        assertThat(earlier.categoryCounts1h()).isEqualTo(Map.of(5L, 1, 6L, 1));
    }

    @Test
    void expiriesNameWhenEachWindowDropsTheEventAndEvictionEmptiesTheState() {
        UserActivityState s = new UserActivityState();
        ClickEvent e = ev(EventType.CLICK, 5, T0 + 12_345);
        s.add(e, e.timestamp());
        List<Long> expiries = new ArrayList<>();
        s.expiriesOf(e, expiries::add);
        long tenSeconds = T0 + 12_345 - (T0 + 12_345) % 10_000;
        assertThat(expiries).containsExactly(tenSeconds + 5 * MIN, (T0 + 12_345) / MIN * MIN + 60 * MIN,
                (T0 + 12_345) / (60 * MIN) * (60 * MIN) + 24 * 60 * MIN);

        assertThat(s.snapshot(expiries.get(0) - 1, 0).last5m().clicks()).isEqualTo(1);
        assertThat(s.snapshot(expiries.get(0), 0).last5m().clicks()).isZero();
        assertThat(s.evict(expiries.get(2))).isTrue();
        assertThat(s.isEmpty()).isTrue();
    }
}
