package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void opensAfterTimeoutsInARowRefusesForItsPeriodThenLetsOneProbeThrough() {
        RoundBreaker b = new RoundBreaker(3, Duration.ofSeconds(1));
        b.timedOut(0);
        b.timedOut(1);
        b.succeeded(); // a round in time resets the count
        b.timedOut(2);
        b.timedOut(3);
        assertThat(b.allows(4)).isTrue();
        b.timedOut(5);

        assertThat(b.isOpen()).isTrue();
        assertThat(b.allows(SECOND / 2)).as("refused while open").isFalse();
        assertThat(b.allows(SECOND + 5)).as("the period's one probe").isTrue();
        assertThat(b.allows(SECOND + 6)).as("only one").isFalse();

        b.timedOut(SECOND + 100); // the probe timed out too: another period
        assertThat(b.allows(SECOND + 200)).isFalse();
        assertThat(b.allows(2 * SECOND + 10)).isTrue();
        b.succeeded();
        assertThat(b.isOpen()).isFalse();
        assertThat(b.allows(2 * SECOND + 11)).isTrue();
    }

    @Test
    void zeroTimeoutsNeverOpens() {
        RoundBreaker off = new RoundBreaker(0, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            off.timedOut(i);
        }
        assertThat(off.allows(100)).isTrue();
    }
}
