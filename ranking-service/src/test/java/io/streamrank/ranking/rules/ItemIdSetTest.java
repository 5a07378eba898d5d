package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemIdSetTest {

    @Test
    void answersAsAHashSetOfTheSameIdsDoes() {
        Random random = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            int n = random.nextInt(40);
            long[] ids = new long[n];
            Set<Long> expected = new HashSet<>();
            for (int i = 0; i < n; i++) {
                // Few distinct values, negatives included, so duplicates and sign are both exercised.
                ids[i] = random.nextInt(60) - 20;
                expected.add(ids[i]);
            }
            ItemIdSet set = ItemIdSet.of(ids);
            assertThat(set.size()).as("trial %d", trial).isEqualTo(expected.size());
            assertThat(set.isEmpty()).isEqualTo(expected.isEmpty());
            for (long probe = -25; probe < 45; probe++) {
                assertThat(set.contains(probe)).as("trial %d, id %d", trial, probe).isEqualTo(expected.contains(probe));
            }
        }
    }

    @Test
    void takingTheFirstIdsLeavesTheRestOut() {
        long[] ids = {9, 3, 9, 7, 100, 200};
        ItemIdSet set = ItemIdSet.fromFirst(ids, 4);
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.contains(3)).isTrue();
        assertThat(set.contains(7)).isTrue();
        assertThat(set.contains(9)).isTrue();
        assertThat(set.contains(100)).isFalse();
    }

    @Test
    void givenIdsAreNotReordered() {
        long[] ids = {5, 1, 3};
        ItemIdSet.of(ids);
        assertThat(ids).containsExactly(5, 1, 3);
    }
}
