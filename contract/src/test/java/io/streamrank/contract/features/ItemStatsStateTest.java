package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import org.junit.jupiter.api.Test;

class ItemStatsStateTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_040_000L;

    private static ClickEvent ev(EventType type, long cat, long ts) {
        return new ClickEvent("e" + ts, 1L, 42L, cat, type, ts);
    }

    @Test
    void countsRatesAndTrendingFollowTheWindows() {
        ItemStatsState s = new ItemStatsState();
        for (int i = 0; i < 40; i++) {
            s.add(ev(EventType.IMPRESSION, 3, T0 + i * 1_000), T0 + i * 1_000);
        }
        for (int i = 0; i < 6; i++) {
            s.add(ev(EventType.CLICK, 3, T0 + 50 * MIN + i), T0 + 50 * MIN + i);
        }
        s.add(ev(EventType.BUY, 3, T0 + 55 * MIN), T0 + 55 * MIN);

        ItemStats st = s.snapshot(T0 + 55 * MIN, 7L);
        assertThat(st.categoryId()).isEqualTo(3L);
        assertThat(st.last1h()).isEqualTo(new BehaviourCounts(40, 6, 0, 0, 1));
        assertThat(st.last24h()).isEqualTo(st.last1h());
        assertThat(st.ctr()).isCloseTo((6 + 20 * 0.05) / (40 + 20), within(1e-12));
        assertThat(st.cvr()).isCloseTo((1 + 50 * 0.02) / (6 + 50), within(1e-12));
        // All 7 interactions fall in the last 10 minutes of the hour: well above the hour's pace.
        assertThat(st.trending()).isCloseTo((7 - 7 / 6d) / Math.sqrt(7 / 6d + 1), within(1e-12));

        ItemStats later = s.snapshot(T0 + 2 * 60 * MIN, 8L);
        assertThat(later.last1h()).isEqualTo(BehaviourCounts.ZERO);
        assertThat(later.last24h().clicks()).isEqualTo(6);
        assertThat(later.trending()).isZero();
    }

    @Test
    void anUnknownItemHasThePriorRatesAndTheNewestEventNamesTheCategory() {
        assertThat(ItemStats.MISSING.ctr()).isEqualTo(ItemStatsState.CTR_PRIOR);
        assertThat(ItemStatsState.ctr(BehaviourCounts.ZERO)).isEqualTo(ItemStatsState.CTR_PRIOR);
        assertThat(ItemStatsState.cvr(BehaviourCounts.ZERO)).isEqualTo(ItemStatsState.CVR_PRIOR);
        assertThat(ItemStatsState.ctr(new BehaviourCounts(0, 30, 0, 0, 0))).as("clicks without impressions")
                .isLessThanOrEqualTo(1d);

        ItemStatsState s = new ItemStatsState();
        s.add(ev(EventType.CLICK, 9, T0 + 5), T0 + 5);
        s.add(ev(EventType.CLICK, 4, T0 + 1), T0 + 5);
        assertThat(s.snapshot(T0 + 5, 0).categoryId()).isEqualTo(9L);
    }
}
