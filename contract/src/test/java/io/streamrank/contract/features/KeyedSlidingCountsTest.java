package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedSlidingCountsTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_040_000L;

    @Test
    void countsPerKeySlideOutBucketByBucket() {
        KeyedSlidingCounts c = new KeyedSlidingCounts(Duration.ofMinutes(1), Duration.ofHours(1));
        c.add(T0, 7L, T0);
        c.add(T0 + 1_000, 7L, T0 + 1_000);
        c.add(T0 + 500, 3L, T0 + 1_000);
        c.add(T0 + 30 * MIN, 3L, T0 + 30 * MIN);
        assertThat(c.counts(T0 + 30 * MIN)).isEqualTo(Map.of(7L, 2, 3L, 2));
        assertThat(c.starts).isSorted();

        assertThat(c.evict(T0 + 60 * MIN)).isTrue();
        assertThat(c.counts(T0 + 60 * MIN)).isEqualTo(Map.of(3L, 1));
        assertThat(c.add(T0, 9L, T0 + 60 * MIN)).as("already outside the window").isFalse();
        c.evict(T0 + 90 * MIN);
        assertThat(c.isEmpty()).isTrue();
    }

    @Test
    void stateIsCappedDroppingTheOldestEntries() {
        KeyedSlidingCounts c = new KeyedSlidingCounts(Duration.ofMinutes(1), Duration.ofHours(1));
        for (int k = 0; k < KeyedSlidingCounts.MAX_ENTRIES + 10; k++) {
            c.add(T0 + k, k, T0 + k);
        }
        assertThat(c.starts).hasSize(KeyedSlidingCounts.MAX_ENTRIES);
        assertThat(c.counts(T0 + MIN)).doesNotContainKey(0L).containsKey(KeyedSlidingCounts.MAX_ENTRIES + 9L);
    }
}
