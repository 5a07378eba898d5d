package io.streamrank.registry.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import org.junit.jupiter.api.Test;

/** The replay reads what the service would read at each moment, expiry included. */
class FeatureReplayTest {

    private static final long T0 = 1_700_000_040_000L;
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;

    @Test
    void aUserIdleForADayIsReadAsNewAndStartsOverAsTheJobAndRedisDo() {
        FeatureReplay replay = new FeatureReplay();
        replay.apply(new ClickEvent("a", 1L, 10L, 5L, EventType.CLICK, T0));
        replay.apply(new ClickEvent("b", 1L, 11L, 5L, EventType.CLICK, T0 + MIN));

        assertThat(replay.user(1L, T0 + 23 * HOUR).recent()).hasSize(2);
        assertThat(replay.user(1L, T0 + MIN + 24 * HOUR)).as("the service's value is gone")
                .isEqualTo(UserFeatures.EMPTY);

        replay.apply(new ClickEvent("c", 1L, 12L, 6L, EventType.CLICK, T0 + 30 * HOUR));
        assertThat(replay.user(1L, T0 + 30 * HOUR + MIN).recent()).as("only what came after the gap")
                .extracting(r -> r.itemId()).containsExactly(12L);
    }

    @Test
    void aUserReturningAfterTheJobDroppedTheirStateStartsOverThoughTheOldValueIsStillReadable() {
        // T0 is 40 s past an hour: the job drops the state when that hour leaves the 24 h window, 23 h 59 min 20 s
        // later, while Redis still holds the old value for a few more seconds (24 h after the last write).
        FeatureReplay replay = new FeatureReplay();
        replay.apply(new ClickEvent("a", 1L, 10L, 5L, EventType.CLICK, T0));
        long stateEnd = T0 - 40_000L + 24 * HOUR;

        assertThat(replay.user(1L, stateEnd).recent()).as("still in Redis").hasSize(1);
        replay.apply(new ClickEvent("b", 1L, 11L, 5L, EventType.CLICK, stateEnd));
        assertThat(replay.user(1L, stateEnd + 1).recent()).as("the job started the user over")
                .extracting(r -> r.itemId()).containsExactly(11L);
    }

    @Test
    void anItemsValueIsMissingTwoHoursAfterItsLastWriteAnHourAfterItsLastClick() {
        FeatureReplay replay = new FeatureReplay();
        assertThat(replay.seen(10L)).isFalse();
        replay.apply(new ClickEvent("a", 1L, 10L, 5L, EventType.CLICK, T0));

        assertThat(replay.seen(10L)).isTrue();
        assertThat(replay.item(10L, T0 + 30 * MIN).clicks1h()).isEqualTo(1);
        // The click's minute leaves the hour at T0 + 1 h: the job writes 0 clicks then, and that value lives 2 h.
        assertThat(replay.item(10L, T0 + 2 * HOUR).isMissing()).isFalse();
        assertThat(replay.item(10L, T0 + 2 * HOUR).clicks1h()).isZero();
        assertThat(replay.item(10L, T0 + 3 * HOUR + MIN).isMissing()).isTrue();
        assertThat(replay.item(10L, T0 + 3 * HOUR + MIN)).isEqualTo(ItemFeatures.MISSING);
        assertThat(replay.seen(10L)).as("still a trained item").isTrue();
    }
}
