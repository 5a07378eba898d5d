package io.streamrank.ranking.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private static final Source[] SOURCES = {Source.SESSION, Source.COVISITATION, Source.ANN, Source.TRENDING,
            Source.NEW_ITEMS, Source.RECENT, Source.POPULAR};

    @Test
    void keepsFirstOfferOrderAndEveryTagAndStopsAddingWhenFullAsAMapWould() {
        Random random = new Random(7);
        for (int capacity : new int[] {0, 1, 2, 37, 500, 1000}) {
            Candidates c = new Candidates(capacity);
            Map<Long, Integer> expected = new LinkedHashMap<>();
            for (int offer = 0; offer < capacity * 3 + 10; offer++) {
                // Few distinct ids, so that duplicates are common; some share low bits, some are negative or zero.
                long id = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(capacity + 5);
                    case 1 -> (long) random.nextInt(50) << 40;
                    default -> -random.nextInt(100);
                };
                Source s = SOURCES[random.nextInt(SOURCES.length)];
                boolean added = expected.containsKey(id) || expected.size() < capacity;
                if (added) {
                    expected.merge(id, s.bit(), (a, b) -> a | b);
                }
                assertThat(c.offer(id, s)).isEqualTo(added);
            }
            assertThat(c.ids()).containsExactly(expected.keySet().stream().mapToLong(Long::longValue).toArray());
            assertThat(c.size()).isEqualTo(expected.size());
            assertThat(c.isFull()).isEqualTo(expected.size() >= capacity);
            expected.forEach((id, mask) -> assertThat(c.sources(id)).as("tags of %d", id).isEqualTo(mask));
            assertThat(c.sources(Long.MAX_VALUE)).isZero();
        }
    }
}
