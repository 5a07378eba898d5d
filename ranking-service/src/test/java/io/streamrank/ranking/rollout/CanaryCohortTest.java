package io.streamrank.ranking.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CanaryCohortTest {

    @Test
    void bucketsSpreadConsecutiveUserIdsEvenly() {
        int[] perDecile = new int[10];
        LongStream.rangeClosed(1, 100_000).forEach(u -> perDecile[CanaryCohort.bucket(u, "v1") / 1_000]++);
        for (int count : perDecile) {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }

    @Test
    void eachCanaryVersionMeetsADifferentCohortOfTheSameSize() {
        // 5 % cohorts of two versions: if they were the same users the overlap would be 5 %; independent ones share
        // about 5 % of 5 %.
        long a = LongStream.rangeClosed(1, 100_000).filter(u -> CanaryCohort.bucket(u, "v20261201") < 500).count();
        long b = LongStream.rangeClosed(1, 100_000).filter(u -> CanaryCohort.bucket(u, "v20261202") < 500).count();
        long both = LongStream.rangeClosed(1, 100_000)
                .filter(u -> CanaryCohort.bucket(u, "v20261201") < 500 && CanaryCohort.bucket(u, "v20261202") < 500)
                .count();
        assertThat(a).isBetween(4_500L, 5_500L);
        assertThat(b).isBetween(4_500L, 5_500L);
        assertThat(both).isBetween(100L, 400L);
    }

    @Test
    void aUsersBucketDoesNotChangeBetweenCalls() {
        assertThat(CanaryCohort.bucket(136_519L, "v1")).isEqualTo(CanaryCohort.bucket(136_519L, "v1"))
                .isBetween(0, CanaryCohort.BUCKETS - 1);
        assertThat(CanaryCohort.bucket(-5L, "v1")).isBetween(0, CanaryCohort.BUCKETS - 1);
    }
}
