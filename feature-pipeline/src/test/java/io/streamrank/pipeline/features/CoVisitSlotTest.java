package io.streamrank.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CoVisitSlotTest {

    private static final long HOUR = CoVisitBuckets.BUCKET_MS;
    private static final long T0 = 1_764_547_200_000L;

    /** A slot holding neighbours 7 (hours 0 and 3), 8 (hour 1) and 9 (hour 3, twice), added in that order. */
    private static long[] slot() {
        long[] slot = CoVisitSlot.EMPTY;
        for (long[] visit : new long[][] {{7, T0}, {7, T0 + 3 * HOUR}, {8, T0 + HOUR}, {9, T0 + 3 * HOUR},
                {9, T0 + 3 * HOUR + 1}}) {
            int at = CoVisitSlot.find(slot, visit[0]);
            slot = CoVisitSlot.with(slot, at, visit[0],
                    CoVisitBuckets.add(at < 0 ? null : CoVisitSlot.buckets(slot, at), visit[1]));
        }
        return slot;
    }

    private static long count(long[] slot, long neighbour, long asOf) {
        int at = CoVisitSlot.find(slot, neighbour);
        return at < 0 ? -1 : CoVisitBuckets.count(CoVisitSlot.buckets(slot, at), asOf);
    }

    @Test
    void neighboursKeepTheirOwnBucketsSideBySide() {
        long[] slot = slot();
        assertThat(CoVisitSlot.size(slot)).isEqualTo(3);
        assertThat(count(slot, 7, T0 + 3 * HOUR)).isEqualTo(2);
        assertThat(count(slot, 8, T0 + 3 * HOUR)).isEqualTo(1);
        assertThat(count(slot, 9, T0 + 3 * HOUR)).isEqualTo(2);
        assertThat(CoVisitSlot.buckets(slot, CoVisitSlot.find(slot, 9))).hasSize(1);
        assertThat(CoVisitSlot.find(slot, 10)).isEqualTo(-1);
    }

    @Test
    void evictingDropsOldBucketsAndNeighboursLeftWithoutAnyAndReturnsTheSameArrayIfNothingLeft() {
        long[] slot = slot();
        assertThat(CoVisitSlot.evict(slot, T0 + 23 * HOUR)).isSameAs(slot);

        // At +24 h hour 0 leaves (7 keeps hour 3), at +25 h hour 1 (8 goes), at +27 h everything.
        long[] at24 = CoVisitSlot.evict(slot, T0 + 24 * HOUR);
        assertThat(count(at24, 7, T0 + 24 * HOUR)).isEqualTo(1);
        long[] at25 = CoVisitSlot.evict(at24, T0 + 25 * HOUR);
        assertThat(CoVisitSlot.find(at25, 8)).isEqualTo(-1);
        assertThat(CoVisitSlot.size(at25)).isEqualTo(2);
        assertThat(CoVisitSlot.evict(at25, T0 + 27 * HOUR)).isEmpty();
        assertThat(slot).as("never changed in place").isEqualTo(slot());
    }

    @Test
    void withoutDropsTheNamedNeighboursWhereverTheyAre() {
        long[] slot = slot();
        assertThat(CoVisitSlot.without(slot, Set.of(7L, 9L))).isEqualTo(
                CoVisitSlot.with(CoVisitSlot.EMPTY, -1, 8, CoVisitBuckets.add(null, T0 + HOUR)));
        assertThat(CoVisitSlot.without(slot, Set.of(8L))).hasSize(slot.length - 3);
        assertThat(CoVisitSlot.without(slot, Set.of(7L, 8L, 9L))).isEmpty();
    }
}
