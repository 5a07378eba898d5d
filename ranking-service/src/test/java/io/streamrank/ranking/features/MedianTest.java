package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void selectsWhatSortingWouldPutInTheMiddle() {
        Random random = new Random(11);
        for (int trial = 0; trial < 5_000; trial++) {
            int n = 1 + random.nextInt(80);
            long[] values = new long[n + 3];
            for (int i = 0; i < values.length; i++) {
                // Few distinct values: duplicates around the pivot are the classic quickselect bug.
                values[i] = random.nextInt(trial % 2 == 0 ? 5 : 1_000_000);
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            assertThat(Median.upper(values, n)).as("trial %d", trial).isEqualTo(sorted[n / 2]);
        }
    }
}
