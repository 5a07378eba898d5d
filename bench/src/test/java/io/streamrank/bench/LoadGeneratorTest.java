package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static long[] slow(long dueMillis, long latencyMillis) {
        return new long[] {TimeUnit.MILLISECONDS.toNanos(dueMillis), TimeUnit.MILLISECONDS.toMicros(latencyMillis)};
    }

    @Test
    void slowRequestsDueCloseTogetherAreOneStall() {
        // Recorded per connection, so out of order; 1,000 ms apart from the first stall is another stall.
        List<long[]> slow = new ArrayList<>(List.of(slow(1_100, 60), slow(1_000, 120), slow(1_200, 55),
                slow(2_200, 80)));

        List<LoadGenerator.Stall> stalls = LoadGenerator.stalls(slow);

        assertThat(stalls).hasSize(2);
        assertThat(stalls.get(0).requests()).isEqualTo(3);
        assertThat(stalls.get(0).maxMicros()).isEqualTo(120_000);
        assertThat(stalls.get(1).requests()).isEqualTo(1);
        assertThat(stalls.get(1).maxMicros()).isEqualTo(80_000);
        // Wall-clock starts keep the distance between the due times.
        assertThat(stalls.get(1).startMillis() - stalls.get(0).startMillis()).isBetween(1_199L, 1_201L);
    }

    @Test
    void noSlowRequestsNoStalls() {
        assertThat(LoadGenerator.stalls(new ArrayList<>())).isEmpty();
    }
}
