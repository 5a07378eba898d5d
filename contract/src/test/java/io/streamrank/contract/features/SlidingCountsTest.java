package io.streamrank.contract.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingCountsTest {

    private static final long MIN = 60_000L;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % (60 * MIN);

    private static SlidingCounts hourOfMinutes() {
        return new SlidingCounts(Duration.ofMinutes(1), Duration.ofHours(1), 2);
    }

    @Test
    void aBucketCountsUntilTheWindowHasFullyPassedIt() {
        SlidingCounts c = hourOfMinutes();
        c.add(T0 + 30_000, 0, T0 + 30_000);
        c.add(T0 + 59 * MIN, 1, T0 + 59 * MIN);
        assertThat(c.sums(T0 + 59 * MIN)).containsExactly(1, 1);
        assertThat(c.expiryOf(T0 + 30_000)).isEqualTo(T0 + 60 * MIN);
        assertThat(c.sum(0, T0 + 60 * MIN - 1)).isEqualTo(1);
        assertThat(c.sum(0, T0 + 60 * MIN)).isZero();
        assertThat(c.sumSince(1, T0 + 59 * MIN, 10 * MIN)).isEqualTo(1);
        assertThat(c.sumSince(0, T0 + 59 * MIN, 10 * MIN)).isZero();

        assertThat(c.evict(T0 + 60 * MIN)).isTrue();
        assertThat(c.starts).containsExactly(T0 + 59 * MIN);
        assertThat(c.evict(T0 + 60 * MIN)).isFalse();
    }

    @Test
    void anEventWhoseBucketAlreadyLeftTheWindowIsNotCounted() {
        SlidingCounts c = hourOfMinutes();
        assertThat(c.add(T0, 0, T0 + 60 * MIN)).isFalse();
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.add(T0 + MIN, 0, T0 + 60 * MIN)).isTrue();
    }

    @Test
    void eventsInFutureBucketsDoNotCountBeforeTheirTime() {
        SlidingCounts c = hourOfMinutes();
        c.add(T0 + 5 * MIN, 0, T0 + 5 * MIN);
        assertThat(c.sum(0, T0 + 4 * MIN)).isZero();
        assertThat(c.sum(0, T0 + 5 * MIN)).isEqualTo(1);
    }

    @Test
    void theOrderOfAddsAndEvictionsDoesNotChangeTheResult() {
        Random random = new Random(42);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            times.add(T0 + (long) (random.nextDouble() * 3 * 60 * MIN));
        }
        long end = T0 + 3 * 60 * MIN;
        SlidingCounts inOrder = replay(times.stream().sorted().toList(), end);
        Collections.shuffle(times, random);
        SlidingCounts shuffled = replay(times, end);
        assertThat(shuffled.starts).containsExactly(inOrder.starts);
        assertThat(shuffled.counts).containsExactly(inOrder.counts);
        assertThat(shuffled.sums(end)).containsExactly(inOrder.sums(end));
        assertThat(inOrder.sum(0, end)).isPositive();
    }

    private static SlidingCounts replay(List<Long> times, long end) {
        SlidingCounts c = hourOfMinutes();
        long clock = Long.MIN_VALUE;
        for (long t : times) {
            clock = Math.max(clock, t);
            c.add(t, (int) (t % 2), clock);
            c.evict(clock);
        }
        c.evict(end);
        return c;
    }
}
